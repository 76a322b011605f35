// SPDX-License-Identifier: MIT
// Real conversions through LibreOffice and Poppler (server/converters), checked by their content (pdfinfo,
// pdftotext, magic bytes, image sizes): documents to PDF and images, page options, the whole converter table
// and back, format sniffing, and document info.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sniffFormat, supportedFormats } from '../../server/converters/index.js';
import { FAMILIES, RASTER_TARGETS } from '../../server/converters/formats.js';
import { BUILT_FIXTURES, FIXTURE_PASSWORD, fixtureBytes } from '../support/fixtures.js';
import {
  MAGIC,
  imageSize,
  magicOf,
  pdfInfo,
  pdfPages,
  pdfText,
  rejectsWith,
  useConverter,
} from '../support/converter-env.js';

const env = useConverter();

describe('documents to PDF and images', () => {
  it('four-pages.docx (three page breaks) becomes a 4-page PDF whose pages say who they are', async () => {
    const [pdf] = await env.convert('four-pages.docx', 'pdf');
    assert.equal(pdf.name, 'four-pages.pdf');
    assert.equal(await pdfPages(pdf.bytes), 4);
    assert.match(await pdfText(pdf.bytes, { first: 1, last: 1 }), /Page 1 of four: Alpha/);
    assert.match(await pdfText(pdf.bytes, { first: 4, last: 4 }), /Page 4 of four: Delta/);
  });

  it('four-pages.docx becomes 4 real JPEGs, one per page, sized by width/height/resolution', async () => {
    const files = await env.convert('four-pages.docx', 'jpg');
    assert.deepEqual(
      files.map((f) => f.name),
      [1, 2, 3, 4].map((n) => `four-pages-page-${n}.jpg`),
    );
    for (const f of files) assert.ok(MAGIC.jpg(f.bytes), `${f.name} is a JPEG`);
    const base = imageSize(files[0].bytes); // 96 DPI by default: A4 is 794 x 1123 px
    assert.ok(Math.abs(base.width - 794) <= 2 && Math.abs(base.height - 1123) <= 2, JSON.stringify(base));
    const [half] = await env.convert('four-pages.docx', 'jpg', {
      convertOptions: { horizontalResolution: 48, verticalResolution: 48, pages: [1] },
    });
    assert.ok(Math.abs(imageSize(half.bytes).width - base.width / 2) <= 2);
    const [wide] = await env.convert('four-pages.docx', 'jpg', { convertOptions: { width: 400, pages: [1] } });
    const w = imageSize(wide.bytes);
    assert.equal(w.width, 400);
    assert.ok(
      Math.abs(w.height - Math.round((400 * base.height) / base.width)) <= 2,
      'width alone keeps the aspect ratio',
    );
    const [box] = await env.convert('four-pages.docx', 'png', {
      convertOptions: { width: 300, height: 200, pages: [1] },
    });
    assert.deepEqual(imageSize(box.bytes), { width: 300, height: 200 });
  });

  it('keeps the requested image extension verbatim (jpeg stays jpeg, tif stays tif)', async () => {
    for (const fmt of ['jpeg', 'png', 'tif', 'tiff']) {
      const files = await env.convert('four-pages.docx', fmt, { convertOptions: { pages: [2, 4] } });
      assert.deepEqual(
        files.map((f) => f.name),
        [`four-pages-page-2.${fmt}`, `four-pages-page-4.${fmt}`],
      );
      for (const f of files) assert.ok(magicOf(fmt)(f.bytes), `${f.name} has ${fmt} magic`);
    }
  });

  it('xlsx and pptx become PDFs with their content', async () => {
    const [sheet] = await env.convert('sheet.xlsx', 'pdf');
    assert.equal(await pdfPages(sheet.bytes), 2, 'one page per sheet');
    const sheetText = await pdfText(sheet.bytes);
    assert.match(sheetText, /Revenue/);
    assert.match(sheetText, /4600/, 'the formula was computed');
    assert.match(sheetText, /Zebra marker/);
    const [slides] = await env.convert('slides.pptx', 'pdf');
    assert.equal(await pdfPages(slides.bytes), 2);
    assert.match(await pdfText(slides.bytes, { first: 1, last: 1 }), /Slide one: Mercury/);
    assert.match(await pdfText(slides.bytes, { first: 2, last: 2 }), /Slide two: Venus/);
  });
});

describe('page options', () => {
  it('fromPage/pagesCount and pages select PDF pages', async () => {
    const [two] = await env.convert('four-pages.docx', 'pdf', { convertOptions: { fromPage: 2, pagesCount: 2 } });
    assert.equal(await pdfPages(two.bytes), 2);
    assert.match(await pdfText(two.bytes, { first: 1, last: 1 }), /Bravo/);
    assert.match(await pdfText(two.bytes, { first: 2, last: 2 }), /Charlie/);
    const [tail] = await env.convert('four-pages.docx', 'pdf', { convertOptions: { fromPage: 3 } });
    assert.equal(await pdfPages(tail.bytes), 2);
    const [picked] = await env.convert('four-pages.docx', 'pdf', { convertOptions: { pages: [4, 1] } });
    assert.match(await pdfText(picked.bytes), /Alpha[\s\S]*Delta/);
    assert.equal(await pdfPages(picked.bytes), 2);
  });

  it('selects pages of a PDF source for pdf and image targets', async () => {
    const [pdf] = await env.convert('four-pages.pdf', 'pdf', { convertOptions: { pages: [1, 3, 4] } });
    assert.equal(await pdfPages(pdf.bytes), 3);
    assert.match(await pdfText(pdf.bytes, { first: 2, last: 2 }), /Charlie/);
    const images = await env.convert('four-pages.pdf', 'png', { convertOptions: { fromPage: 3, pagesCount: 9 } });
    assert.deepEqual(
      images.map((f) => f.name),
      ['four-pages-page-3.png', 'four-pages-page-4.png'],
    );
  });

  it('rejects pages the document does not have', async () => {
    await rejectsWith(
      env.convert('four-pages.docx', 'pdf', { convertOptions: { fromPage: 9 } }),
      'invalid_options',
      /not in the document/,
    );
    await rejectsWith(
      env.convert('four-pages.pdf', 'jpg', { convertOptions: { pages: [7] } }),
      'invalid_options',
      /has 4 pages/,
    );
    await rejectsWith(env.convert('four-pages.docx', 'pdf', { convertOptions: { fromPage: -1 } }), 'invalid_options');
  });

  it('honours pdfFormat', async () => {
    const [pdf] = await env.convert('one-page.docx', 'pdf', { convertOptions: { pdfFormat: 'v1_5' } });
    assert.match(await pdfInfo(pdf.bytes), /PDF version:\s+1\.5/);
  });
});

describe('the converter table', () => {
  it('supportedFormats() is the table, sorted', () => {
    const listed = supportedFormats();
    assert.deepEqual(env.converter.supportedFormats(), listed);
    const expected = Object.values(FAMILIES).flatMap((f) =>
      Object.keys(f.sources).map((s) => ({
        sourceFormat: s,
        targetFormats: [...Object.keys(f.targets), ...Object.keys(RASTER_TARGETS)].sort(),
      })),
    );
    expected.sort((a, b) => a.sourceFormat.localeCompare(b.sourceFormat));
    assert.deepEqual(listed, expected);
    const docx = listed.find((f) => f.sourceFormat === 'docx').targetFormats;
    for (const t of ['pdf', 'doc', 'docx', 'odt', 'rtf', 'txt', 'html', 'jpg', 'jpeg', 'png', 'tif', 'tiff'])
      assert.ok(docx.includes(t), t);
    assert.ok(
      env.converter.isRasterTarget('JPEG') &&
        env.converter.isRasterTarget('tif') &&
        !env.converter.isRasterTarget('pdf'),
    );
  });

  // One source per family to every listed target; every target that is also a source goes back to PDF.
  const SAMPLES = {
    words: ['four-pages.docx', /Delta/],
    cells: ['sheet.xlsx', /Revenue/],
    slides: ['slides.pptx', /Venus/],
    pdf: ['four-pages.pdf', /Delta/],
  };
  for (const [family, [fixture, expected]] of Object.entries(SAMPLES)) {
    it(`${family}: ${fixture} converts to every listed target, and back`, async () => {
      const source = fixture.slice(fixture.lastIndexOf('.') + 1);
      const targets = supportedFormats().find((f) => f.sourceFormat === source).targetFormats;
      await Promise.all(
        targets.map(async (target) => {
          const files = await env.convert(fixture, target);
          assert.ok(files.length >= 1, `${source} → ${target}`);
          for (const f of files) {
            assert.ok(
              f.bytes.length > 0 && magicOf(target)(f.bytes),
              `${source} → ${target}: ${f.name} has the right magic`,
            );
          }
          if (['txt', 'html', 'csv', 'tsv', 'md'].includes(target))
            assert.match(files[0].bytes.toString('utf8'), expected, `${source} → ${target}`);
          if (!Object.hasOwn(FAMILIES[family].sources, target) || target === source) return;
          const [back] = await env.converter.convert({
            bytes: files[0].bytes,
            sourceFormat: target,
            targetFormat: 'pdf',
          });
          assert.match(await pdfText(back.bytes), expected, `${source} → ${target} → pdf`);
        }),
      );
    });
  }

  it('reads the flat ODF sources, CSV with a separator, and HTML and text', async () => {
    for (const [name, expected] of [
      ['four-pages.fodt', /Alpha/],
      ['sheet.fods', /Revenue/],
      ['slides.fodp', /Mercury/],
      ['plain.csv', /Quito/],
    ]) {
      const [pdf] = await env.convert(name, 'pdf');
      assert.match(await pdfText(pdf.bytes), expected, name);
    }
    const semicolons = Buffer.from('name;score\nAda;36\nGrace;85\n');
    const [csv] = await env.converter.convert({
      bytes: semicolons,
      sourceFormat: 'csv',
      targetFormat: 'csv',
      loadOptions: { separator: ';' },
    });
    assert.equal(csv.bytes.toString('utf8').trim(), 'name,score\nAda,36\nGrace,85');
    const html = Buffer.from('<!DOCTYPE html><html><body><h1>Hello</h1><p>from <b>HTML</b></p></body></html>');
    const [fromHtml] = await env.converter.convert({ bytes: html, sourceFormat: 'htm', targetFormat: 'docx' });
    const [txt] = await env.converter.convert({ bytes: fromHtml.bytes, sourceFormat: 'docx', targetFormat: 'txt' });
    assert.match(txt.bytes.toString('utf8'), /Hello\s+from HTML/);
  });

  it('refuses what it cannot do, in words a user understands', async () => {
    await rejectsWith(
      env.convert('sheet.xlsx', 'pptx'),
      'unsupported_format',
      /^Cannot convert xlsx to pptx: supported targets for xlsx are .*csv.*pdf.*xlsx/,
    );
    await rejectsWith(
      env.converter.convert({ bytes: Buffer.from('x'), sourceFormat: 'xyz', targetFormat: 'pdf' }),
      'unsupported_format',
      /supported source formats are .*docx/,
    );
    await rejectsWith(
      env.converter.convert({ bytes: Buffer.alloc(0), sourceFormat: 'docx', targetFormat: 'pdf' }),
      'corrupt_input',
      /empty/,
    );
    const garbage = Buffer.concat([Buffer.from([0x50, 0x4b, 3, 4]), Buffer.alloc(300, 7)]);
    await rejectsWith(
      env.converter.convert({ bytes: garbage, sourceFormat: 'docx', targetFormat: 'pdf' }),
      'corrupt_input',
    );
    await rejectsWith(
      env.converter.convert({ bytes: Buffer.from('not a pdf'), sourceFormat: 'pdf', targetFormat: 'png' }),
      'corrupt_input',
    );
    const sheet = await fixtureBytes('sheet.xlsx');
    await rejectsWith(
      env.converter.convert({ bytes: sheet, sourceFormat: 'docx', targetFormat: 'pdf' }),
      'corrupt_input',
      /not a docx file/,
    );
  });
});

describe('sniffFormat', () => {
  it('knows every fixture by its bytes, with or without the SDK\'s "file.name"', async () => {
    for (const name of [...Object.keys(BUILT_FIXTURES), 'four-pages.fodt', 'sheet.fods', 'slides.fodp', 'plain.csv']) {
      const ext = name.slice(name.lastIndexOf('.') + 1);
      const bytes = await fixtureBytes(name);
      assert.equal(sniffFormat(bytes), ext, name);
      assert.equal(sniffFormat(bytes, 'file.name'), ext, `${name} as file.name`);
      assert.equal(sniffFormat(bytes, `upload/${name}`), ext, `${name} with its own name`);
    }
  });

  it('lets a plausible name win and ignores an implausible one', async () => {
    const doc = await fixtureBytes('four-pages.doc');
    assert.equal(sniffFormat(doc, 'template.DOT'), 'dot');
    assert.equal(sniffFormat(doc, 'sheet.xlsx'), 'doc');
    assert.equal(sniffFormat(await fixtureBytes('password-protected.docx'), 'secret.pptx'), 'pptx');
    assert.equal(sniffFormat(await fixtureBytes('sheet.xlsx'), 'x.xlsm'), 'xlsm');
    assert.equal(sniffFormat(Buffer.from('{\\rtf1 hi}')), 'rtf');
    assert.equal(sniffFormat(Buffer.from('<!doctype html><p>x')), 'html');
    assert.equal(sniffFormat(Buffer.from('Just words, and more words.\nAnother line.')), 'txt');
    assert.equal(sniffFormat(Buffer.from('a,b\n1,2\n'), 'file.name'), 'csv');
    assert.equal(sniffFormat(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0])), 'png');
    assert.equal(sniffFormat(Buffer.from([0xff, 0xd8, 0xff, 0xe0]), 'photo.jpeg'), 'jpeg');
    assert.equal(sniffFormat(Buffer.from([1, 2, 0, 3])), null);
    assert.equal(sniffFormat(Buffer.alloc(0)), null);
  });
});

describe('info', () => {
  it('reports the rendered page count and metadata', async () => {
    const meta = await env.converter.info({ bytes: await fixtureBytes('four-pages.docx'), sourceFormat: 'docx' });
    assert.equal(meta.pageCount, 4);
    assert.equal(meta.fileType, 'Docx');
    assert.equal(meta.size, (await fixtureBytes('four-pages.docx')).length);
    assert.equal(meta.isPasswordProtected, false);
    assert.equal(meta.title, 'Four pages');
    assert.equal(meta.createdDate, '2024-01-02T03:04:05Z');
    assert.equal(meta.layers, null);
    const withPassword = await env.converter.info({
      bytes: await fixtureBytes('four-pages.docx'),
      sourceFormat: 'docx',
      loadOptions: { password: 'unneeded' },
    });
    assert.equal(
      withPassword.isPasswordProtected,
      false,
      'a password given for a plain document does not make it protected',
    );
    assert.equal(withPassword.pageCount, 4);
    assert.equal(
      (await env.converter.info({ bytes: await fixtureBytes('slides.pptx'), sourceFormat: 'pptx' })).pageCount,
      2,
    );
    const pdf = await env.converter.info({ bytes: await fixtureBytes('four-pages.pdf'), sourceFormat: 'pdf' });
    assert.equal(pdf.pageCount, 4);
    assert.equal(pdf.fileType, 'Pdf');
  });

  it('does not fail on an encrypted document: isPasswordProtected, pageCount 0 until the password is given', async () => {
    for (const name of ['password-protected.docx', 'password-protected.pdf']) {
      const req = { bytes: await fixtureBytes(name), sourceFormat: name.split('.').pop() };
      assert.deepEqual(
        (({ isPasswordProtected, pageCount }) => ({ isPasswordProtected, pageCount }))(await env.converter.info(req)),
        { isPasswordProtected: true, pageCount: 0 },
        name,
      );
      assert.equal((await env.converter.info({ ...req, loadOptions: { password: 'wrong' } })).pageCount, 0);
      const open = await env.converter.info({ ...req, loadOptions: { password: FIXTURE_PASSWORD } });
      assert.equal(open.pageCount, 1, name);
      assert.equal(open.isPasswordProtected, true, name);
    }
  });
});
