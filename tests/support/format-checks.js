// SPDX-License-Identifier: MIT
/**
 * What a converted file of each target format must be, checked from its structure rather than its size:
 * magic bytes, the zip package's main part (OOXML, ODF, EPUB), pdfinfo's page count, an image's header,
 * text without NUL bytes. Used by the tests that convert every pair GET /formats lists.
 */
import assert from 'node:assert/strict';
import { pdfPages } from './converter-env.js';
import { unzip } from './zip.js';

const starts = (b, text, at = 0) => b.subarray(at, at + text.length).toString('latin1') === text;

function zipPart(b, part, format) {
  assert.ok(b.readUInt32LE(0) === 0x04034b50, `${format}: a zip package`);
  const entries = unzip(b);
  assert.ok(entries.has(part), `${format}: holds ${part} (has ${[...entries.keys()].slice(0, 8).join(', ')})`);
  return entries;
}

function odf(mime) {
  return (b, format) => {
    const entries = zipPart(b, 'content.xml', format);
    assert.equal(entries.get('mimetype').toString(), `application/vnd.oasis.opendocument.${mime}`, format);
  };
}

const cfb = (b, format) => assert.ok(b.readUInt32BE(0) === 0xd0cf11e0, `${format}: a CFB (MS binary) file`);
const text = (b, format) => {
  assert.ok(b.length > 0 && !b.includes(0), `${format}: text without NUL bytes`);
};

const CHECKS = {
  pdf: async (b, format) => {
    assert.ok(starts(b, '%PDF-'), `${format}: %PDF-`);
    assert.ok((await pdfPages(b)) >= 1, `${format}: pdfinfo reads at least one page`);
  },
  doc: cfb,
  dot: cfb,
  xls: cfb,
  xlt: cfb,
  ppt: cfb,
  pps: cfb,
  pot: cfb,
  docx: (b, f) => zipPart(b, 'word/document.xml', f),
  xlsx: (b, f) => zipPart(b, 'xl/workbook.xml', f),
  pptx: (b, f) => zipPart(b, 'ppt/presentation.xml', f),
  odt: odf('text'),
  ott: odf('text-template'),
  ods: odf('spreadsheet'),
  ots: odf('spreadsheet-template'),
  odp: odf('presentation'),
  otp: odf('presentation-template'),
  epub: (b, f) => assert.equal(zipPart(b, 'mimetype', f).get('mimetype').toString(), 'application/epub+zip', f),
  rtf: (b, f) => assert.ok(starts(b, '{\\rtf'), `${f}: {\\rtf`),
  html: (b, f) => assert.match(b.toString('utf8'), /<html/i, `${f}: an HTML page`),
  txt: text,
  csv: text,
  tsv: text,
  md: text,
  jpg: (b, f) => assert.ok(b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff, `${f}: JPEG SOI`),
  png: (b, f) => assert.ok(starts(b, '\x89PNG\r\n\x1a\n'), `${f}: PNG signature`),
  tif: (b, f) => assert.ok(starts(b, 'II*\0') || starts(b, 'MM\0*'), `${f}: TIFF header`),
  bmp: (b, f) => assert.ok(starts(b, 'BM') && b.readUInt32LE(2) === b.length, `${f}: BMP header with its size`),
  gif: (b, f) => assert.ok(starts(b, 'GIF89a') || starts(b, 'GIF87a'), `${f}: GIF header`),
  webp: (b, f) => assert.ok(starts(b, 'RIFF') && starts(b, 'WEBP', 8), `${f}: RIFF WEBP`),
  svg: (b, f) => assert.match(b.toString('utf8', 0, 400), /<svg[\s>]/, `${f}: an SVG document`),
};
const SAME = {
  docm: 'docx',
  dotx: 'docx',
  xlsm: 'xlsx',
  xltx: 'xlsx',
  pptm: 'pptx',
  potx: 'pptx',
  ppsx: 'pptx',
  jpeg: 'jpg',
  tiff: 'tif',
};

/** True when there is a structure check for the format. */
export const hasFormatCheck = (format) => Object.hasOwn(CHECKS, SAME[format] ?? format);

/**
 * Asserts that `bytes` is a well-formed file of `format` (see CHECKS).
 * @param {string} format a target format of GET /formats
 * @param {Buffer} bytes
 */
export async function assertFormat(format, bytes) {
  const check = CHECKS[SAME[format] ?? format];
  assert.ok(check, `a structure check for ${format}`);
  await check(bytes, format);
}
