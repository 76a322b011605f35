// SPDX-License-Identifier: MIT
// ImageConvertOptions on image targets, read back from the images: dpi (the pixels per inch, so the size of a
// page in pixels), grayscale (no colour left), flipMode (the pixels mirrored) and rotateAngle (the page
// turned). The page is four-pages.docx's first with a red watermark,
// so that there is colour to lose.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { imageSize, useConverter } from '../support/converter-env.js';
import { decodePng, pixelsWhere } from '../support/pdf-tools.js';

const SLOW = { timeout: 120_000 };
const RED_MARK = { watermarkOptions: { text: 'COLOUR', color: 'Red', fontSize: 60 } };

describe('image target options', { timeout: 300_000 }, () => {
  const env = useConverter();
  const firstPage = async (convertOptions) => {
    const [file] = await env.convert('four-pages.docx', 'png', { convertOptions: { pages: [1], ...convertOptions } });
    return file.bytes;
  };

  test('dpi: a page at 48 dpi is half as wide and high as at 96 (A4: 794 × 1123 px at 96)', SLOW, async () => {
    const at96 = imageSize(await firstPage({ dpi: 96 }));
    const at48 = imageSize(await firstPage({ dpi: 48 }));
    assert.ok(Math.abs(at96.width - 794) <= 2 && Math.abs(at96.height - 1123) <= 2, JSON.stringify(at96));
    assert.ok(Math.abs(at48.width * 2 - at96.width) <= 2, JSON.stringify(at48));
    assert.ok(Math.abs(at48.height * 2 - at96.height) <= 2, JSON.stringify(at48));
  });

  test('grayscale: the red watermark comes out grey, no pixel keeps a colour', SLOW, async () => {
    const coloured = (rgb) => Math.max(...rgb) - Math.min(...rgb) > 24;
    const colour = decodePng(await firstPage({ dpi: 48, ...RED_MARK }));
    assert.ok(pixelsWhere(colour, coloured).count > 100, 'the watermark is red without grayscale');
    const grey = decodePng(await firstPage({ dpi: 48, grayscale: true, ...RED_MARK }));
    assert.equal(pixelsWhere(grey, coloured).count, 0);
  });

  test('flipMode: FlipX mirrors left to right, FlipY top to bottom', SLOW, async () => {
    const plain = decodePng(await firstPage({ dpi: 24, ...RED_MARK }));
    const flippedX = decodePng(await firstPage({ dpi: 24, flipMode: 'FlipX', ...RED_MARK }));
    const flippedY = decodePng(await firstPage({ dpi: 24, flipMode: 'FlipY', ...RED_MARK }));
    const { width: w, height: h } = plain;
    let sameX = 0;
    let sameY = 0;
    let total = 0;
    for (let y = 0; y < h; y += 3) {
      for (let x = 0; x < w; x += 3) {
        total++;
        if (plain.at(x, y).join() === flippedX.at(w - 1 - x, y).join()) sameX++;
        if (plain.at(x, y).join() === flippedY.at(x, h - 1 - y).join()) sameY++;
      }
    }
    assert.ok(sameX / total > 0.98 && sameY / total > 0.98, `mirrored pixels: ${sameX}, ${sameY} of ${total}`);
    const unflipped = pixelsWhere(plain, ([r, g, b]) => r > 180 && g < 90 && b < 90).box;
    const mirrored = pixelsWhere(flippedX, ([r, g, b]) => r > 180 && g < 90 && b < 90).box;
    assert.ok(Math.abs(unflipped.left - (w - 1 - mirrored.right)) <= 2, 'the watermark moved to the mirrored place');
  });

  test('rotateAngle: 90 turns the page, its width and height swap', SLOW, async () => {
    const upright = imageSize(await firstPage({ dpi: 48 }));
    const turned = imageSize(await firstPage({ dpi: 48, rotateAngle: 90 }));
    assert.deepEqual([turned.width, turned.height], [upright.height, upright.width]);
  });
});
