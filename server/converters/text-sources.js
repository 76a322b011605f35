// SPDX-License-Identifier: MIT
/**
 * Plain-text sources prepared before LibreOffice reads them (issue 21 item 2).
 *
 * CsvLoadOptions.encoding and TxtLoadOptions.encoding: the character set the source is written in. The bytes
 * are decoded here, with the WHATWG Encoding Standard's labels and decoders that Node has (utf-8,
 * utf-16le/be, windows-1250…1258, iso-8859-x, koi8-r, shift_jis, euc-jp, gbk, gb18030, big5, euc-kr, …), and
 * handed to LibreOffice as UTF-8, which is what its import filters are told to read (formats.js). The API
 * takes .NET's names (e.g. "Windows-1252", "UTF-8", "shift_jis"); those are WHATWG labels too, matched
 * without regard to case.
 *
 * CsvLoadOptions.convertNumericData, convertDateTimeData and hasFormula: how the cells' text is read (csvImport).
 *
 * TxtLoadOptions.leadingSpacesOptions (Trim: each line's leading spaces removed) and trailingSpacesOptions
 * (Trim: its trailing ones); Preserve, and ConvertToIndent (leading spaces are kept, which Writer lays out as
 * indentation), leave the lines as they are.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConversionError } from './errors.js';

/** The plain-text sources whose encoding the option names. */
export const ENCODED_SOURCES = new Set(['txt', 'csv', 'tsv']);

/**
 * The source's encoding, or undefined when it is not given (UTF-8 then, as today).
 * @param {Record<string, any>} [loadOptions]
 * @returns {string | undefined} the WHATWG name of the encoding
 * @throws {ConversionError} invalid_options for a name no decoder has
 */
export function textEncoding(loadOptions = {}) {
  const label = loadOptions?.encoding;
  if (label === undefined || label === null || label === '') return undefined;
  try {
    return new TextDecoder(String(label).trim()).encoding;
  } catch {
    throw new ConversionError(
      'invalid_options',
      `loadOptions.encoding: "${String(label).slice(0, 40)}" is not a character set this server can read`,
    );
  }
}

/**
 * The source rewritten as UTF-8 in `dir` when it is in another encoding; else the path as given.
 * @param {string} input the source file
 * @param {string} dir the job's folder
 * @param {string} format the source format
 * @param {Record<string, any>} [loadOptions]
 * @returns {Promise<string>}
 */
export async function asUtf8(input, dir, format, loadOptions) {
  const encoding = ENCODED_SOURCES.has(format) ? textEncoding(loadOptions) : undefined;
  const trim = format === 'txt' ? spaceTrimming(loadOptions) : null;
  if ((!encoding || encoding === 'utf-8') && !trim) return input;
  let text = new TextDecoder(encoding ?? 'utf-8').decode(await readFile(input));
  if (trim) text = text.replace(/^.*$/gm, trim);
  const output = join(dir, `prepared.${format}`);
  await writeFile(output, text, 'utf8');
  return output;
}

/**
 * What leadingSpacesOptions and trailingSpacesOptions do to a line, or null when they leave lines alone.
 * @param {Record<string, any>} [loadOptions]
 * @returns {((line: string) => string) | null}
 */
export function spaceTrimming(loadOptions = {}) {
  const leading = loadOptions?.leadingSpacesOptions === 'Trim';
  const trailing = loadOptions?.trailingSpacesOptions === 'Trim';
  if (!leading && !trailing) return null;
  return (line) => {
    let out = line;
    if (leading) out = out.replace(/^[ \t]+/, '');
    if (trailing) out = out.replace(/[ \t]+$/, '');
    return out;
  };
}

/**
 * How LibreOffice's CSV import reads the cells' text (CsvLoadOptions): convertNumericData false keeps every
 * cell as the text it was written as (each column imported as Text, uno_worker.py); convertDateTimeData false
 * keeps dates and times as text while numbers still become numbers (special numbers not detected, and what the
 * import reads as a date anyway, ISO 8601, turned back into its text); hasFormula true evaluates a cell that
 * starts with "=", which the API otherwise keeps as text. The API's defaults: numbers and dates converted, no
 * formulas.
 * @param {Record<string, any>} [loadOptions]
 * @returns {{ specialNumbers: boolean, formulas: boolean, textColumns: boolean, datesAsText: boolean }}
 */
export function csvImport(loadOptions = {}) {
  const off = (v) => v === false || v === 'false';
  const numbers = !off(loadOptions?.convertNumericData);
  const dates = !off(loadOptions?.convertDateTimeData);
  return {
    specialNumbers: numbers && dates,
    formulas: loadOptions?.hasFormula === true || loadOptions?.hasFormula === 'true',
    textColumns: !numbers,
    datesAsText: numbers && !dates,
  };
}

/** The CsvLoadOptions csvImport applies (applied-options.js). */
export const CSV_IMPORT_OPTIONS = Object.freeze(['convertNumericData', 'convertDateTimeData', 'hasFormula']);
