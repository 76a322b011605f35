// SPDX-License-Identifier: MIT
/**
 * GroupDocs LoadOptions / ConvertOptions → what the engines understand. Everything the API defines is
 * accepted (a client never gets an error for sending a field); applied-options.js says which fields change
 * the result for a given pair. Values are validated only where they are used.
 */
import { ConversionError } from './errors.js';

const DEFAULT_DPI = 96; // what GroupDocs renders images at by default; pdftoppm alone would use 150

function positiveInt(value, name, { allowZero = false } = {}) {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'string' ? Number(value.trim()) : value;
  if (!Number.isInteger(n) || n < 0 || (n === 0 && !allowZero)) {
    throw new ConversionError('invalid_options', `convertOptions.${name} must be a whole number of at least 1`);
  }
  return n;
}

/**
 * The pages a conversion keeps, 1-based.
 * `pages` wins over fromPage/pagesCount; fromPage 0 or absent means 1; pagesCount 0 or absent means "to the end".
 * @returns {null | { list: number[] } | { from: number, to: number|null }}
 */
export function pageSelection(convertOptions = {}) {
  const o = convertOptions ?? {};
  if (Array.isArray(o.pages) && o.pages.length > 0) {
    const list = [...new Set(o.pages.map((p) => positiveInt(p, 'pages')))].sort((a, b) => a - b);
    return { list };
  }
  if (o.pages !== undefined && o.pages !== null && !Array.isArray(o.pages)) {
    throw new ConversionError('invalid_options', 'convertOptions.pages must be a list of page numbers');
  }
  const from = positiveInt(o.fromPage, 'fromPage', { allowZero: true }) || 1;
  const count = positiveInt(o.pagesCount, 'pagesCount', { allowZero: true }) || 0;
  if (from === 1 && count === 0) return null;
  return { from, to: count > 0 ? from + count - 1 : null };
}

/** LibreOffice's PDF export PageRange ("2-3", "1,3,4", "2-"), or undefined for all pages. */
export function pageRangeString(selection) {
  if (!selection) return undefined;
  if (selection.list) return selection.list.join(',');
  return `${selection.from}-${selection.to ?? ''}`;
}

/** The original page number of the i-th (0-based) page of a selected rendering, for `<base>-page-<n>` names. */
export function originalPageNumber(selection, index) {
  if (!selection) return index + 1;
  if (selection.list) return selection.list[index];
  return selection.from + index;
}

/** Contiguous [first, last|null] runs of a selection, for tools that take -f/-l (null last = to the end). */
export function pageRuns(selection) {
  if (!selection) return [[1, null]];
  if (!selection.list) return [[selection.from, selection.to]];
  const runs = [];
  for (const p of selection.list) {
    const last = runs.at(-1);
    if (last && last[1] === p - 1) last[1] = p;
    else runs.push([p, p]);
  }
  return runs;
}

/** convertOptions.pdfFormat values LibreOffice's PDF export writes → its SelectPdfVersion. */
export const PDF_VERSIONS = Object.freeze({ PdfA_1B: 1, PdfA_2B: 2, PdfA_3B: 3, v1_5: 15, v1_6: 16 });

/**
 * LibreOffice PDF export FilterData. No encryption here: LibreOffice 7.4 encrypts with RC4-128 only, so
 * the converter encrypts the exported file with qpdf (AES-256) instead.
 * @param {{ selection?: object, pdfFormat?: string }} o pdfFormat: one of PDF_VERSIONS, else ignored
 */
export function pdfFilterData({ selection, pdfFormat } = {}) {
  const data = {};
  const range = pageRangeString(selection);
  if (range) data.PageRange = range;
  if (Object.hasOwn(PDF_VERSIONS, pdfFormat ?? '')) data.SelectPdfVersion = PDF_VERSIONS[pdfFormat];
  return data;
}

/** convertOptions.compression (lower case) → pdftoppm's -tiffcompression. Ccitt3/Ccitt4 have no equivalent. */
export const TIFF_COMPRESSION = Object.freeze({ lzw: 'lzw', none: 'none', rle: 'packbits' });

/**
 * WebpConvertOptions.lossless (flat in 24.4 and 25.10; the HTTP layer flattens 25.12's webpOptions.lossless
 * onto it): the webp target compressed without loss.
 */
export function webpLossless(convertOptions) {
  const v = convertOptions?.lossless;
  return v === true || v === 'true';
}

/**
 * pdftoppm switches for an image target (besides the device and page range).
 * width/height: pixels per page; with only one of them, -1 for the other keeps the aspect ratio.
 */
export function rasterArgs(targetFormat, convertOptions = {}) {
  const o = convertOptions ?? {};
  const num = (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v);
  const positive = (v) => (Number.isFinite(num(v)) && num(v) > 0 ? num(v) : undefined);
  const args = [];
  const width = positive(o.width);
  const height = positive(o.height);
  if (width || height) {
    args.push('-scale-to-x', String(Math.round(width ?? -1)), '-scale-to-y', String(Math.round(height ?? -1)));
  }
  const dpi = positive(o.dpi) ?? DEFAULT_DPI;
  args.push(
    '-rx',
    String(positive(o.horizontalResolution) ?? dpi),
    '-ry',
    String(positive(o.verticalResolution) ?? dpi),
  );
  const quality = positive(o.quality);
  if ((targetFormat === 'jpg' || targetFormat === 'jpeg') && quality) {
    args.push('-jpegopt', `quality=${Math.min(100, Math.round(quality))}`);
  }
  const compression = TIFF_COMPRESSION[String(o.compression ?? '').toLowerCase()];
  if ((targetFormat === 'tif' || targetFormat === 'tiff') && compression) args.push('-tiffcompression', compression);
  if (o.grayscale === true || o.grayscale === 'true') args.push('-gray');
  return args;
}

/** The load password, if any ("" counts as none: the SDKs send empty strings for unset fields). */
export function loadPassword(loadOptions) {
  const p = loadOptions?.password;
  return typeof p === 'string' && p !== '' ? p : undefined;
}

/** The convertOptions password for the output document, if any. */
export function outputPassword(convertOptions) {
  const p = convertOptions?.password;
  return typeof p === 'string' && p !== '' ? p : undefined;
}

/** HtmlConvertOptions.fixedLayout: an html target laid out page by page from the PDF export (converter.js). */
export function isFixedLayout(convertOptions) {
  const v = convertOptions?.fixedLayout;
  return v === true || v === 'true';
}
