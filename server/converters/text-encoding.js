// SPDX-License-Identifier: MIT
/**
 * CsvLoadOptions.encoding and TxtLoadOptions.encoding (issue 21 item 2): the character set a plain-text source
 * is written in. The bytes are decoded here, with the WHATWG Encoding Standard's labels and decoders that Node
 * has (utf-8, utf-16le/be, windows-1250…1258, iso-8859-x, koi8-r, shift_jis, euc-jp, gbk, gb18030, big5,
 * euc-kr, …), and handed to LibreOffice as UTF-8, which is what its import filters are told to read
 * (formats.js). The API takes .NET's names (e.g. "Windows-1252", "UTF-8", "shift_jis"); those are WHATWG
 * labels too, matched without regard to case.
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
  if (!encoding || encoding === 'utf-8') return input;
  const text = new TextDecoder(encoding).decode(await readFile(input));
  const output = join(dir, `utf8.${format}`);
  await writeFile(output, text, 'utf8');
  return output;
}
