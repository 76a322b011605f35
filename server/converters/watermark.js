// SPDX-License-Identifier: MIT
/**
 * The text watermark of PDF and image output (convertOptions.watermarkOptions, issue 18 item 5).
 *
 * LibreOffice draws the watermark (uno_worker.py `stamp`: a Draw page holding one text shape, exported to a
 * one-page PDF with its font embedded), one stamp per visible page size of the output, and qpdf lays it over
 * every page (`--overlay`) or under the page content (`--underlay`, `background: true`). Image targets get
 * it too: their pages are rendered from the stamped PDF.
 *
 * Units are the PDF's: points (1/72 in) from the page's top-left corner. Angles are degrees,
 * counter-clockwise. `image` is not drawn (its meaning is undocumented); applied-options.js reports it.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseColor } from './colors.js';
import { ConversionError } from './errors.js';
import { pageSizes } from './poppler.js';
import { stamp } from './qpdf.js';
import { runTool } from './run-tool.js';

/** What an unset field means. */
export const WATERMARK_DEFAULTS = Object.freeze({ fontName: 'Arial', fontSize: 36, color: 'Black' });

const PATH = 'convertOptions.watermarkOptions';

/** @param {unknown} v a number, or a numeric string when the converter is called without the HTTP layer */
const numberOf = (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v);

/**
 * @param {Record<string, unknown>} o
 * @param {string} name
 * @param {{ min?: number, max?: number }} [range]
 * @returns {number} 0 when unset
 */
function numberField(o, name, { min = -Infinity, max = Infinity } = {}) {
  const v = numberOf(o[name]);
  if (v === undefined || v === null || v === '') return 0;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
    const range = max === Infinity ? `at least ${min}` : `from ${min} to ${max}`;
    throw new ConversionError('invalid_options', `${PATH}.${name} must be a number ${range}`);
  }
  return v;
}

const flag = (v) => v === true || v === 'true';

/**
 * The watermark to draw, or null when there is none (no text: nothing to draw).
 * @param {Record<string, any>} [convertOptions]
 * @returns {null | { text: string, fontName: string, fontSize: number, bold: boolean, italic: boolean,
 *   color: number, transparency: number, rotation: number, left: number, top: number, width: number,
 *   height: number, autoAlign: boolean, background: boolean }} color 0xRRGGBB; transparency 0..100
 * @throws {ConversionError} invalid_options for a value it cannot draw (an unknown colour, a transparency
 *   outside 0..1, a negative size)
 */
export function watermarkSpec(convertOptions) {
  const o = convertOptions?.watermarkOptions;
  if (!o || typeof o !== 'object' || typeof o.text !== 'string' || o.text.trim() === '') return null;
  const transparency = numberField(o, 'transparency', { min: 0, max: 1 });
  const color = parseColor(typeof o.color === 'string' && o.color.trim() !== '' ? o.color : WATERMARK_DEFAULTS.color);
  return {
    text: o.text,
    fontName: typeof o.fontName === 'string' && o.fontName.trim() !== '' ? o.fontName : WATERMARK_DEFAULTS.fontName,
    fontSize: numberField(o, 'fontSize', { min: 0, max: 999 }) || WATERMARK_DEFAULTS.fontSize,
    bold: flag(o.bold),
    italic: flag(o.italic),
    color: color.rgb,
    // An ARGB colour's alpha and the transparency combine: #80FF0000 at transparency 0.5 is 75 % transparent.
    transparency: Math.round(100 * (1 - (1 - transparency) * color.alpha)),
    rotation: numberField(o, 'rotationAngle'),
    left: numberField(o, 'left'),
    top: numberField(o, 'top'),
    width: numberField(o, 'width', { min: 0 }),
    height: numberField(o, 'height', { min: 0 }),
    autoAlign: flag(o.autoAlign),
    background: flag(o.background),
  };
}

/**
 * Writes `output`: `input` with the watermark on every page.
 * @param {string} input
 * @param {string} output
 * @param {{ spec: NonNullable<ReturnType<typeof watermarkSpec>>, dir: string,
 *   drawStamp: (request: { output: string, page: { width: number, height: number }, mark: object }) => Promise<void>,
 *   deadline: import('./errors.js').Deadline }} o drawStamp: runs uno_worker.py's `stamp`
 */
export async function applyWatermark(input, output, { spec, dir, drawStamp, deadline }) {
  // One stamp per visible page size, for the pages of that size (most documents have one size).
  const bySize = new Map();
  for (const { page, width, height } of await pageSizes(input, { deadline })) {
    const key = `${width.toFixed(2)}x${height.toFixed(2)}`;
    if (!bySize.has(key)) bySize.set(key, { width, height, pages: [] });
    bySize.get(key).pages.push(page);
  }
  const { background, ...mark } = spec;
  const stamps = [];
  for (const [i, { width, height, pages }] of [...bySize.values()].entries()) {
    const pdf = join(dir, `watermark-${i}.pdf`);
    await drawStamp({ output: pdf, page: { width, height }, mark });
    await clearPageFill(pdf, { deadline });
    stamps.push({ pdf, pages });
  }
  await stamp(input, output, { stamps, under: background, deadline });
}

// The white fill LibreOffice's Draw export paints over the whole page, right after its clip, before the shapes.
const PAGE_FILL = /(re\nW\* n\n)1 1 1 rg\n[^\n]* m\n[^\n]*\nh\nf\*\n/;

/**
 * Takes the page's white fill out of a stamp: LibreOffice 7.4's Draw export paints every page white before its
 * shapes, whatever the page's background says, and laid over a page that fill hid everything but the
 * watermark. The stamp is rewritten in qpdf's QDF form (content streams uncompressed), the fill removed, and
 * `fix-qdf` (qpdf's) puts the lengths and the cross-reference table right.
 * @param {string} pdf the stamp, rewritten in place
 * @param {{ deadline: import('./errors.js').Deadline }} o
 */
async function clearPageFill(pdf, { deadline }) {
  const qdf = `${pdf}.qdf`;
  const { code } = await runTool('qpdf', ['--qdf', '--object-streams=disable', pdf, qdf], { deadline, pkg: 'qpdf' });
  if (code !== 0 && code !== 3)
    throw new ConversionError('engine_failed', `qpdf could not read the watermark (exit code ${code})`);
  const text = await readFile(qdf, 'latin1');
  const cleared = text.replace(PAGE_FILL, '$1');
  if (cleared !== text) {
    await writeFile(qdf, cleared, 'latin1');
    const fixed = await runTool('fix-qdf', [qdf], { deadline, pkg: 'qpdf' });
    if (fixed.code !== 0)
      throw new ConversionError('engine_failed', `fix-qdf could not write the watermark (exit code ${fixed.code})`);
    await writeFile(pdf, fixed.stdout);
  }
  await rm(qdf, { force: true });
}
