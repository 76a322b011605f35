// SPDX-License-Identifier: MIT
// SpreadsheetLoadOptions and CsvLoadOptions applied by the UNO worker (issue 21 item 2), proven from the output:
// skipEmptyRowsAndColumns, rowsPerPage, columnsPerPage, allColumnsInOnePagePerSheet and autoFitRows (page counts
// and what each page holds), printComments (the comment's text printed or not), cultureInfo (how numbers are
// read and shown), and how a CSV's text is read: convertNumericData, convertDateTimeData, hasFormula (the cells
// of the xlsx it becomes).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appliedOptions } from '../../server/converters/index.js';
import { pdfPages, rejectsWith, useConverter } from '../support/converter-env.js';
import { pageTexts } from '../support/pdf-tools.js';
import { flatOdf } from '../support/flat-odf.js';
import { unzip } from '../support/zip.js';

const SLOW = { timeout: 120_000 };
const lines = (rows) => `${rows.join('\n')}\n`;

/** A flat ODF spreadsheet of one sheet: `rows` is table:table-row content, `styles` automatic styles. */
const fods = (rows, styles = '') =>
  flatOdf('spreadsheet', { automaticStyles: styles, body: `<table:table table:name="Sheet1">${rows}</table:table>` });
const cell = (text) => `<table:table-cell office:value-type="string"><text:p>${text}</text:p></table:table-cell>`;

/** The cells of the first sheet of an xlsx: reference → { type (its t attribute: n number, s text), value, formula }. */
function xlsxCells(bytes) {
  const parts = unzip(bytes);
  const shared = [...(parts.get('xl/sharedStrings.xml')?.toString() ?? '').matchAll(/<si>(.*?)<\/si>/gs)].map((m) =>
    m[1].replace(/<[^>]+>/g, ''),
  );
  const cells = {};
  for (const m of parts
    .get('xl/worksheets/sheet1.xml')
    .toString()
    .matchAll(/<c r="([A-Z]+\d+)"([^>]*?)(?:\/>|>(.*?)<\/c>)/gs)) {
    const type = /t="(\w+)"/.exec(m[2])?.[1] ?? 'n';
    const v = /<v>(.*?)<\/v>/s.exec(m[3] ?? '')?.[1];
    const f = /<f[^>]*>(.*?)<\/f>/s.exec(m[3] ?? '')?.[1];
    cells[m[1]] = { type, value: type === 's' ? shared[Number(v)] : v, formula: f };
  }
  return cells;
}

describe('spreadsheet and CSV load options', { timeout: 600_000 }, () => {
  const env = useConverter();
  const pdfOf = async (bytes, format, loadOptions) =>
    (await env.convertBytes(bytes, format, 'pdf', { loadOptions }))[0].bytes;

  test('skipEmptyRowsAndColumns: empty rows and columns are left out unless it is false', SLOW, async () => {
    const tall = lines(['TopRow', ...Array(150).fill(''), 'BottomRow']);
    assert.equal(await pdfPages(await pdfOf(tall, 'csv', {})), 1, 'the API skips empty rows by default');
    // The empty rows push BottomRow pages down (LibreOffice leaves out the pages between: they print nothing).
    const kept = await pageTexts(await pdfOf(tall, 'csv', { skipEmptyRowsAndColumns: false }));
    assert.equal(kept.length, 2);
    assert.doesNotMatch(kept[0], /BottomRow/);
    const wide = lines([`LeftCell${','.repeat(40)}RightCell`]);
    assert.equal(await pdfPages(await pdfOf(wide, 'csv', {})), 1, 'and empty columns');
    assert.ok((await pdfPages(await pdfOf(wide, 'csv', { skipEmptyRowsAndColumns: false }))) >= 2);
    // A spreadsheet target keeps the document as it is: no row of it is hidden.
    const [xlsx] = await env.convertBytes(tall, 'csv', 'xlsx');
    assert.doesNotMatch(unzip(xlsx.bytes).get('xl/worksheets/sheet1.xml').toString(), /hidden="(1|true)"/);
  });

  test('rowsPerPage and columnsPerPage split a sheet into pages of that many rows and columns', SLOW, async () => {
    const grid = lines(Array.from({ length: 30 }, (_, r) => `R${r + 1}A,R${r + 1}B,R${r + 1}C`));
    assert.equal(await pdfPages(await pdfOf(grid, 'csv', {})), 1);
    const byRows = await pageTexts(await pdfOf(grid, 'csv', { rowsPerPage: 10 }));
    assert.equal(byRows.length, 3);
    assert.match(byRows[1], /R11A/);
    assert.doesNotMatch(byRows[1], /R10A|R21A/);
    const byColumns = await pageTexts(await pdfOf(grid, 'csv', { columnsPerPage: 2 }));
    assert.equal(byColumns.length, 2);
    assert.match(byColumns[0], /R1B/);
    assert.doesNotMatch(byColumns[0], /R1C/);
    assert.match(byColumns[1], /R30C/);
  });

  test('allColumnsInOnePagePerSheet: every column on one page, as many pages down as needed', SLOW, async () => {
    const wide = lines(
      Array.from({ length: 5 }, (_, r) => Array.from({ length: 30 }, (_, c) => `Wide${r}x${c}`).join(',')),
    );
    assert.ok((await pdfPages(await pdfOf(wide, 'csv', {}))) >= 2, 'thirty columns do not fit one page');
    const fitted = await pageTexts(await pdfOf(wide, 'csv', { allColumnsInOnePagePerSheet: true }));
    assert.equal(fitted.length, 1);
    assert.match(fitted[0], /Wide0x0[\s\S]*Wide0x29/);
  });

  test('autoFitRows: rows grow to the height of their wrapped text', SLOW, async () => {
    const words = 'several words that wrap in a narrow column '.repeat(3);
    const rows = Array.from(
      { length: 40 },
      (_, i) =>
        `<table:table-row table:style-name="Low"><table:table-cell table:style-name="Wrap" office:value-type="string"><text:p>${i} ${words}</text:p></table:table-cell></table:table-row>`,
    ).join('');
    const styles = `<style:style style:name="Low" style:family="table-row">
        <style:table-row-properties style:row-height="0.45cm" style:use-optimal-row-height="false"/></style:style>
      <style:style style:name="Wrap" style:family="table-cell">
        <style:table-cell-properties fo:wrap-option="wrap"/></style:style>`;
    const sheet = fods(rows, styles);
    assert.equal(await pdfPages(await pdfOf(sheet, 'fods', {})), 1, 'forty low rows fit one page');
    assert.ok((await pdfPages(await pdfOf(sheet, 'fods', { autoFitRows: true }))) >= 3);
  });

  test(
    'printComments: cell comments printed at the end of the sheet or where they are, none by default',
    SLOW,
    async () => {
      const note = `<table:table-cell office:value-type="string"><office:annotation office:display="false">
        <dc:creator>Reviewer</dc:creator><text:p>CellNoteText</text:p></office:annotation><text:p>Annotated</text:p></table:table-cell>`;
      const sheet = fods(`<table:table-row>${note}${cell('Beside')}</table:table-row>`);
      const text = async (loadOptions) => (await pageTexts(await pdfOf(sheet, 'fods', loadOptions))).join('\n');
      assert.doesNotMatch(await text({}), /CellNoteText/);
      assert.doesNotMatch(await text({ printComments: 'PrintNoComments' }), /CellNoteText/);
      for (const printComments of ['PrintSheetEnd', 'PrintWithThreadedComments', 'PrintInPlace']) {
        assert.match(await text({ printComments }), /CellNoteText/, printComments);
      }
    },
  );

  test("convertNumericData, convertDateTimeData, hasFormula: how a CSV's text becomes cells", SLOW, async () => {
    const csv = lines(['Amount,When,Iso,Sum', '007,03/04/2024,2024-01-15,=1+2']);
    const cellsOf = async (loadOptions) =>
      xlsxCells((await env.convertBytes(csv, 'csv', 'xlsx', { loadOptions }))[0].bytes);

    const read = await cellsOf({});
    assert.deepEqual([read.A2.type, read.A2.value], ['n', '7'], 'numbers become numbers');
    assert.equal(read.B2.type, 'n', 'a date becomes a date (a number with a date format)');
    assert.equal(read.C2.type, 'n');
    assert.equal(read.D2.type, 's', 'the API keeps "=1+2" as text by default');
    assert.equal(read.D2.value, '=1+2');

    const formulas = await cellsOf({ hasFormula: true });
    assert.equal(formulas.D2.formula, '1+2');
    assert.equal(formulas.D2.value, '3');

    const noDates = await cellsOf({ convertDateTimeData: false });
    assert.deepEqual([noDates.A2.type, noDates.A2.value], ['n', '7'], 'numbers still read');
    assert.deepEqual([noDates.B2.type, noDates.B2.value], ['s', '03/04/2024']);
    assert.deepEqual([noDates.C2.type, noDates.C2.value], ['s', '2024-01-15']);

    const noNumbers = await cellsOf({ convertNumericData: false });
    assert.deepEqual([noNumbers.A2.type, noNumbers.A2.value], ['s', '007']);
    assert.deepEqual([noNumbers.B2.type, noNumbers.B2.value], ['s', '03/04/2024']);
  });

  test('cultureInfo: numbers read and shown as the culture writes them', SLOW, async () => {
    const csv = lines(['Price;Total', '1,5;1.234,5']);
    const read = xlsxCells((await env.convertBytes(csv, 'csv', 'xlsx', { loadOptions: { separator: ';' } }))[0].bytes);
    assert.equal(read.A2.type, 's', 'in the default culture (en-US) "1,5" is text');
    const german = { separator: ';', cultureInfo: 'de-DE' };
    const de = xlsxCells((await env.convertBytes(csv, 'csv', 'xlsx', { loadOptions: german }))[0].bytes);
    assert.deepEqual([de.A2.type, de.A2.value], ['n', '1.5']);
    assert.deepEqual([de.B2.type, de.B2.value], ['n', '1234.5']);
    const [page] = await pageTexts(await pdfOf(csv, 'csv', german));
    assert.match(page, /1,5/, 'shown with a decimal comma');
    const [shownInUs] = await pageTexts(await pdfOf(lines(['Price', '2.5']), 'csv', {}));
    assert.match(shownInUs, /2\.5/);
    const [shownInDe] = await pageTexts(await pdfOf(lines(['Price', '2.5']), 'csv', { cultureInfo: 'de-DE' }));
    assert.match(shownInDe, /2\.5/, 'read as German, 2.5 is not a number: its text stays');
  });

  test('a bad value is a typed error, before any work', async () => {
    const csv = lines(['a,b']);
    await rejectsWith(
      env.convertBytes(csv, 'csv', 'pdf', { loadOptions: { printComments: 'Sideways' } }),
      'invalid_options',
      /printComments/,
    );
    await rejectsWith(
      env.convertBytes(csv, 'csv', 'pdf', { loadOptions: { rowsPerPage: -2 } }),
      'invalid_options',
      /rowsPerPage/,
    );
    await rejectsWith(
      env.convertBytes(csv, 'csv', 'pdf', { loadOptions: { cultureInfo: 'not a culture!' } }),
      'invalid_options',
      /cultureInfo/,
    );
  });

  test('which pairs apply them', () => {
    const loadOptions = {
      rowsPerPage: 5,
      autoFitRows: true,
      hasFormula: true,
      cultureInfo: 'fr-FR',
      skipEmptyRowsAndColumns: false,
    };
    const toPdf = appliedOptions({ sourceFormat: 'xlsx', targetFormat: 'pdf', loadOptions });
    for (const name of ['rowsPerPage', 'autoFitRows', 'cultureInfo', 'skipEmptyRowsAndColumns'])
      assert.ok(toPdf.has(`loadOptions.${name}`), name);
    assert.ok(!toPdf.has('loadOptions.hasFormula'), 'a CSV option');
    const csvToXlsx = appliedOptions({ sourceFormat: 'csv', targetFormat: 'xlsx', loadOptions });
    for (const name of ['hasFormula', 'convertNumericData', 'convertDateTimeData', 'cultureInfo'])
      assert.ok(csvToXlsx.has(`loadOptions.${name}`), name);
    assert.ok(!csvToXlsx.has('loadOptions.rowsPerPage'), 'pages only');
  });
});
