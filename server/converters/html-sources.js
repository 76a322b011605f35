// SPDX-License-Identifier: MIT
/**
 * HTML sources prepared before Writer opens them (issue 21 item 2).
 *
 * WebLoadOptions.customCssStyle: CSS added to the page, as a <style> element at the end of its <head> (so
 * that it wins over the page's own rules of the same weight), or at its start when it has no </head>.
 * The page's bytes are otherwise kept, so its encoding (a <meta charset>, a byte order mark) still holds:
 * the element is written in ASCII, the CSS's other characters as CSS escapes (`\E9 `), and so is every `<`,
 * so that the CSS is data and cannot end the element (`</style>`) or open another. A UTF-16 page (byte
 * order mark) gets the element in UTF-16.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The HTML sources whose load options are WebLoadOptions. */
export const HTML_SOURCES = new Set(['html', 'htm']);

/**
 * The CSS as an ASCII <style> element: `<`, `>`, `&` and non-ASCII characters as CSS escapes (valid in
 * strings, identifiers and comments alike; the space ends the escape).
 * @param {string} css
 */
export function styleElement(css) {
  const escaped = [...css].map((ch) => {
    const code = ch.codePointAt(0);
    if (code === 0) return '\\FFFD ';
    if (code > 0x7e || ch === '<' || ch === '>' || ch === '&') return `\\${code.toString(16).toUpperCase()} `;
    return ch;
  });
  return `<style type="text/css">\n${escaped.join('')}\n</style>\n`;
}

/** The page with `element` before its first </head>, or at its start when it has none. */
function insertIntoHead(page, element) {
  const at = page.search(/<\/head\s*>/i);
  return at === -1 ? element + page : page.slice(0, at) + element + page.slice(at);
}

/**
 * The source with loadOptions.customCssStyle added, written in `dir`; the path as given without one.
 * @param {string} input the HTML source
 * @param {string} dir the job's folder
 * @param {Record<string, any>} [loadOptions]
 * @returns {Promise<string>}
 */
export async function withCustomCss(input, dir, loadOptions) {
  const css = loadOptions?.customCssStyle;
  if (typeof css !== 'string' || css.trim() === '') return input;
  const bytes = await readFile(input);
  const element = styleElement(css);
  let out;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    out = Buffer.from(insertIntoHead(bytes.toString('utf16le'), element), 'utf16le');
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const le = Buffer.from(bytes.subarray(0, bytes.length & ~1)).swap16(); // big-endian UTF-16: read and written as little-endian, swapped
    out = Buffer.from(insertIntoHead(le.toString('utf16le'), element), 'utf16le').swap16();
  } else {
    // Any ASCII-compatible charset: the ASCII element goes into the bytes as they are ('latin1' maps each
    // byte to one character and back, so nothing else changes).
    out = Buffer.from(insertIntoHead(bytes.toString('latin1'), element), 'latin1');
  }
  const output = join(dir, 'prepared.html');
  await writeFile(output, out);
  return output;
}
