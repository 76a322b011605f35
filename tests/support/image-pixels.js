// SPDX-License-Identifier: MIT
// The pixels of an image result of any format the converter writes (png, jpg, tiff, bmp, gif, webp), decoded
// by GraphicsMagick into 8-bit RGBA, and the statistics the image-option tests compare.

import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * @typedef {object} Pixels
 * @property {number} width
 * @property {number} height
 * @property {Buffer} rgba 4 bytes a pixel, rows top to bottom
 * @property {(x: number, y: number) => [number, number, number, number]} at red, green, blue, alpha (255 opaque)
 */

/**
 * Decodes `bytes`, told their format (GraphicsMagick never guesses it here).
 * @param {Uint8Array} bytes
 * @param {string} format png, jpg, tiff, bmp, gif, webp …
 * @returns {Promise<Pixels>}
 */
export async function imagePixels(bytes, format) {
  const dir = await mkdtemp(join(tmpdir(), 'gdconv-pixels-'));
  try {
    const file = join(dir, `image.${format}`);
    await writeFile(file, bytes);
    const source = `${format === 'jpg' ? 'jpeg' : format}:${file}`;
    const { stdout: size } = await run('gm', ['identify', '-format', '%w %h\n', source]);
    const [width, height] = size.split('\n')[0].split(' ').map(Number);
    const { stdout: rgba } = await run('gm', ['convert', source, '-depth', '8', 'rgba:-'], {
      encoding: 'buffer',
      maxBuffer: 256 << 20,
    });
    if (rgba.length !== width * height * 4) throw new Error(`${format}: ${rgba.length} bytes for ${width}x${height}`);
    const at = (x, y) => {
      const i = 4 * (y * width + x);
      return [rgba[i], rgba[i + 1], rgba[i + 2], rgba[i + 3]];
    };
    return { width, height, rgba, at };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Grey levels (the mean of red, green and blue) of every pixel: their mean, lowest, highest, and how many
 * are neither near black nor near white (64..191).
 * @param {Pixels} image
 */
export function greyStats(image) {
  let sum = 0;
  let min = 255;
  let max = 0;
  let mid = 0;
  const n = image.width * image.height;
  for (let i = 0; i < n; i++) {
    const grey = (image.rgba[4 * i] + image.rgba[4 * i + 1] + image.rgba[4 * i + 2]) / 3;
    sum += grey;
    min = Math.min(min, grey);
    max = Math.max(max, grey);
    if (grey >= 64 && grey < 192) mid++;
  }
  return { mean: sum / n, min, max, mid };
}
