// SPDX-License-Identifier: MIT
// The formats of the vendor's examples (issue 21 item 3), converted for real and read back: pdf → docx/odt
// (paragraphs and pages), docx → xlsx (tables become sheets) and docx/pdf → pptx (pages become slides),
// pdf → xlsx (text columns become cells), images both ways (sizes, pixels, text kept by svg), Markdown both
// ways, and the formats no engine here reads.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { crc32, deflateSync } from 'node:zlib';
import { fixtureBytes } from '../support/fixtures.js';
import { imageSize, pdfInfo, pdfPages, pdfText, rejectsWith, useConverter } from '../support/converter-env.js';
import { decodePng } from '../support/pdf-tools.js';
import { unzip } from '../support/zip.js';

const run = promisify(execFile);
const env = useConverter();
const SLOW = { timeout: 240_000 };

const convertBytes = async (bytes, sourceFormat, targetFormat, extra = {}) =>
  env.converter.convert({ bytes, sourceFormat, targetFormat, baseName: 'doc', ...extra });
const xmlText = (xml) => [...xml.matchAll(/<(?:w|a):t(?:\s[^>]*)?>([^<]*)</g)].map((m) => m[1]).join(' ');

/** An xlsx's sheets, by name, as { A1: 'text', B2: 36 } (shared strings resolved, numbers as numbers). */
function xlsxSheets(bytes) {
  const parts = unzip(bytes);
  const strings = [
    ...parts
      .get('xl/sharedStrings.xml')
      .toString()
      .matchAll(/<si>(.*?)<\/si>/gs),
  ].map((m) => [...m[1].matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((t) => t[1]).join(''));
  const names = [
    ...parts
      .get('xl/workbook.xml')
      .toString()
      .matchAll(/<sheet name="([^"]*)"/g),
  ].map((m) => m[1]);
  return Object.fromEntries(
    names.map((name, i) => {
      const xml = parts.get(`xl/worksheets/sheet${i + 1}.xml`).toString();
      const cells = {};
      for (const [, ref, attrs, value] of xml.matchAll(/<c r="([A-Z]+\d+)"([^>]*)>\s*<v>([^<]*)<\/v>/g))
        cells[ref] = /t="s"/.test(attrs) ? strings[Number(value)] : Number(value);
      return [name, cells];
    }),
  );
}

describe('pdf → word processing', () => {
  it('four-pages.pdf becomes a docx with its text as paragraphs and its 4 pages', SLOW, async () => {
    const [docx] = await env.convert('four-pages.pdf', 'docx');
    const xml = unzip(docx.bytes).get('word/document.xml').toString();
    assert.equal(
      xmlText(xml),
      'Page 1 of four: Alpha. Page 2 of four: Bravo. Page 3 of four: Charlie. Page 4 of four: Delta.',
    );
    assert.equal(xml.match(/<w:br w:type="page"\/>|<w:pageBreakBefore\/>/g)?.length, 3, 'a break before pages 2-4');
    const [back] = await convertBytes(docx.bytes, 'docx', 'pdf');
    assert.equal(await pdfPages(back.bytes), 4);
    assert.match(await pdfText(back.bytes, { first: 3, last: 3 }), /Page 3 of four: Charlie/);
  });

  it('odt, rtf and doc come the same way', SLOW, async () => {
    for (const target of ['odt', 'rtf', 'doc']) {
      const [file] = await env.convert('four-pages.pdf', target);
      const [back] = await convertBytes(file.bytes, target, 'pdf');
      assert.equal(await pdfPages(back.bytes), 4, target);
      assert.match(await pdfText(back.bytes, { first: 4, last: 4 }), /Page 4 of four: Delta/, target);
    }
  });
});

describe('tables become sheets, pages become slides', () => {
  const TWO_TABLES = Buffer.from(
    '<!DOCTYPE html><html><body><p>Intro text.</p>' +
      '<table><tr><td>name</td><td>score</td></tr><tr><td>Ada</td><td>36</td></tr><tr><td>Grace</td><td>85</td></tr></table>' +
      '<p>Between the tables.</p>' +
      '<table><tr><td>city</td><td>country</td><td>code</td></tr><tr><td>Quito</td><td>Ecuador</td><td>EC</td></tr></table>' +
      '</body></html>',
  );

  it('a docx with two tables becomes an xlsx with one sheet per table holding its cells', SLOW, async () => {
    const [docx] = await convertBytes(TWO_TABLES, 'html', 'docx');
    const [xlsx] = await convertBytes(docx.bytes, 'docx', 'xlsx');
    const sheets = xlsxSheets(xlsx.bytes);
    assert.deepEqual(Object.keys(sheets), ['Table1', 'Table2']);
    assert.deepEqual(sheets.Table1, { A1: 'name', B1: 'score', A2: 'Ada', B2: 36, A3: 'Grace', B3: 85 });
    assert.deepEqual(sheets.Table2, { A1: 'city', B1: 'country', C1: 'code', A2: 'Quito', B2: 'Ecuador', C2: 'EC' });
  });

  it('a docx without tables gives one sheet of its paragraphs', SLOW, async () => {
    const [xlsx] = await env.convert('four-pages.docx', 'xlsx');
    const sheets = xlsxSheets(xlsx.bytes);
    assert.deepEqual(Object.keys(sheets), ['Text']);
    assert.equal(sheets.Text.A1, 'Page 1 of four: Alpha.');
    assert.equal(sheets.Text.A4, 'Page 4 of four: Delta.');
  });

  it('a 4-page docx and a 4-page pdf become 4-slide pptx files, one page per slide, text editable', SLOW, async () => {
    for (const fixture of ['four-pages.docx', 'four-pages.pdf']) {
      const [pptx] = await env.convert(fixture, 'pptx');
      const parts = unzip(pptx.bytes);
      const slides = [...parts.keys()].filter((p) => /^ppt\/slides\/slide\d+\.xml$/.test(p)).sort();
      assert.equal(slides.length, 4, fixture);
      assert.match(xmlText(parts.get('ppt/slides/slide2.xml').toString()), /Page 2 of four: Bravo/, fixture);
      const [back] = await convertBytes(pptx.bytes, 'pptx', 'pdf');
      assert.equal(await pdfPages(back.bytes), 4, fixture);
    }
  });

  it("pdf → xlsx: one sheet per page, a PDF table's columns in separate cells", SLOW, async () => {
    const [pdf] = await env.convert('sheet.xlsx', 'pdf');
    const [xlsx] = await convertBytes(pdf.bytes, 'pdf', 'xlsx');
    const sheets = xlsxSheets(xlsx.bytes);
    assert.deepEqual(Object.keys(sheets), ['Page 1', 'Page 2']);
    const rows = Object.entries(sheets['Page 1']);
    const rowOf = (value) => rows.find(([, v]) => v === value)?.[0].replace(/^[A-Z]+/, '');
    assert.ok(rowOf('Revenue'), JSON.stringify(sheets));
    assert.equal(rowOf('Quarter'), rowOf('Revenue'), 'a header row');
    assert.equal(rowOf('Q2'), rowOf(3400), 'Q2 and 3400 share a row, 3400 a number');
    assert.equal(rowOf('Total'), rowOf(4600));
  });
});

describe('images both ways', () => {
  it('png, webp, gif, bmp, jpg and tiff become PDFs at 96 DPI and images of the same size', SLOW, async () => {
    const dir = env.tmp;
    const png = join(dir, 'red.png');
    await run('gm', ['convert', '-size', '160x80', 'xc:#ff0000', png]);
    for (const format of ['png', 'webp', 'gif', 'bmp', 'jpg', 'tiff']) {
      const file = join(dir, `red.${format}`);
      await run('gm', ['convert', png, `${format}:${file}`]);
      const bytes = await readFile(file);
      const [pdf] = await convertBytes(bytes, format, 'pdf');
      assert.match(await pdfInfo(pdf.bytes), /Page size:\s+120 x 60 pts/, `${format}: 160x80 px at 96 DPI`);
      const [image] = await convertBytes(bytes, format, 'png');
      const decoded = decodePng(image.bytes);
      assert.deepEqual([decoded.width, decoded.height], [160, 80], format);
      const [r, g, b] = decoded.at(80, 40);
      assert.ok(r > 240 && g < 15 && b < 15, `${format}: still red (${r},${g},${b})`);
    }
  });

  it('svg keeps its text as text in the PDF; a multi-frame tiff gives one page per frame', SLOW, async () => {
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="120"><rect width="240" height="120" fill="#0000ff"/>' +
        '<text x="20" y="60" font-size="20" fill="#ffffff">Hello SVG</text></svg>',
    );
    const [pdf] = await convertBytes(svg, 'svg', 'pdf');
    assert.match(await pdfText(pdf.bytes), /Hello SVG/);
    assert.match(await pdfInfo(pdf.bytes), /Page size:\s+180 x 90 pts/);
    const frames = join(env.tmp, 'frames.tif');
    await run('gm', ['convert', '-size', '50x50', 'xc:red', 'xc:blue', 'xc:green', frames]);
    const [multi] = await convertBytes(await readFile(frames), 'tif', 'pdf');
    assert.equal(await pdfPages(multi.bytes), 3);
    const info = await env.converter.info({ bytes: await readFile(frames), sourceFormat: 'tif' });
    assert.deepEqual([info.fileType, info.pageCount], ['Tif', 3]);
    // 50 px is 37.5 pt, a PDF page of 38 pt: ± 1 px, as README.md says.
    assert.ok(Math.abs(info.width - 50) <= 1 && Math.abs(info.height - 50) <= 1, `${info.width} x ${info.height}`);
    const svgInfo = await env.converter.info({ bytes: svg, sourceFormat: 'svg' });
    assert.deepEqual([svgInfo.pageCount, svgInfo.width, svgInfo.height], [1, 240, 120]);
    const pages = await convertBytes(await readFile(frames), 'tif', 'jpg', { convertOptions: { pages: [2] } });
    assert.deepEqual(
      pages.map((p) => p.name),
      ['doc-page-2.jpg'],
    );
  });

  it('bmp, gif and webp targets: one file per page at the page size; webp quality applies', SLOW, async () => {
    for (const target of ['bmp', 'gif', 'webp']) {
      const files = await env.convert('four-pages.pdf', target, { convertOptions: { pages: [1, 3] } });
      assert.deepEqual(
        files.map((f) => f.name),
        [`four-pages-page-1.${target}`, `four-pages-page-3.${target}`],
      );
      const path = join(env.tmp, `page.${target}`);
      await writeFile(path, files[1].bytes);
      const { stdout } = await run('gm', ['identify', '-format', '%m %w %h', path]);
      assert.equal(stdout.trim(), `${target.toUpperCase()} 794 1123`, target);
    }
    const [low] = await env.convert('four-pages.pdf', 'webp', { convertOptions: { pages: [1], quality: 5 } });
    const [high] = await env.convert('four-pages.pdf', 'webp', { convertOptions: { pages: [1], quality: 100 } });
    assert.ok(low.bytes.length < high.bytes.length, `${low.bytes.length} < ${high.bytes.length}`);
  });

  it('svg target: one vector page per page, A4 in points', SLOW, async () => {
    const files = await env.convert('four-pages.docx', 'svg');
    assert.equal(files.length, 4);
    for (const f of files)
      assert.match(f.bytes.toString('utf8', 0, 400), /<svg[^>]* width="595\.\d*pt" height="841\.\d*pt"/);
    const [png] = await convertBytes(files[0].bytes, 'svg', 'png', { convertOptions: { width: 397 } });
    assert.equal(imageSize(png.bytes).width, 397, 'and back: the svg is a readable image');
  });

  it('a damaged image is corrupt_input; one claiming 20000 x 20000 pixels is refused before decoding', async () => {
    await rejectsWith(convertBytes(Buffer.from('\x89PNG\r\n\x1a\nnot really'), 'png', 'pdf'), 'corrupt_input');
    const chunk = (type, data) => {
      const body = Buffer.concat([Buffer.from(type), data]);
      const frame = Buffer.alloc(12 + data.length);
      frame.writeUInt32BE(data.length, 0);
      body.copy(frame, 4);
      frame.writeUInt32BE(crc32(body), 8 + data.length);
      return frame;
    };
    const header = Buffer.alloc(13);
    header.writeUInt32BE(20000, 0);
    header.writeUInt32BE(20000, 4);
    header[8] = 8; // 8-bit
    header[9] = 2; // RGB
    const huge = Buffer.concat([
      Buffer.from('89504e470d0a1a0a', 'hex'),
      chunk('IHDR', header),
      chunk('IDAT', deflateSync(Buffer.alloc(16))),
      chunk('IEND', Buffer.alloc(0)),
    ]);
    await rejectsWith(convertBytes(huge, 'png', 'pdf'), 'corrupt_input', /too large to convert here/);
  });
});

describe('Markdown both ways', () => {
  const MD = Buffer.from('# Title here\n\nSome *emphasis* and a list:\n\n- first item\n- second item\n');
  it('md converts as a document: headings, emphasis and lists survive into docx and pdf', SLOW, async () => {
    const [docx] = await convertBytes(MD, 'md', 'docx');
    const xml = unzip(docx.bytes).get('word/document.xml').toString();
    assert.match(xmlText(xml), /Title here .*emphasis.*first item.*second item/);
    assert.match(xml, /w:pStyle w:val="Heading1"/);
    const [pdf] = await convertBytes(MD, 'md', 'pdf');
    assert.match(await pdfText(pdf.bytes), /Title here/);
  });

  it('documents become GitHub-flavoured Markdown', SLOW, async () => {
    const [md] = await convertBytes(MD, 'md', 'md');
    assert.match(md.bytes.toString('utf8'), /^# Title here$/m);
    assert.match(md.bytes.toString('utf8'), /^[-*] +first item$/m);
    const [fromDocx] = await env.convert('four-pages.docx', 'md');
    assert.equal(
      fromDocx.bytes.toString('utf8').trim().split(/\n+/).join('|'),
      'Page 1 of four: Alpha.|Page 2 of four: Bravo.|Page 3 of four: Charlie.|Page 4 of four: Delta.',
    );
  });
});

describe('formats no engine here reads', () => {
  it('dwg, dxf and one are unsupported_format naming what would convert them, for convert and info', async () => {
    const bytes = await fixtureBytes('one-page.docx'); // the bytes do not matter: the format is refused first
    await rejectsWith(
      env.converter.convert({ bytes, sourceFormat: 'dwg', targetFormat: 'pdf' }),
      'unsupported_format',
      /^dwg files cannot be converted here: dwg needs a CAD engine such as ODA File Converter or LibreCAD's dwg2dxf/,
    );
    await rejectsWith(
      env.converter.convert({ bytes, sourceFormat: '.DXF', targetFormat: 'png' }),
      'unsupported_format',
      /dxf needs a CAD engine/,
    );
    await rejectsWith(
      env.converter.info({ bytes, sourceFormat: 'one' }),
      'unsupported_format',
      /one needs a OneNote engine/,
    );
  });
});
