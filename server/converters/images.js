// SPDX-License-Identifier: MIT
/**
 * Images, both ways (issue 21 item 3).
 * - Sources: an image becomes a PDF, one page per image (per frame of a multi-page TIFF or GIF), which then
 *   takes the PDF source's routes (page selection, watermark, password, every image target). Raster images
 *   go through GraphicsMagick, told the format the table names (`png:file`), so that it never guesses one
 *   from the bytes and never hands them to a delegate; the page is sized at 96 DPI, the resolution pages
 *   are rendered at by default, so png → png keeps the picture's size (± 1 px: PDF page sizes are whole
 *   points). SVG goes through rsvg-convert (librsvg), which keeps text and shapes as vectors.
 * - Targets: pdftoppm writes jpg, png and tiff itself; bmp, gif and webp are its PNG recoded by
 *   GraphicsMagick; svg pages are drawn by `pdftocairo -svg`.
 * Spawned without a shell and under the job's deadline (run-tool.js).
 */
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { ConversionError } from './errors.js';
import { pdfInfo, runPoppler } from './poppler.js';
import { runTool } from './run-tool.js';

// GraphicsMagick refuses pictures larger than this (16384 x 16384) before decoding them: a few KB of PNG can
// claim a size that needs gigabytes.
const MAX_PIXELS = 2 ** 28;

async function run(tool, args, { deadline, pkg, what }) {
  const { code, stderr } = await runTool(tool, args, { deadline, pkg });
  if (code === 0) return;
  if (/exceeds resource limit/i.test(stderr))
    throw new ConversionError(
      'corrupt_input',
      `The ${what} is too large to convert here: more than ${MAX_PIXELS} pixels`,
    );
  // Both tools say "improper image header", "not a …", "corrupt", "Error reading SVG" … for bad input.
  if (
    /corrupt|improper|not a|unexpected end|error reading|no decode delegate|premature|invalid|unsupported/i.test(stderr)
  )
    throw new ConversionError('corrupt_input', `The ${what} could not be read: it is damaged or not a ${what}`);
  throw new ConversionError('engine_failed', `${tool} failed (exit code ${code})`);
}

/**
 * The image as a PDF, `<dir>/image.pdf`.
 * @param {string} input
 * @param {{ reader: string, dir: string, deadline: import('./errors.js').Deadline }} o reader: the
 *   format's GraphicsMagick name (formats.js), or 'svg'
 * @returns {Promise<string>} the PDF's path
 */
export async function imageToPdf(input, { reader, dir, deadline }) {
  const out = join(dir, 'image.pdf');
  if (reader === 'svg') {
    await run('rsvg-convert', ['--format', 'pdf', '--output', out, input], {
      deadline,
      pkg: 'librsvg2-bin',
      what: 'SVG image',
    });
  } else {
    // -compress Zip: lossless; -units/-density after the input: the page size, whatever the file says.
    const args = [
      'convert',
      '-limit',
      'pixels',
      String(MAX_PIXELS),
      `${reader}:${input}`,
      '-units',
      'PixelsPerInch',
      '-density',
      '96',
      '-compress',
      'Zip',
    ];
    await run('gm', [...args, `pdf:${out}`], {
      deadline,
      pkg: 'graphicsmagick',
      what: `${reader.toUpperCase()} image`,
    });
  }
  return out;
}

/** ImageConvertOptions.flipMode → GraphicsMagick's mirrors: -flop left to right, -flip top to bottom. */
const FLIPS = Object.freeze({ FlipX: ['-flop'], FlipY: ['-flip'], FlipXY: ['-flop', '-flip'] });

/**
 * What ImageConvertOptions turns or mirrors (issue 21 item 2): flipMode, and rotateAngle (degrees clockwise,
 * the corners filled white). The GraphicsMagick arguments, and the option names they apply.
 * @param {Record<string, any>} [convertOptions]
 * @returns {{ args: string[], applied: string[] }}
 */
export function imageTransform(convertOptions = {}) {
  const o = convertOptions ?? {};
  const args = [...(FLIPS[o.flipMode] ?? [])];
  const applied = ['rotateAngle'];
  if (o.flipMode === undefined || o.flipMode === 'None' || Object.hasOwn(FLIPS, o.flipMode)) applied.push('flipMode');
  const angle = Number(o.rotateAngle);
  if (Number.isFinite(angle) && angle % 360 !== 0) args.push('-background', 'white', '-rotate', String(angle));
  return { args, applied };
}

/**
 * Applies imageTransform's `args` to pdftoppm's pages, in place.
 * @param {string[]} files @param {{ args: string[], deadline: import('./errors.js').Deadline }} o
 */
export async function transformImages(files, { args, deadline }) {
  if (args.length === 0) return;
  for (const file of files) {
    await run('gm', ['mogrify', ...args, file], { deadline, pkg: 'graphicsmagick', what: 'rendered page' });
  }
}

/**
 * Recode pdftoppm's PNG pages as bmp, gif or webp, in place of the PNGs (the same paths, new content).
 * @param {string[]} files PNG files
 * @param {{ format: 'bmp'|'gif'|'webp', quality?: number, deadline: import('./errors.js').Deadline }} o
 *   quality: webp's lossy quality (1..100); none means GraphicsMagick's default (75)
 */
export async function recodeImages(files, { format, quality, deadline }) {
  for (const file of files) {
    const out = `${file}.${format}`;
    const args = ['convert', `png:${file}`, ...(format === 'webp' && quality ? ['-quality', String(quality)] : [])];
    await run('gm', [...args, `${format}:${out}`], { deadline, pkg: 'graphicsmagick', what: 'PNG image' });
    await rename(out, file);
  }
  return files;
}

/**
 * One SVG per page of the runs, drawn by pdftocairo (text and shapes stay vectors).
 * @param {string} pdf
 * @param {{ dir: string, runs: Array<[number, number|null]>, deadline: import('./errors.js').Deadline }} o
 * @returns {Promise<string[]>} the SVG files, in page order
 */
export async function svgPages(pdf, { dir, runs, deadline }) {
  const { pages } = await pdfInfo(pdf, { deadline });
  const files = [];
  for (const [first, last] of runs) {
    for (let page = first; page <= Math.min(last ?? pages, pages); page++) {
      const out = join(dir, `svg-page-${page}.svg`);
      await runPoppler('pdftocairo', ['-svg', '-f', String(page), '-l', String(page), pdf, out], { deadline });
      files.push(out);
    }
  }
  return files;
}
