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
 *   GraphicsMagick; svg pages are drawn by `pdftocairo -svg`. With a backgroundColor, pdftocairo renders
 *   transparent PNG pages that are laid over the colour and then recoded (jpg and tiff too).
 * - ImageConvertOptions' adjustments (image-adjust.js) and turns (imageTransform) are GraphicsMagick
 *   arguments applied to the rendered pages (transformImages).
 * Spawned without a shell and under the job's deadline (run-tool.js).
 */
import { open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConversionError } from './errors.js';
import { pdfInfo, rasterize, runPoppler } from './poppler.js';
import { TIFF_COMPRESSION, rasterArgs, webpLossless } from './options.js';
import { TRANSPARENT_TARGETS, gmColour, imageAdjustments } from './image-adjust.js';
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
 * the corners filled with the backgroundColor, white without one). The GraphicsMagick arguments, and the option names they apply.
 * @param {Record<string, any>} [convertOptions]
 * @returns {{ args: string[], applied: string[] }}
 */
export function imageTransform(convertOptions = {}) {
  const o = convertOptions ?? {};
  const args = [...(FLIPS[o.flipMode] ?? [])];
  const applied = ['rotateAngle'];
  if (o.flipMode === undefined || o.flipMode === 'None' || Object.hasOwn(FLIPS, o.flipMode)) applied.push('flipMode');
  const angle = Number(o.rotateAngle);
  // The corners a turn uncovers: the background colour when one is asked for, else white.
  const corners = imageAdjustments(o).background;
  if (Number.isFinite(angle) && angle % 360 !== 0)
    args.push('-background', corners ? gmColour(corners) : 'white', '-rotate', String(angle));
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

/** TIFF compression as pdftoppm names it (options.js) → GraphicsMagick's -compress. */
const GM_TIFF_COMPRESSION = Object.freeze({ none: 'None', lzw: 'LZW', packbits: 'RLE' });

/**
 * Recode PNG pages as bmp, gif, webp, jpeg or tiff, in place of the PNGs (the same paths, new content).
 * @param {string[]} files PNG files
 * @param {{ format: 'bmp'|'gif'|'webp'|'jpeg'|'tiff', quality?: number, lossless?: boolean,
 *   compression?: string, deadline: import('./errors.js').Deadline }} o
 *   quality: webp's and jpeg's lossy quality (1..100); none means GraphicsMagick's default (75);
 *   lossless: webp's lossless mode (WebpConvertOptions.lossless), in which quality is the effort spent;
 *   compression: tiff's, as pdftoppm's -tiffcompression names it (none when absent)
 */
export async function recodeImages(files, { format, quality, lossless = false, compression, deadline }) {
  const options = [];
  if ((format === 'webp' || format === 'jpeg') && quality) options.push('-quality', String(quality));
  if (format === 'webp' && lossless) options.push('-define', 'webp:lossless=true');
  if (format === 'tiff') options.push('-compress', GM_TIFF_COMPRESSION[compression] ?? 'None');
  for (const file of files) {
    const out = `${file}.${format}`;
    await run('gm', ['convert', `png:${file}`, ...options, `${format}:${out}`], {
      deadline,
      pkg: 'graphicsmagick',
      what: 'PNG image',
    });
    await rename(out, file);
  }
  return files;
}

/** PNG's width and height, from its IHDR chunk. */
async function pngSize(file) {
  const handle = await open(file);
  try {
    const { buffer } = await handle.read(Buffer.alloc(24), 0, 24, 0);
    return { width: buffer.readUInt32BE(16), height: buffer.readUInt32BE(20) };
  } finally {
    await handle.close();
  }
}

/**
 * ImageConvertOptions.backgroundColor: the pages rendered by pdftocairo with a transparent background
 * (`-transp`; pdftoppm always paints white), then laid over a canvas of the colour. PNG pages, in order.
 * What the PDF itself paints (a page colour, a white rectangle) stays in front of the colour, as it would
 * on paper of that colour.
 * @param {string} pdf
 * @param {{ dir: string, runs: Array<[number, number|null]>, args: string[], colour: string,
 *   opaque: boolean, grayscale: boolean, deadline: import('./errors.js').Deadline }} o
 *   args: pdftoppm's switches for png (rasterArgs), without -gray; colour: GraphicsMagick's #RRGGBBOO
 *   (image-adjust.js); opaque: the target has no transparency (jpg, bmp): what shows through a
 *   translucent colour is white; grayscale: the result in shades of grey
 */
export async function renderOnBackground(pdf, { dir, runs, args, colour, opaque, grayscale, deadline }) {
  const pages = await rasterize(pdf, {
    dir,
    device: '-png',
    runs,
    args: [...args, '-transp'],
    deadline,
    tool: 'pdftocairo',
  });
  const gm = (what, ...argv) => run('gm', argv, { deadline, pkg: 'graphicsmagick', what });
  for (const page of pages) {
    const { width, height } = await pngSize(page);
    const canvas = `${page}.canvas.png`;
    await gm('background', 'convert', '-size', `${width}x${height}`, `xc:${colour}`, `png:${canvas}`);
    // composite, not -flatten: GraphicsMagick's -flatten drops a translucent background's opacity.
    await gm('rendered page', 'composite', `png:${page}`, `png:${canvas}`, `png:${canvas}`);
    const finish = [
      ...(opaque ? ['-background', 'white', '-flatten'] : []),
      ...(grayscale ? ['-colorspace', 'GRAY'] : []),
    ];
    await gm('rendered page', 'convert', `png:${canvas}`, ...finish, `png:${page}`);
    await rm(canvas, { force: true });
  }
  return pages;
}

/**
 * A background rectangle of `colour` behind an SVG page of pdftocairo's (whose pages are otherwise
 * transparent), as the first thing the root element draws.
 * @param {string} svg the file, rewritten in place @param {{ rgb: number, alpha: number }} colour
 */
export async function svgBackground(svg, { rgb, alpha }) {
  const text = await readFile(svg, 'utf8');
  const root = /<svg\b[^>]*>/.exec(text);
  if (!root) throw new ConversionError('engine_failed', 'pdftocairo wrote an SVG page without its root element');
  const fill = `#${rgb.toString(16).padStart(6, '0')}`;
  const rect = `<rect x="0" y="0" width="100%" height="100%" fill="${fill}" fill-opacity="${alpha.toFixed(3)}"/>`;
  const at = root.index + root[0].length;
  await writeFile(svg, text.slice(0, at) + rect + text.slice(at));
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

/**
 * The pages of `pdf` in `runs` as image files of the target's format, with ImageConvertOptions applied:
 * pdftoppm's switches (options.js), the background colour, the adjustments (image-adjust.js), the turns
 * (imageTransform) and the recoding (quality, compression, webp's lossless mode).
 * @param {string} pdf
 * @param {{ dir: string, dst: string, raster: { device?: string, recode?: string, vector?: boolean },
 *   runs: Array<[number, number|null]>, convertOptions?: Record<string, any>,
 *   deadline: import('./errors.js').Deadline }} o raster: the target's row of RASTER_TARGETS (formats.js)
 * @returns {Promise<string[]>} the files, in page order
 */
export async function renderPages(pdf, { dir, dst, raster, runs, convertOptions = {}, deadline }) {
  const adjust = imageAdjustments(convertOptions);
  if (raster.vector) {
    const files = await svgPages(pdf, { dir, runs, deadline });
    if (adjust.background) for (const file of files) await svgBackground(file, adjust.background);
    return files;
  }
  let files;
  let recode = raster.recode;
  if (adjust.background) {
    // pdftocairo's transparent PNG pages over the colour; jpg and tiff are then recoded from PNG too.
    files = await renderOnBackground(pdf, {
      dir,
      runs,
      args: rasterArgs('png', { ...convertOptions, grayscale: false }),
      colour: gmColour(adjust.background),
      opaque: !TRANSPARENT_TARGETS.has(dst),
      grayscale: convertOptions?.grayscale === true || convertOptions?.grayscale === 'true',
      deadline,
    });
    recode ??= { '-jpeg': 'jpeg', '-tiff': 'tiff' }[raster.device];
  } else {
    files = await rasterize(pdf, { dir, device: raster.device, runs, args: rasterArgs(dst, convertOptions), deadline });
  }
  const quality = Number(convertOptions?.quality) > 0 ? Math.min(100, Math.round(convertOptions.quality)) : undefined;
  const pageArgs = [...adjust.args, ...imageTransform(convertOptions).args];
  // pdftoppm's JPEG pages are encoded again: at the quality asked for, not GraphicsMagick's default.
  if (pageArgs.length > 0 && !recode && raster.device === '-jpeg' && quality)
    pageArgs.push('-quality', String(quality));
  await transformImages(files, { args: pageArgs, deadline });
  if (recode) {
    const compression = TIFF_COMPRESSION[String(convertOptions?.compression ?? '').toLowerCase()];
    await recodeImages(files, {
      format: recode,
      quality,
      lossless: webpLossless(convertOptions),
      compression,
      deadline,
    });
  }
  return files;
}
