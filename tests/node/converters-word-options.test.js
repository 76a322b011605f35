// SPDX-License-Identifier: MIT
// WordProcessingLoadOptions applied by the UNO worker (issue 21 item 2), proven from the output:
// updateFields (a stale table of contents rebuilt), autoHyphenation and hyphenateCaps (hyphens at line ends),
// Word form fields printed as text (preserveFormFields' default), preserveDocumentStructure (a tagged PDF, also
// for presentations), embedTrueTypeFonts (the fonts inside the saved docx) and LoadOptions.defaultFont (pdffonts).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appliedOptions } from '../../server/converters/index.js';
import { pdfText, useConverter } from '../support/converter-env.js';
import { fixtureBytes } from '../support/fixtures.js';
import { fontNames, pdfLayoutText, pdfObjects } from '../support/pdf-tools.js';
import { flatOdf } from '../support/flat-odf.js';
import { unzip } from '../support/zip.js';

const SLOW = { timeout: 120_000 };

/** A flat ODF text document around `body` (office:text content), with `styles` (office:styles content). */
const fodt = (body, styles = '') => flatOdf('text', { body, styles });

// A table of contents saved with an entry its headings no longer have.
const STALE_CONTENTS = fodt(`
  <text:table-of-content text:name="Contents">
   <text:table-of-content-source text:outline-level="3">
    <text:index-title-template>Contents</text:index-title-template>
   </text:table-of-content-source>
   <text:index-body><text:p>StaleEntry 7</text:p></text:index-body>
  </text:table-of-content>
  <text:h text:outline-level="1">RealHeading</text:h>`);

// Long English words in a column a few centimetres wide: hyphenation has to break them.
const NARROW_COLUMN = (text) =>
  fodt(
    `<text:p text:style-name="Narrow">${text}</text:p>`,
    `<style:default-style style:family="paragraph">
      <style:text-properties fo:language="en" fo:country="US" fo:font-size="14pt"/>
     </style:default-style>
     <style:style style:name="Narrow" style:family="paragraph">
      <style:paragraph-properties fo:margin-left="6cm" fo:margin-right="6cm" fo:text-align="justify"/>
     </style:style>`,
  );
const LONG_WORDS = 'internationalization representatives incomprehensibilities characterization '.repeat(4);

// pdftotext joins a word broken at a line end unless it keeps the layout.
const hyphenatedLines = async (pdf) =>
  (await pdfLayoutText(pdf)).split('\n').filter((line) => /[a-z]-$/i.test(line.trim())).length;

describe('word-processing load options', { timeout: 600_000 }, () => {
  const env = useConverter();
  const pdfOf = async (bytes, sourceFormat, loadOptions) =>
    (await env.convertBytes(bytes, sourceFormat, 'pdf', { loadOptions }))[0].bytes;

  test('updateFields: a stale table of contents is rebuilt from the headings', SLOW, async () => {
    const stored = await pdfText(await pdfOf(STALE_CONTENTS, 'fodt', {}));
    assert.match(stored, /StaleEntry/, 'without the option the stored entries are printed');
    const updated = await pdfText(await pdfOf(STALE_CONTENTS, 'fodt', { updateFields: true }));
    assert.doesNotMatch(updated, /StaleEntry/);
    assert.match(updated, /RealHeading\.{5,}\s*1/, 'the entry for the heading, with its page number');
  });

  test(
    'autoHyphenation breaks long words at line ends; hyphenateCaps false keeps words in capitals whole',
    SLOW,
    async () => {
      const plain = await pdfOf(NARROW_COLUMN(LONG_WORDS), 'fodt', {});
      assert.equal(await hyphenatedLines(plain), 0, 'no hyphenation by default, as the API');
      const hyphenated = await pdfOf(NARROW_COLUMN(LONG_WORDS), 'fodt', { autoHyphenation: true });
      assert.ok((await hyphenatedLines(hyphenated)) >= 2, await pdfLayoutText(hyphenated));

      const capitals = NARROW_COLUMN(LONG_WORDS.toUpperCase());
      const caps = await pdfOf(capitals, 'fodt', { autoHyphenation: true });
      assert.ok((await hyphenatedLines(caps)) >= 2, 'hyphenateCaps defaults to true');
      const noCaps = await pdfOf(capitals, 'fodt', { autoHyphenation: true, hyphenateCaps: false });
      assert.equal(await hyphenatedLines(noCaps), 0, await pdfLayoutText(noCaps));
    },
  );

  test("Word's form fields print as their value, the API's default (preserveFormFields false)", SLOW, async () => {
    // LibreOffice 7.4 writes a FORMTEXT field as its text whatever its export is told, so preserveFormFields
    // true stays reported (docs/options.md).
    const form = fodt(
      `<text:p>Name: <field:fieldmark-start text:name="Text1" field:type="vnd.oasis.opendocument.field.FORMTEXT"/>FieldValue<field:fieldmark-end/> end.</text:p>`,
    );
    const [docx] = await env.convertBytes(form, 'fodt', 'docx');
    assert.match(unzip(docx.bytes).get('word/document.xml').toString(), /FORMTEXT/, 'a Word form field');
    const pdf = await pdfOf(docx.bytes, 'docx', {});
    assert.match(await pdfText(pdf), /Name: FieldValue end\./);
    assert.doesNotMatch(await pdfObjects(pdf), /\/Subtype\s*\/Widget/);
    const applied = appliedOptions({
      sourceFormat: 'docx',
      targetFormat: 'pdf',
      loadOptions: { preserveFormFields: true },
    });
    assert.ok(!applied.has('loadOptions.preserveFormFields'));
  });

  test('preserveDocumentStructure: a tagged PDF, for documents and presentations', SLOW, async () => {
    for (const name of ['four-pages.docx', 'slides.pptx']) {
      const format = name.slice(name.indexOf('.') + 1);
      const plain = await pdfObjects(await pdfOf(await fixtureBytes(name), format, {}));
      assert.doesNotMatch(plain, /\/StructTreeRoot/, name);
      const tagged = await pdfObjects(
        await pdfOf(await fixtureBytes(name), format, { preserveDocumentStructure: true }),
      );
      assert.match(tagged, /\/StructTreeRoot/, name);
      assert.match(tagged, /\/MarkInfo\s*<<\s*\/Marked true/, name);
    }
  });

  test('embedTrueTypeFonts: the saved docx carries its fonts, or none', SLOW, async () => {
    const fonts = (docx) => [...unzip(docx).keys()].filter((part) => part.startsWith('word/fonts/'));
    const source = await fixtureBytes('one-page.docx');
    assert.deepEqual(fonts(source), [], 'the fixture carries no fonts');
    const [embedded] = await env.convertBytes(source, 'docx', 'docx', { loadOptions: { embedTrueTypeFonts: true } });
    assert.ok(fonts(embedded.bytes).length > 0, 'fonts embedded');
    const [kept] = await env.convertBytes(embedded.bytes, 'docx', 'docx', {});
    assert.ok(fonts(kept.bytes).length > 0, 'unset keeps what the source does');
    const [dropped] = await env.convertBytes(embedded.bytes, 'docx', 'docx', {
      loadOptions: { embedTrueTypeFonts: false },
    });
    assert.deepEqual(fonts(dropped.bytes), []);
  });

  test(
    'defaultFont: text in a font this machine lacks is drawn in it: documents, spreadsheets, presentations',
    SLOW,
    async () => {
      const fontsOf = async (bytes, format, loadOptions) =>
        (await fontNames(await pdfOf(bytes, format, loadOptions))).join(' ');
      const missing = await fixtureBytes('missing-font.docx');
      assert.doesNotMatch(await fontsOf(missing, 'docx', {}), /DejaVuSansMono/, 'fontconfig picks another by default');
      assert.match(await fontsOf(missing, 'docx', { defaultFont: 'DejaVu Sans Mono' }), /DejaVuSansMono/);
      // A font the machine has stays as it is.
      const installed = fodt(
        '<text:p text:style-name="Serif">In DejaVu Serif.</text:p>',
        '<style:style style:name="Serif" style:family="paragraph"><style:text-properties style:font-name="DejaVu Serif" fo:font-family="\'DejaVu Serif\'"/></style:style>',
      );
      assert.doesNotMatch(await fontsOf(installed, 'fodt', { defaultFont: 'DejaVu Sans Mono' }), /DejaVuSansMono/);
      const sheet = flatOdf('spreadsheet', {
        fonts: ['Nowhere Grotesk'],
        automaticStyles:
          '<style:style style:name="ce1" style:family="table-cell"><style:text-properties style:font-name="Nowhere Grotesk"/></style:style>',
        body: '<table:table table:name="Sheet1"><table:table-row><table:table-cell table:style-name="ce1" office:value-type="string"><text:p>In a missing font</text:p></table:table-cell></table:table-row></table:table>',
      });
      assert.doesNotMatch(await fontsOf(sheet, 'fods', {}), /DejaVuSansMono/);
      assert.match(await fontsOf(sheet, 'fods', { defaultFont: 'DejaVu Sans Mono' }), /DejaVuSansMono/);
      const slides = flatOdf('presentation', {
        fonts: ['Nowhere Grotesk'],
        automaticStyles:
          '<style:style style:name="P1" style:family="paragraph"><style:text-properties style:font-name="Nowhere Grotesk"/></style:style>',
        body: '<draw:page draw:name="One"><draw:frame svg:x="2cm" svg:y="2cm" svg:width="16cm" svg:height="3cm"><draw:text-box><text:p text:style-name="P1">Slide text in a missing font</text:p></draw:text-box></draw:frame></draw:page>',
      });
      assert.doesNotMatch(await fontsOf(slides, 'fodp', {}), /DejaVuSansMono/);
      assert.match(await fontsOf(slides, 'fodp', { defaultFont: 'DejaVu Sans Mono' }), /DejaVuSansMono/);
    },
  );

  test('which pairs apply them', () => {
    const loadOptions = { updateFields: true, autoHyphenation: true, embedTrueTypeFonts: false };
    const toPdf = appliedOptions({ sourceFormat: 'docx', targetFormat: 'pdf', loadOptions });
    for (const name of ['updateFields', 'autoHyphenation', 'hyphenateCaps'])
      assert.ok(toPdf.has(`loadOptions.${name}`), name);
    assert.ok(!toPdf.has('loadOptions.embedTrueTypeFonts'), 'a PDF embeds its fonts whatever the option');
    const toDocx = appliedOptions({ sourceFormat: 'docx', targetFormat: 'docx', loadOptions });
    assert.ok(toDocx.has('loadOptions.embedTrueTypeFonts'));
    assert.ok(!toDocx.has('loadOptions.updateFields'), 'the view is for targets with pages');
    assert.ok(
      appliedOptions({ sourceFormat: 'pptx', targetFormat: 'png', loadOptions: {} }).has(
        'loadOptions.preserveDocumentStructure',
      ),
    );
  });
});
