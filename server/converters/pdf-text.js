// SPDX-License-Identifier: MIT
/**
 * A PDF's text as an HTML page for Writer, the route of pdf → docx/doc/odt/rtf (formats.js says why not
 * LibreOffice's own Writer PDF import). pdftotext gives the text in reading order, pages ending with a form
 * feed; each block of lines separated by a blank line becomes a paragraph (its lines joined: PDF lines are
 * where the page wrapped, not where the author did), and every page after the first starts with a page
 * break, so the document has the PDF's pages. Fonts, positions, images and table borders do not survive.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runPoppler } from './poppler.js';

const HTML_ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const escapeHtml = (s) => s.replace(/[&<>]/g, (c) => HTML_ESCAPES[c]);

/**
 * @param {string} text pdftotext output
 * @returns {string} an HTML page, one <p> per paragraph, page breaks between pages
 */
export function textAsHtml(text) {
  const pages = text.split('\f');
  if (pages.length > 1 && pages.at(-1).trim() === '') pages.pop();
  const body = pages.map((page, i) => {
    const paragraphs = page
      .split(/\n\s*\n/)
      .map((block) =>
        block
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean)
          .join(' '),
      )
      .filter(Boolean);
    if (paragraphs.length === 0) paragraphs.push(''); // an empty page still counts as a page
    const breakBefore = i > 0 ? ' style="page-break-before: always"' : '';
    return paragraphs.map((p, j) => `<p${j === 0 ? breakBefore : ''}>${escapeHtml(p)}</p>`).join('\n');
  });
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head><body>\n${body.join('\n')}\n</body></html>\n`;
}

/**
 * Writes `<dir>/pdf-text.html` from the PDF's text.
 * @param {string} pdf
 * @param {{ dir: string, deadline: import('./errors.js').Deadline }} o
 * @returns {Promise<string>} the HTML file's path
 */
export async function pdfTextPage(pdf, { dir, deadline }) {
  const text = (await runPoppler('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { deadline })).toString('utf8');
  const out = join(dir, 'pdf-text.html');
  await writeFile(out, textAsHtml(text));
  return out;
}

/** `pdftotext -layout` of the whole PDF: columns kept apart by spaces, for layoutSheets (sheets.js). */
export async function pdfLayoutText(pdf, { deadline }) {
  return (await runPoppler('pdftotext', ['-layout', '-enc', 'UTF-8', pdf, '-'], { deadline })).toString('utf8');
}
