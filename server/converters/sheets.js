// SPDX-License-Identifier: MIT
/**
 * "Tables become sheets" (issue 21 item 3): rows of cell texts → a flat ODF spreadsheet (fods) that Calc
 * then saves as the target (xlsx, ods …). Two makers of those rows: a text document's tables (the UNO
 * worker's `tables` command), and a PDF's text laid out by `pdftotext -layout` (one sheet per page, a cell
 * wherever two or more spaces separate text: how a PDF table's columns come out of Poppler).
 */

const XML_ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const escapeXml = (s) => String(s).replace(/[&<>"]/g, (c) => XML_ESCAPES[c]);
// Control characters other than tab and newline are not allowed in XML 1.0.
const xmlText = (s) => escapeXml(String(s).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ''));

/** A plain decimal number stays a number in the sheet; anything else ("1,234", "007", "3 kg") stays text. */
const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?$/;

/** Sheet names: at most 31 characters, none of Excel's forbidden []:*?/\ and unique (case-insensitively). */
function sheetNames(names) {
  const used = new Set();
  return names.map((raw, i) => {
    const base =
      String(raw || `Sheet${i + 1}`)
        .replace(/[[\]:*?/\\]/g, ' ')
        .trim()
        .slice(0, 31) || `Sheet${i + 1}`;
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base.slice(0, 31 - String(n).length - 1)} ${n}`;
    used.add(name.toLowerCase());
    return name;
  });
}

function cellXml(value) {
  const text = String(value ?? '');
  if (text === '') return '<table:table-cell/>';
  if (NUMBER.test(text))
    return `<table:table-cell office:value-type="float" office:value="${text}"><text:p>${text}</text:p></table:table-cell>`;
  const lines = text.split('\n').map((l) => `<text:p>${xmlText(l)}</text:p>`);
  return `<table:table-cell office:value-type="string">${lines.join('')}</table:table-cell>`;
}

/**
 * A flat ODF spreadsheet holding the sheets, in order; at least one sheet (an empty one when there is
 * nothing), since a spreadsheet without sheets is not a document.
 * @param {Array<{ name?: string, rows: string[][] }>} sheets
 * @returns {string} fods XML
 */
export function flatSpreadsheet(sheets) {
  const all = sheets.length > 0 ? sheets : [{ name: 'Sheet1', rows: [] }];
  const names = sheetNames(all.map((s) => s.name));
  const tables = all.map((sheet, i) => {
    const rows = sheet.rows.map((row) => `<table:table-row>${row.map(cellXml).join('')}</table:table-row>`);
    return `<table:table table:name="${escapeXml(names[i])}">${rows.join('') || '<table:table-row><table:table-cell/></table:table-row>'}</table:table>`;
  });
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ' +
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" ' +
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" ' +
    'office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">' +
    `<office:body><office:spreadsheet>${tables.join('')}</office:spreadsheet></office:body></office:document>\n`
  );
}

/**
 * The sheets of a text document: one per table (named after it); a document without tables gives one
 * sheet holding its paragraphs, one per row, so that its text is not lost.
 * @param {{ tables: Array<{ name: string, rows: string[][] }>, paragraphs: string[] }} content the worker's answer
 */
export function documentSheets({ tables, paragraphs }) {
  if (tables.length > 0) return tables.map((t) => ({ name: t.name, rows: t.rows }));
  const text = paragraphs.filter((p) => p.trim() !== '');
  return [{ name: 'Text', rows: text.map((p) => [p]) }];
}

/**
 * The sheets of a PDF from `pdftotext -layout` output: one per page (pages end with a form feed), one row
 * per line (blank lines dropped), cells split where two or more spaces separate text.
 * @param {string} text
 */
export function layoutSheets(text) {
  const pages = text.split('\f');
  if (pages.length > 1 && pages.at(-1).trim() === '') pages.pop(); // pdftotext ends the last page with \f
  return pages.map((page, i) => ({
    name: `Page ${i + 1}`,
    rows: page
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => line.trim().split(/\s{2,}/)),
  }));
}
