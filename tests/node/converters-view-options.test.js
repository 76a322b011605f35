// SPDX-License-Identifier: MIT
// Load options that change what a document's pages show (issue 21 item 2), proven from the output with
// Poppler: WordProcessingLoadOptions.hideWordTrackedChanges (the deleted words gone), hideComments and
// commentDisplayMode (the comment as a PDF comment annotation, or left out), SpreadsheetLoadOptions
// showHiddenSheets (the hidden sheet's page), convertRange (only the range's cells) and showGridLines (lines
// drawn), PresentationLoadOptions showHiddenSlides (the hidden slide's page) and notesPosition (notes pages);
// WordProcessingLoadOptions.fontSubstitutes (pdffonts) and pageNumbering (the numbers in the text).
// The documents are tests/fixtures/sources/review.fodt, commented.fodt, hidden.fods and hidden-slide.fodp,
// saved as docx/xlsx/pptx by LibreOffice (tests/support/fixtures.js).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appliedOptions } from '../../server/converters/index.js';
import { fixtureBytes } from '../support/fixtures.js';
import { pdfPages, pdfText, rejectsWith, useConverter } from '../support/converter-env.js';
import { commentAnnotations, fontNames, pixelsWhere, renderPage } from '../support/pdf-tools.js';

const SLOW = { timeout: 120_000 };
const words = (text) => text.replace(/\s+/g, ' ').trim();

describe('load options that change what the pages show', { timeout: 600_000 }, () => {
  const env = useConverter();
  /** The PDF of a fixture with these load options: its page count and its text. */
  const pdfOf = async (name, loadOptions) => {
    const [file] = await env.convert(name, 'pdf', { loadOptions });
    return { pages: await pdfPages(file.bytes), text: words(await pdfText(file.bytes)), bytes: file.bytes };
  };

  test('hideWordTrackedChanges: the document as if its changes were accepted', SLOW, async () => {
    const shown = await pdfOf('review.docx', {});
    assert.match(shown.text, /DeletedWords/, 'tracked changes are shown by default, as the API does');
    assert.match(shown.text, /InsertedWords/);
    const hidden = await pdfOf('review.docx', { hideWordTrackedChanges: true });
    assert.doesNotMatch(hidden.text, /DeletedWords/);
    assert.match(hidden.text, /BodyText before and InsertedWords after/);
  });

  test(
    'comments are shown by default, as PDF comment annotations (LibreOffice 7.4 has no margin for them)',
    SLOW,
    async () => {
      for (const loadOptions of [
        {},
        { hideComments: false },
        { commentDisplayMode: 'Balloon' },
        { commentDisplayMode: 'Annotation' },
      ]) {
        const { text, bytes } = await pdfOf('commented.docx', loadOptions);
        assert.match(text, /BodyText commented\./, JSON.stringify(loadOptions));
        assert.deepEqual(commentAnnotations(bytes), ['CommentText'], JSON.stringify(loadOptions));
      }
    },
  );

  test('hideComments and commentDisplayMode Hidden leave the comments out', SLOW, async () => {
    for (const loadOptions of [{ hideComments: true }, { commentDisplayMode: 'Hidden' }]) {
      const { text, bytes } = await pdfOf('commented.docx', loadOptions);
      assert.match(text, /BodyText commented\./, JSON.stringify(loadOptions));
      assert.doesNotMatch(text, /CommentText/);
      assert.deepEqual(commentAnnotations(bytes), [], JSON.stringify(loadOptions));
    }
  });

  test('showHiddenSheets: the hidden sheet gets its page', SLOW, async () => {
    const normal = await pdfOf('hidden.xlsx', {});
    assert.equal(normal.pages, 1);
    assert.doesNotMatch(normal.text, /SecretCell/);
    const all = await pdfOf('hidden.xlsx', { showHiddenSheets: true });
    assert.equal(all.pages, 2);
    assert.match(all.text, /SecretCell/);
  });

  test('convertRange: only the cells of the range, on the sheets that are shown', SLOW, async () => {
    const { text } = await pdfOf('hidden.xlsx', { convertRange: 'A1:B2' });
    for (const cell of ['ShownA1', 'ShownA2', 'ShownB1', 'ShownB2']) assert.match(text, new RegExp(cell));
    for (const cell of ['ShownC1', 'ShownA3', 'ShownC3', 'SecretCell']) assert.doesNotMatch(text, new RegExp(cell));
  });

  test('convertRange that is not a cell range is refused before converting', async () => {
    await rejectsWith(
      env.convert('hidden.xlsx', 'pdf', { loadOptions: { convertRange: 'everything' } }),
      'invalid_options',
      /convertRange/,
    );
  });

  test('sheets and sheetIndexes: only those sheets; onePagePerSheet: each sheet on one page', SLOW, async () => {
    const table = (name, rows) =>
      `<table:table table:name="${name}">` +
      Array.from(
        { length: rows },
        (_, i) =>
          `<table:table-row><table:table-cell office:value-type="string"><text:p>${name}Row${i + 1}</text:p></table:table-cell></table:table-row>`,
      ).join('') +
      '</table:table>';
    const fods = Buffer.from(
      '<?xml version="1.0" encoding="UTF-8"?><office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ' +
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" ' +
        'office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.spreadsheet"><office:body><office:spreadsheet>' +
        table('Alpha', 1) +
        table('Bravo', 1) +
        table('Charlie', 150) +
        '</office:spreadsheet></office:body></office:document>',
    );
    const pdf = async (loadOptions) => {
      const [file] = await env.converter.convert({
        bytes: fods,
        sourceFormat: 'fods',
        targetFormat: 'pdf',
        baseName: 'x',
        loadOptions,
      });
      return { pages: await pdfPages(file.bytes), text: words(await pdfText(file.bytes)) };
    };
    const all = await pdf({});
    assert.ok(all.pages >= 4, `Charlie's 150 rows take pages of their own: ${all.pages}`);
    const bravo = await pdf({ sheets: ['Bravo'] });
    assert.equal(bravo.pages, 1);
    assert.match(bravo.text, /BravoRow1/);
    assert.doesNotMatch(bravo.text, /AlphaRow1|CharlieRow1/);
    const byIndex = await pdf({ sheetIndexes: [0, 1] });
    assert.match(byIndex.text, /AlphaRow1/);
    assert.match(byIndex.text, /BravoRow1/);
    assert.doesNotMatch(byIndex.text, /CharlieRow/);
    const fitted = await pdf({ onePagePerSheet: true });
    assert.equal(fitted.pages, 3, 'one page per sheet');
    assert.match(fitted.text, /CharlieRow150/);
    await rejectsWith(
      env.converter.convert({
        bytes: fods,
        sourceFormat: 'fods',
        targetFormat: 'pdf',
        loadOptions: { sheets: ['Nope'] },
      }),
      'invalid_options',
      /sheets/,
    );
  });

  test('showGridLines: lines drawn between the cells', SLOW, async () => {
    const dark = async (loadOptions) => {
      const { bytes } = await pdfOf('hidden.xlsx', loadOptions);
      return pixelsWhere(await renderPage(bytes, { dpi: 50 }), ([r, g, b]) => r + g + b < 384).count;
    };
    const without = await dark({});
    const withLines = await dark({ showGridLines: true });
    assert.ok(withLines > without * 1.5, `dark pixels: ${without} without grid lines, ${withLines} with`);
  });

  test('showHiddenSlides: the hidden slide gets its page', SLOW, async () => {
    const normal = await pdfOf('hidden-slide.pptx', {});
    assert.equal(normal.pages, 2);
    assert.doesNotMatch(normal.text, /HiddenSlideText/);
    const all = await pdfOf('hidden-slide.pptx', { showHiddenSlides: true });
    assert.equal(all.pages, 3);
    assert.match(all.text, /FirstSlideText HiddenSlideText ThirdSlideText/);
  });

  test('notesPosition BottomFull: a notes page follows the slides', SLOW, async () => {
    const none = await pdfOf('hidden-slide.pptx', { notesPosition: 'None' });
    assert.doesNotMatch(none.text, /NoteText/);
    const notes = await pdfOf('hidden-slide.pptx', { notesPosition: 'BottomFull' });
    assert.equal(notes.pages, 4, 'two slides, then their two notes pages');
    assert.match(notes.text, /NoteText/);
  });

  test('fontSubstitutes: the text drawn in the substitute font, which the PDF embeds', SLOW, async () => {
    const fontsOf = async (loadOptions) => {
      const [file] = await env.convert('missing-font.docx', 'pdf', { loadOptions });
      return (await fontNames(file.bytes)).join(' ');
    };
    assert.doesNotMatch(await fontsOf({}), /DejaVuSansMono/);
    assert.match(await fontsOf({ fontSubstitutes: { 'Nowhere Grotesk': 'DejaVu Sans Mono' } }), /DejaVuSansMono/);
    assert.match(await fontsOf({ fontSubstitutes: { 'Nowhere Grotesk': 'DejaVu Serif' } }), /DejaVuSerif/);
  });

  test('pageNumbering: each page numbered in its footer, HTML and Word sources', SLOW, async () => {
    const html = Buffer.from(
      '<html><body><p>FirstPageWords</p><p style="page-break-before: always">SecondPageWords</p></body></html>',
    );
    const pagesOf = async (bytes, sourceFormat, loadOptions) => {
      const [file] = await env.convertBytes(bytes, sourceFormat, 'pdf', { loadOptions });
      const count = await pdfPages(file.bytes);
      const texts = [];
      for (let page = 1; page <= count; page++)
        texts.push(words(await pdfText(file.bytes, { first: page, last: page })));
      return texts;
    };
    assert.deepEqual(await pagesOf(html, 'html', {}), ['FirstPageWords', 'SecondPageWords']);
    assert.deepEqual(await pagesOf(html, 'html', { pageNumbering: true }), ['FirstPageWords 1', 'SecondPageWords 2']);
    const numbered = await pagesOf(await fixtureBytes('four-pages.docx'), 'docx', { pageNumbering: true });
    assert.deepEqual(
      numbered.map((text) => text.split(' ').at(-1)),
      ['1', '2', '3', '4'],
    );
  });

  test('the options count as applied only for targets with pages', () => {
    const applied = (sourceFormat, targetFormat) => appliedOptions({ sourceFormat, targetFormat });
    assert.ok(applied('xlsx', 'pdf').has('loadOptions.showHiddenSheets'));
    assert.ok(applied('xlsx', 'png').has('loadOptions.convertRange'));
    assert.ok(applied('pptx', 'pdf').has('loadOptions.notesPosition'));
    assert.ok(applied('docx', 'jpg').has('loadOptions.hideWordTrackedChanges'));
    assert.ok(applied('docx', 'pdf').has('loadOptions.hideComments'));
    assert.ok(applied('odt', 'png').has('loadOptions.commentDisplayMode'));
    assert.ok(!applied('docx', 'odt').has('loadOptions.hideComments'));
    assert.ok(!applied('xlsx', 'csv').has('loadOptions.showHiddenSheets'));
    assert.ok(!applied('pptx', 'odp').has('loadOptions.showHiddenSlides'));
  });
});
