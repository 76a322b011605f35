// SPDX-License-Identifier: MIT
/**
 * The longer routes of formats.js's `via` targets, each ending in one LibreOffice store (issue 21 item 3):
 * - 'slides': each page of the (rendered) PDF becomes a slide, through Impress's PDF import, whose slides
 *   hold the page's text as editable text boxes and its drawings as shapes.
 * - 'sheets': a text document's tables become sheets (sheets.js), or a PDF's text columns do.
 * - 'words': a PDF's text becomes paragraphs with a page break between pages (pdf-text.js).
 * - 'markdown': Writer's HTML of the document, made Markdown by pandoc (markdown.js).
 * `office(request, deadline)` runs one UNO worker `convert`; `tables(request, deadline)` its `tables`.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { htmlToMarkdown } from './markdown.js';
import { pdfLayoutText, pdfTextPage } from './pdf-text.js';
import { documentSheets, flatSpreadsheet, layoutSheets } from './sheets.js';

const SPREADSHEET = 'com.sun.star.sheet.SpreadsheetDocument';
const FODS_IN_CALC = { format: 'fods', service: SPREADSHEET };
const PDF_IN_IMPRESS = {
  format: 'pdf',
  filter: 'impress_pdf_import',
  service: 'com.sun.star.presentation.PresentationDocument',
};
const HTML_IN_WRITER = { format: 'html', filter: 'HTML (StarWriter)', service: 'com.sun.star.text.TextDocument' };

/**
 * @typedef {object} RouteContext
 * @property {string} output the result's path
 * @property {object} store how to save the target (converter.js's storeSpec)
 * @property {string} dir the job's folder
 * @property {import('./errors.js').Deadline} deadline
 * @property {(request: object, deadline: any) => Promise<any>} office
 * @property {(request: object, deadline: any) => Promise<{ tables: any[], paragraphs: string[] }>} [tables]
 */

async function sheetsToTarget(sheets, { output, store, dir, deadline, office }) {
  const fods = join(dir, 'sheets.fods');
  await writeFile(fods, flatSpreadsheet(sheets));
  await office({ input: fods, output, load: FODS_IN_CALC, store }, deadline);
}

/**
 * A PDF (the source, decrypted when it was encrypted) to an office target.
 * @param {'slides'|'sheets'|'words'} via
 * @param {string} pdf
 * @param {RouteContext} context
 */
export async function pdfToOffice(via, pdf, context) {
  const { output, store, dir, deadline, office } = context;
  if (via === 'slides') await office({ input: pdf, output, load: PDF_IN_IMPRESS, store }, deadline);
  else if (via === 'words')
    await office({ input: await pdfTextPage(pdf, { dir, deadline }), output, load: HTML_IN_WRITER, store }, deadline);
  else if (via === 'sheets') await sheetsToTarget(layoutSheets(await pdfLayoutText(pdf, { deadline })), context);
  else throw new Error(`unknown PDF route ${via}`);
}

/**
 * A document LibreOffice opens with `load` to an office target by a longer route.
 * @param {'slides'|'sheets'|'markdown'} via
 * @param {string} input
 * @param {RouteContext & { load: object, pdfStore: object }} context pdfStore: the family's PDF export
 */
export async function documentToOffice(via, input, context) {
  const { load, pdfStore, output, dir, deadline, office, tables } = context;
  if (via === 'slides') {
    const pdf = join(dir, 'pages.pdf');
    await office({ input, output: pdf, load, store: pdfStore }, deadline);
    await pdfToOffice('slides', pdf, context);
  } else if (via === 'sheets') {
    await sheetsToTarget(documentSheets(await tables({ input, load }, deadline)), context);
  } else if (via === 'markdown') {
    const html = join(dir, 'for-markdown.html');
    await office({ input, output: html, load, store: { filter: 'HTML (StarWriter)' } }, deadline);
    await htmlToMarkdown(html, output, { deadline });
  } else throw new Error(`unknown document route ${via}`);
}
