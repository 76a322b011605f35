// SPDX-License-Identifier: MIT
// convertOptions.watermarkOptions on PDF and image output, through the server with the real converter
// (issue 18 item 5): the text is on every page (pdftotext), and rendered pages (pdftoppm) show its colour,
// rotation, transparency, size, position and layer. Before the fix the output was the same with and without.

import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fixturePath } from '../support/fixtures.js';
import { useLocalServer } from '../support/local-server.js';
import { decodePng, fontNames, pageTexts, pixelsWhere, renderPage } from '../support/pdf-tools.js';

const SLOW = { timeout: 180_000 };
const CONVERT = '/v2.0/conversion';
const red = ([r, g, b]) => r > 180 && g < 90 && b < 90;
const dark = ([r, g, b]) => r < 100 && g < 100 && b < 100;
const width = (box) => box.right - box.left + 1;
const height = (box) => box.bottom - box.top + 1;

describe('watermarks', { timeout: 900_000 }, () => {
  const t = useLocalServer({ converter: 'real' });
  before(async () => {
    for (const name of ['four-pages.docx', 'four-pages.pdf']) {
      assert.equal((await t.upload(`in/${name}`, await readFile(await fixturePath(name)))).status, 200);
    }
  });

  /** POST /conversion without outputPath: the bytes of the first result, and the answer's headers. */
  async function convert(watermarkOptions, { file = 'four-pages.docx', format = 'pdf', convertOptions = {} } = {}) {
    const r = await t.call({
      method: 'POST',
      path: CONVERT,
      json: { filePath: `in/${file}`, format, convertOptions: { ...convertOptions, watermarkOptions } },
    });
    assert.equal(r.status, 200, r.body.toString());
    return r;
  }

  test(
    'docx → pdf: the text is on every page, and every option was applied (no ignored-options header)',
    SLOW,
    async () => {
      const plain = await convert(undefined);
      const marked = await convert({ text: 'CONFIDENTIAL-WM', color: 'Red', fontSize: 40 });
      assert.notEqual(marked.body.length, plain.body.length);
      const texts = await pageTexts(marked.body);
      assert.equal(texts.length, 4);
      for (const [i, text] of texts.entries()) {
        assert.match(text, /CONFIDENTIAL-WM/, `page ${i + 1}`);
        assert.match(text, /of four/, `page ${i + 1} keeps its own text`);
      }
      assert.ok(!(await pageTexts(plain.body)).some((text) => text.includes('CONFIDENTIAL-WM')));
      assert.equal(marked.headers['x-groupdocs-ignored-options'], undefined);
    },
  );

  test("the stamp hides nothing: the page's own text still shows around the watermark", SLOW, async () => {
    // LibreOffice's Draw export paints the stamp's page white; laid over the page, that fill hid it all.
    const marked = await convert({ text: 'OVERLAY-WM', color: 'Red' });
    const page = await renderPage(marked.body, { dpi: 72 });
    assert.ok(pixelsWhere(page, red).count > 50, 'the watermark');
    const text = pixelsWhere(page, dark);
    assert.ok(text.count > 50, "the page's text is drawn");
    assert.ok(text.box.bottom < page.height / 4, 'where the page has it: its first line');
  });

  test('pdf → pdf (whatever the source) and only the selected pages', SLOW, async () => {
    const r = await convert({ text: 'PDF-SOURCE-WM' }, { file: 'four-pages.pdf', convertOptions: { pages: [2, 3] } });
    const texts = await pageTexts(r.body);
    assert.equal(texts.length, 2);
    for (const text of texts) assert.match(text, /PDF-SOURCE-WM/);
    assert.match(texts[0], /Bravo/);
  });

  test('color: a name and #RRGGBB give that colour; none is black', SLOW, async () => {
    const [plain, named, hex, unset] = await Promise.all([
      convert(undefined),
      convert({ text: 'HUE', color: 'Red', fontSize: 72 }),
      convert({ text: 'HUE', color: '#0000FF', fontSize: 72 }),
      convert({ text: 'HUE', fontSize: 72 }),
    ]);
    assert.ok(pixelsWhere(await renderPage(named.body), red).count > 50, 'red pixels');
    const blue = pixelsWhere(await renderPage(hex.body), ([r, g, b]) => b > 180 && r < 90 && g < 90);
    assert.ok(blue.count > 50, 'blue pixels');
    const darkCount = async (r) => pixelsWhere(await renderPage(r.body), dark).count;
    assert.ok((await darkCount(unset)) > (await darkCount(plain)) + 50, 'black pixels');
  });

  test('rotationAngle: the text at 0° is a wide, flat band; at 45° its box is about square', SLOW, async () => {
    const mark = { text: 'ROTATED WATERMARK', color: 'Red', fontSize: 48 };
    const [flat, turned] = await Promise.all([convert(mark), convert({ ...mark, rotationAngle: 45 })]);
    const a = pixelsWhere(await renderPage(flat.body), red).box;
    const b = pixelsWhere(await renderPage(turned.body), red).box;
    assert.ok(width(a) / height(a) > 5, `0°: ${width(a)} x ${height(a)}`);
    const ratio = width(b) / height(b);
    assert.ok(ratio > 0.7 && ratio < 1.4, `45°: ${width(b)} x ${height(b)}`);
  });

  test('transparency: 0 is opaque red, 0.8 a pale pink (blended with the white page)', SLOW, async () => {
    const mark = { text: 'SEE THROUGH', color: 'Red', fontSize: 72 };
    const [opaque, faint] = await Promise.all([convert(mark), convert({ ...mark, transparency: 0.8 })]);
    const pale = ([r, g, b]) => r > 240 && g > 150 && g < 235 && Math.abs(g - b) < 20;
    const o = await renderPage(opaque.body);
    const f = await renderPage(faint.body);
    assert.ok(pixelsWhere(o, red).count > 100, 'opaque: saturated red');
    assert.equal(pixelsWhere(f, red).count, 0, '0.8: no saturated red');
    assert.ok(pixelsWhere(f, pale).count > 100, '0.8: pale pink where the text is');
  });

  test("background: under the page, the page's text stays whole; over it, the watermark hides some", SLOW, async () => {
    // Opaque red letters on the first line of text ("Page 1 of four: Alpha." at 57–72 pt from the top).
    const mark = { text: 'WWWWWWWWWW', color: 'Red', fontSize: 48, bold: true, left: 40, top: 36 };
    const [plain, over, under] = await Promise.all([
      convert(undefined),
      convert(mark),
      convert({ ...mark, background: true }),
    ]);
    const dpi = 100;
    const text = pixelsWhere(await renderPage(plain.body, { dpi }), dark);
    const kept = async (r) => {
      const image = await renderPage(r.body, { dpi });
      return (
        [...text.points].filter((p) => dark(image.at(p % image.width, Math.floor(p / image.width)))).length / text.count
      );
    };
    assert.ok(text.count > 100, 'the page has text');
    const [overKept, underKept] = [await kept(over), await kept(under)];
    assert.ok(underKept > 0.95, `under: ${underKept} of the text's pixels stay dark`);
    assert.ok(overKept < 0.8, `over: only ${overKept} stay dark`);
  });

  test(
    'width and left/top: the text is fitted into the width, its box placed from the top-left corner',
    SLOW,
    async () => {
      const r = await convert({ text: 'BOXED', color: 'Red', fontSize: 12, width: 300, left: 100, top: 200 });
      const box = pixelsWhere(await renderPage(r.body, { dpi: 72 }), red).box; // 72 dpi: a pixel is a point
      assert.ok(Math.abs(box.left - 100) <= 12, `left ${box.left}`);
      assert.ok(Math.abs(box.right - 400) <= 12, `right ${box.right}`);
      assert.ok(box.top >= 200 && box.top <= 240, `top ${box.top}`);
    },
  );

  test('height: the text is fitted into the height given', SLOW, async () => {
    const boxOf = async (h) => {
      const r = await convert({ text: 'TALL', color: 'Red', fontSize: 12, height: h, left: 100, top: 200 });
      return pixelsWhere(await renderPage(r.body, { dpi: 72 }), red).box; // 72 dpi: a pixel is a point
    };
    const low = await boxOf(40);
    const high = await boxOf(120);
    assert.ok(height(high) > 2 * height(low), `heights: ${height(low)} for 40 pt, ${height(high)} for 120 pt`);
    assert.ok(height(high) <= 130, `at most the height given: ${height(high)}`);
  });

  test('autoAlign: the text is scaled to fit the page', SLOW, async () => {
    const r = await convert({ text: 'FIT', color: 'Red', autoAlign: true });
    const image = await renderPage(r.body);
    const box = pixelsWhere(image, red).box;
    assert.ok(width(box) > 0.75 * image.width, `${width(box)} of ${image.width}`);
  });

  test('fontName, bold and italic choose the embedded font', SLOW, async () => {
    const r = await convert({ text: 'FONTED', fontName: 'DejaVu Serif', bold: true, italic: true });
    assert.ok((await fontNames(r.body)).includes('DejaVuSerif-BoldItalic'), (await fontNames(r.body)).join(', '));
  });

  test('image targets get the watermark too', SLOW, async () => {
    const [plain, marked] = await Promise.all([
      convert(undefined, { format: 'png' }),
      convert({ text: 'ON IMAGES', color: 'Red', fontSize: 72 }, { format: 'png' }),
    ]);
    assert.equal(marked.headers['x-groupdocs-page-count'], '4');
    assert.equal(pixelsWhere(decodePng(plain.body), red).count, 0);
    assert.ok(pixelsWhere(decodePng(marked.body), red).count > 100);
  });

  test('what it cannot draw is reported: image, and fontSize when width sets the size', SLOW, async () => {
    const r = await convert({ text: 'X', image: 'logo.png', fontSize: 30, width: 200 });
    assert.equal(
      r.headers['x-groupdocs-ignored-options'],
      'convertOptions.watermarkOptions.fontSize,convertOptions.watermarkOptions.image',
    );
    const txt = await convert({ text: 'X', color: 'Red' }, { file: 'four-pages.pdf', format: 'txt' });
    assert.equal(
      txt.headers['x-groupdocs-ignored-options'],
      'convertOptions.watermarkOptions.color,convertOptions.watermarkOptions.text',
    );
  });

  test('values it cannot draw are 400 InvalidOptions naming the option, before any conversion', SLOW, async () => {
    const cases = [
      [{ text: 'X', color: 'Reddish' }, 'convertOptions.watermarkOptions.color'],
      [{ text: 'X', transparency: 2 }, 'convertOptions.watermarkOptions.transparency'],
      [{ text: 'X', width: -5 }, 'convertOptions.watermarkOptions.width'],
    ];
    for (const [watermarkOptions, path] of cases) {
      for (const route of [CONVERT, `${CONVERT}/async`]) {
        const r = await t.call({
          method: 'POST',
          path: route,
          json: {
            filePath: 'in/four-pages.docx',
            format: 'pdf',
            outputPath: 'o',
            convertOptions: { watermarkOptions },
          },
        });
        assert.equal(r.status, 400, `${route} ${JSON.stringify(watermarkOptions)}: ${r.body}`);
        assert.equal(r.json.error.code, 'InvalidOptions');
        assert.ok(r.json.error.message.includes(path), r.json.error.message);
      }
    }
  });
});
