// SPDX-License-Identifier: MIT
// ImageConvertOptions' colour adjustments (issue 21 item 2), read back from the pixels: brightness shifts every
// grey level, contrast stretches or squeezes them about mid grey, gamma bends the mid greys, backgroundColor
// shows behind the page (a corner pixel), on raster targets and as a rectangle behind an svg page; and
// WebpConvertOptions.lossless and 25.12's webpOptions.lossless (a lossless webp decodes to exactly the png's pixels). Unset and neutral values
// leave the bytes as they are without them. The page is four-pages.docx's first, black text on white.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { flatConvertOptions } from '../../server/option-model.js';
import { rejectsWith, useConverter } from '../support/converter-env.js';
import { greyStats, imagePixels } from '../support/image-pixels.js';
import { withPdfFile } from '../support/pdf-tools.js';

const run = promisify(execFile);
const SLOW = { timeout: 120_000 };

/** Within ±tolerance of each expected channel value. */
function near(actual, expected, tolerance = 2, what = '') {
  for (const [i, value] of expected.entries()) {
    assert.ok(
      Math.abs(actual[i] - value) <= tolerance,
      `${what} ${JSON.stringify(actual)} ≉ ${JSON.stringify(expected)}`,
    );
  }
}

describe('image colour adjustments', { timeout: 600_000 }, () => {
  const env = useConverter();
  const page = async (format, convertOptions = {}) => {
    const [file] = await env.convert('four-pages.docx', format, {
      convertOptions: { pages: [1], dpi: 48, ...convertOptions },
    });
    return file.bytes;
  };
  const pixels = async (format, convertOptions) => imagePixels(await page(format, convertOptions), format);

  test('unset, 0 and gamma 1 change nothing: the same bytes as without them', SLOW, async () => {
    const plain = await page('png');
    assert.ok(plain.equals(await page('png', { brightness: 0, contrast: 0, gamma: 0, backgroundColor: '' })));
    assert.ok(plain.equals(await page('png', { gamma: 1 })));
  });

  test(
    'brightness: -100 takes 100 from every level (white → 155), 50 lifts the darkest level by 50',
    SLOW,
    async () => {
      const plain = greyStats(await pixels('png'));
      const darker = await pixels('png', { brightness: -100 });
      const lighter = greyStats(await pixels('png', { brightness: 50 }));
      assert.equal(plain.max, 255);
      assert.ok(plain.min < 40, `the text is dark: ${plain.min}`);
      near(darker.at(0, 0), [155, 155, 155], 1, 'corner');
      assert.ok(Math.abs(lighter.min - (plain.min + 50)) <= 1, `darkest ${lighter.min}`);
      const darkerStats = greyStats(darker);
      assert.ok(
        darkerStats.mean < plain.mean && plain.mean < lighter.mean,
        `${darkerStats.mean} < ${plain.mean} < ${lighter.mean}`,
      );
    },
  );

  test('contrast: -50 squeezes the levels into 96..159, 50 leaves fewer mid greys', SLOW, async () => {
    const plain = greyStats(await pixels('png'));
    const flat = greyStats(await pixels('png', { contrast: -50 }));
    const sharp = greyStats(await pixels('png', { contrast: 50 }));
    // ((level - ½) · ((100 - 50) / 100)² + ½) of white and black
    assert.ok(Math.abs(flat.max - 159) <= 1 && flat.min >= 95, `${flat.min}..${flat.max}`);
    assert.ok(plain.mid > 20, `anti-aliased edges: ${plain.mid}`);
    assert.ok(sharp.mid < plain.mid * 0.8, `mid greys ${sharp.mid} of ${plain.mid}`);
    assert.ok(sharp.max - sharp.min >= plain.max - plain.min - 1);
  });

  test('gamma bends mid grey (white brought to 127 by brightness -128): 2 → 180, 0.5 → 63', SLOW, async () => {
    const grey = await pixels('png', { brightness: -128 });
    const lifted = await pixels('png', { brightness: -128, gamma: 2 });
    const lowered = await pixels('png', { brightness: -128, gamma: 0.5 });
    near(grey.at(0, 0), [127, 127, 127], 1, 'no gamma');
    near(lifted.at(0, 0), [180, 180, 180], 1, 'gamma 2'); // 255 · (127/255)^(1/2)
    near(lowered.at(0, 0), [63, 63, 63], 1, 'gamma 0.5'); // 255 · (127/255)^2
  });

  test('the adjustments apply to every raster target: jpg, tiff, bmp, gif, webp', SLOW, async () => {
    for (const format of ['jpg', 'tiff', 'bmp', 'gif', 'webp']) {
      near((await pixels(format, { brightness: -100 })).at(2, 2), [155, 155, 155], 3, format);
    }
  });

  test('backgroundColor: the colour behind the page, in every raster format', SLOW, async () => {
    near((await pixels('png', { backgroundColor: 'Yellow' })).at(0, 0), [255, 255, 0, 255], 0, 'png');
    near((await pixels('jpg', { backgroundColor: '#0000FF', quality: 95 })).at(2, 2), [0, 0, 255], 3, 'jpg');
    near((await pixels('tiff', { backgroundColor: 'green' })).at(0, 0), [0, 128, 0, 255], 0, 'tiff');
    for (const format of ['bmp', 'gif', 'webp']) {
      near((await pixels(format, { backgroundColor: 'Red' })).at(2, 2), [255, 0, 0], 3, format);
    }
    // The text stays on top of it.
    assert.ok(greyStats(await pixels('png', { backgroundColor: 'Yellow' })).min < 40);
    // A watermark's stamp covers only its text: the colour still shows beside it.
    const marked = await pixels('png', { backgroundColor: 'Yellow', watermarkOptions: { text: 'WM', color: 'Red' } });
    near(marked.at(0, 0), [255, 255, 0, 255], 0, 'watermarked');
  });

  test('backgroundColor #AARRGGBB: translucent in png, over white in jpg; grayscale greys it', SLOW, async () => {
    near((await pixels('png', { backgroundColor: '#80FF0000' })).at(0, 0), [255, 0, 0, 128], 1, 'png');
    near((await pixels('jpg', { backgroundColor: '#80FF0000', quality: 95 })).at(2, 2), [255, 127, 127], 4, 'jpg');
    const [r, g, b] = (await pixels('png', { backgroundColor: 'Red', grayscale: true })).at(0, 0);
    assert.ok(r === g && g === b && r > 40 && r < 110, `grey ${[r, g, b]}`);
  });

  test('backgroundColor with rotateAngle: the uncovered corners take the colour too', SLOW, async () => {
    const turned = await pixels('png', { backgroundColor: 'Yellow', rotateAngle: 30 });
    near(turned.at(0, 0), [255, 255, 0, 255], 0, 'corner');
  });

  test('backgroundColor on svg: a rectangle of the colour behind the vectors', SLOW, async () => {
    const svg = await page('svg', { backgroundColor: 'Lime' });
    assert.match(svg.toString('utf8'), /<svg\b[^>]*><rect x="0" y="0" width="100%" height="100%" fill="#00ff00"/);
    const png = await withPdfFile(svg, async (file) => {
      const { stdout } = await run('rsvg-convert', ['--width', '100', file], { encoding: 'buffer' });
      return stdout;
    });
    near((await imagePixels(png, 'png')).at(0, 0), [0, 255, 0, 255], 0, 'rendered svg');
  });

  test('webp lossless: decodes to exactly the png pixels; the default (lossy) does not', SLOW, async () => {
    const png = await pixels('png');
    const lossless = await pixels('webp', { lossless: true });
    const lossy = await pixels('webp');
    assert.ok(lossless.rgba.equals(png.rgba), 'lossless webp = png');
    assert.ok(!lossy.rgba.equals(png.rgba), 'lossy webp ≠ png');
    // .NET 25.12's nested shape, as the HTTP layer hands it to the converter (option-model.js).
    const nested = await pixels('webp', flatConvertOptions({ webpOptions: { lossless: true } }));
    assert.ok(nested.rgba.equals(png.rgba), 'webpOptions.lossless');
  });

  test('bad values are invalid_options naming the option', SLOW, async () => {
    await rejectsWith(page('png', { brightness: 300 }), 'invalid_options', /convertOptions\.brightness/);
    await rejectsWith(page('png', { contrast: 'much' }), 'invalid_options', /convertOptions\.contrast/);
    await rejectsWith(page('png', { gamma: -1 }), 'invalid_options', /convertOptions\.gamma/);
    await rejectsWith(
      page('png', { backgroundColor: 'Blurple' }),
      'invalid_options',
      /convertOptions\.backgroundColor/,
    );
    const applied = (dst, convertOptions) =>
      env.converter.appliedOptions({ sourceFormat: 'docx', targetFormat: dst, convertOptions });
    assert.throws(() => applied('png', { gamma: 'x' }), /convertOptions\.gamma/);
  });

  test('applied where they apply: pixel adjustments on raster targets, the background on svg too', () => {
    const applied = (dst) => env.converter.appliedOptions({ sourceFormat: 'docx', targetFormat: dst });
    for (const name of ['brightness', 'contrast', 'gamma', 'backgroundColor'])
      assert.ok(applied('png').has(`convertOptions.${name}`), name);
    assert.ok(applied('svg').has('convertOptions.backgroundColor'));
    assert.ok(!applied('svg').has('convertOptions.brightness'));
    assert.ok(!applied('pdf').has('convertOptions.backgroundColor'));
    assert.ok(applied('webp').has('convertOptions.lossless'));
    assert.ok(!applied('png').has('convertOptions.lossless'));
  });
});
