// SPDX-License-Identifier: MIT
/**
 * ImageConvertOptions' colour adjustments (issue 21 item 2): brightness, contrast, gamma and backgroundColor,
 * as GraphicsMagick arguments for the rendered pages (images.js applies them).
 *
 * The API documents only "adjust image brightness / contrast / gamma" (ints, a double; unset is 0). GroupDocs
 * renders with Aspose.Imaging, whose RasterImage.AdjustBrightness takes -255..255 and AdjustContrast
 * -100..100; those are the ranges taken here, 0 meaning "no change" for all three:
 * - brightness b: b/255 of full scale added to each of red, green and blue (negative: taken away), clipped.
 * - contrast c: each channel stretched (c > 0) or squeezed (c < 0) about mid grey by ((100 + c) / 100)²,
 *   the usual brightness/contrast formula; -100 leaves a flat mid grey.
 * - gamma g > 0: gamma correction, out = in^(1/g) (GraphicsMagick's -gamma): above 1 lightens the mid
 *   greys, below 1 darkens them; black and white stay.
 * - backgroundColor: a colour name, #RRGGBB or #AARRGGBB (colors.js) behind the page, which is rendered
 *   with a transparent background for it (images.js). Targets without transparency (jpg, bmp) see a
 *   translucent colour over white.
 */
import { parseColor } from './colors.js';
import { ConversionError } from './errors.js';

/** Image targets that keep transparency: a translucent backgroundColor stays translucent in them. */
export const TRANSPARENT_TARGETS = new Set(['png', 'tif', 'tiff', 'webp', 'gif']);

/** What an unset number is: absent, null or "" (the converter may be called with numeric strings). */
const isUnset = (v) => v === undefined || v === null || v === '';

function numberOption(convertOptions, name, { min, max, integer = false, exclusiveMin = false }) {
  const raw = convertOptions?.[name];
  if (isUnset(raw)) return 0;
  const v = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  const ok =
    typeof v === 'number' &&
    Number.isFinite(v) &&
    (!integer || Number.isInteger(v)) &&
    (exclusiveMin ? v > min || v === 0 : v >= min) &&
    v <= max;
  if (!ok) {
    const kind = integer ? 'a whole number' : 'a number';
    const range = exclusiveMin ? `above ${min} (0: unset) up to ${max}` : `from ${min} to ${max}`;
    throw new ConversionError('invalid_options', `convertOptions.${name} must be ${kind} ${range}`);
  }
  return v;
}

/** GraphicsMagick's -operator on red, green and blue (not on the alpha channel). */
const onColours = (operator, value) => ['Red', 'Green', 'Blue'].flatMap((c) => ['-operator', c, operator, value]);
const percent = (fraction) => `${(fraction * 100).toFixed(4)}%`;

/**
 * The background colour in GraphicsMagick's notation: #RRGGBBOO, whose last byte is the opacity's
 * complement (00 opaque, FF invisible).
 * @param {{ rgb: number, alpha: number }} colour
 */
export function gmColour({ rgb, alpha }) {
  const hex = (n, width) => n.toString(16).padStart(width, '0');
  return `#${hex(rgb, 6)}${hex(255 - Math.round(alpha * 255), 2)}`;
}

/**
 * @param {Record<string, any>} [convertOptions]
 * @returns {{ args: string[], applied: string[], background: null | { rgb: number, alpha: number } }}
 *   args: GraphicsMagick's arguments for brightness, contrast and gamma (none when all are unset);
 *   applied: the option names this applies on raster targets; background: the parsed backgroundColor
 * @throws {ConversionError} invalid_options for a value out of range or a colour that is not one
 */
export function imageAdjustments(convertOptions = {}) {
  const o = convertOptions ?? {};
  const args = [];
  const brightness = numberOption(o, 'brightness', { min: -255, max: 255, integer: true });
  if (brightness > 0) args.push(...onColours('Add', percent(brightness / 255)));
  if (brightness < 0) args.push(...onColours('Subtract', percent(-brightness / 255)));

  const contrast = numberOption(o, 'contrast', { min: -100, max: 100, integer: true });
  const factor = ((100 + contrast) / 100) ** 2;
  // (in - ½)·f + ½ in two clipped steps that lose nothing: for f > 1 shift down first (what drops below 0
  // would end below 0 anyway), for f < 1 scale first (nothing can leave the range).
  if (factor > 1)
    args.push(...onColours('Subtract', percent(0.5 - 0.5 / factor)), ...onColours('Multiply', String(factor)));
  if (factor < 1) args.push(...onColours('Multiply', String(factor)), ...onColours('Add', percent(0.5 - 0.5 * factor)));

  const gamma = numberOption(o, 'gamma', { min: 0, max: 100, exclusiveMin: true });
  if (gamma > 0 && gamma !== 1) args.push('-gamma', String(gamma));

  const background = isUnset(o.backgroundColor)
    ? null
    : parseColor(o.backgroundColor, 'convertOptions.backgroundColor');
  return { args, applied: ['brightness', 'contrast', 'gamma', 'backgroundColor'], background };
}
