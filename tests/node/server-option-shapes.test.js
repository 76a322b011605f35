// SPDX-License-Identifier: MIT
// Both option shapes (issue 21 item 1): the flat ConvertOptions the Node 25.10 and older SDKs send
// (`quality`, `compression`) and .NET 25.12's nested objects (`jpegOptions.quality`, `tiffOptions.compression`,
// PascalCase as Newtonsoft writes them) convert alike, read back from the output; a wrong type inside a
// nested object is a 400 naming its full path; unknown names stay accepted; a nested option the conversion
// does not apply is reported in x-groupdocs-ignored-options under the name the request used.

import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureBytes } from '../support/fixtures.js';
import { imageSize } from '../support/converter-env.js';
import { useLocalServer } from '../support/local-server.js';

const HEADER = 'x-groupdocs-ignored-options';
const CONVERT = '/v2.0/conversion';
const SLOW = { timeout: 180_000 };

describe('ConvertOptions in the flat and the nested (.NET 25.12) shape', () => {
  const t = useLocalServer();
  before(async () => {
    assert.equal((await t.upload('shapes/four-pages.docx', await fixtureBytes('four-pages.docx'))).status, 200);
  });

  /** POST /conversion of the four-page document, bytes back (the first result file). */
  const convert = (format, convertOptions) =>
    t.call({ method: 'POST', path: CONVERT, json: { filePath: 'shapes/four-pages.docx', format, convertOptions } });
  const converted = async (format, convertOptions) => {
    const r = await convert(format, convertOptions);
    assert.equal(r.status, 200, r.body.toString());
    return r;
  };

  test(
    'jpg quality and page selection: flat, nested camelCase and nested PascalCase give the same file',
    SLOW,
    async () => {
      const [flat, nested, dotnet, best] = await Promise.all([
        converted('jpg', { pages: [2, 3], quality: 5 }),
        converted('jpg', { pages: [2, 3], jpegOptions: { quality: 5 } }),
        converted('jpg', { Pages: [2, 3], JpegOptions: { Quality: 5 } }),
        converted('jpg', { pages: [2, 3], jpegOptions: { quality: 95 } }),
      ]);
      for (const r of [flat, nested, dotnet, best]) {
        assert.equal(r.headers['x-groupdocs-page-count'], '2');
        assert.equal(r.headers[HEADER], undefined);
        assert.deepEqual(imageSize(r.body), imageSize(flat.body));
      }
      // The same page at the same quality: the same encoder output. (Page 2, not page 1: `pages` applied.)
      assert.equal(nested.body.length, flat.body.length);
      assert.equal(dotnet.body.length, flat.body.length);
      // And the nested quality is what drives it: 95 is a larger file than 5.
      assert.ok(best.body.length > 1.1 * nested.body.length, `${best.body.length} vs ${nested.body.length}`);
      const firstPage = await converted('jpg', { pages: [1], jpegOptions: { quality: 5 } });
      assert.notEqual(firstPage.body.length, nested.body.length);
    },
  );

  test('tiff compression: tiffOptions.compression does what the flat compression does', SLOW, async () => {
    const options = (shape) => ({ pages: [1], dpi: 50, ...shape });
    const [flatNone, nestedNone, nestedLzw] = await Promise.all([
      converted('tiff', options({ compression: 'None' })),
      converted('tiff', options({ tiffOptions: { compression: 'None' } })),
      converted('tiff', options({ TiffOptions: { Compression: 'Lzw' } })),
    ]);
    assert.equal(nestedNone.body.length, flatNone.body.length);
    assert.ok(
      nestedLzw.body.length < nestedNone.body.length / 2,
      `${nestedLzw.body.length} vs ${nestedNone.body.length}`,
    );
    for (const r of [flatNone, nestedNone, nestedLzw]) assert.equal(r.headers[HEADER], undefined);
  });

  test('a wrong type inside a nested object is a 400 naming its path', async () => {
    for (const [convertOptions, path] of [
      [{ jpegOptions: { quality: 'high' } }, 'convertOptions.jpegOptions.quality'],
      [{ JpegOptions: { Quality: true } }, 'convertOptions.jpegOptions.quality'],
      [{ tiffOptions: { compression: 3 } }, 'convertOptions.tiffOptions.compression'],
      [{ webpOptions: { lossless: 'maybe' } }, 'convertOptions.webpOptions.lossless'],
      [{ psdOptions: { channelsCount: 'two' } }, 'convertOptions.psdOptions.channelsCount'],
      [{ rtfOptions: 'yes' }, 'convertOptions.rtfOptions'],
    ]) {
      const r = await convert('jpg', convertOptions);
      assert.equal(r.status, 400, JSON.stringify(convertOptions));
      assert.equal(r.json.error.code, 'InvalidOptions');
      assert.ok(r.json.error.message.includes(`"${path}"`), r.json.error.message);
    }
  });

  test('the same option set in both shapes to different values is a 400 naming both', async () => {
    const r = await convert('jpg', { quality: 50, jpegOptions: { quality: 80 } });
    assert.equal(r.status, 400);
    assert.equal(r.json.error.code, 'InvalidOptions');
    assert.match(r.json.error.message, /"convertOptions\.quality" and "convertOptions\.jpegOptions\.quality"/);
  });

  test('unknown names, at the top or inside a nested object, stay accepted and unreported', SLOW, async () => {
    const r = await converted('jpg', {
      pages: [1],
      jpegOptions: { quality: 40, futureJpegField: 1 },
      futureOptions: { anything: [1, 2] },
    });
    assert.equal(r.headers[HEADER], undefined);
  });

  test('a nested option the conversion does not apply is reported under its nested name', SLOW, async () => {
    const r = await converted('jpg', {
      pages: [1],
      jpegOptions: { quality: 40 },
      tiffOptions: { compression: 'Lzw' },
      WebpOptions: { Lossless: true },
      rtfOptions: { exportImagesForOldReaders: true },
      psdOptions: { colorMode: 'Cmyk' },
    });
    assert.equal(
      r.headers[HEADER],
      [
        'convertOptions.psdOptions.colorMode',
        'convertOptions.rtfOptions.exportImagesForOldReaders',
        'convertOptions.tiffOptions.compression',
        'convertOptions.webpOptions.lossless',
      ].join(','),
    );
    // The flat shape of the same request is reported under the flat names.
    const flat = await converted('jpg', { pages: [1], quality: 40, compression: 'Ccitt4', lossless: true });
    assert.equal(flat.headers[HEADER], 'convertOptions.compression,convertOptions.lossless');
  });
});
