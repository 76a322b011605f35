// SPDX-License-Identifier: MIT
/**
 * Tell a document's format from its bytes. The official Node SDK uploads every file as "file.name",
 * so the server cannot trust (or even see) an extension; a name hint still wins when it is plausible
 * for the bytes (a CFB file named .xlt is an xlt, not the xls the bytes alone suggest).
 *
 * Two strengths of evidence: a signature (zip contents, CFB streams, magic numbers, `{\rtf`) names a
 * format; text without one only suggests a format (txt, csv, html, xml, eml …). A name whose extension is a
 * source format the converter knows outranks a suggestion: `message.eml` is an email, never the `txt` its
 * text looks like (issue 18). Only a signature of another format overrides a known extension.
 */
import { inflateRawSync } from 'node:zlib';
import { sourceFormats } from './formats.js';

const KNOWN_SOURCES = new Set(sourceFormats());

const OOXML_MAIN_TYPES = [
  ['wordprocessingml.document.main', 'docx'],
  ['wordprocessingml.template.main', 'dotx'],
  ['ms-word.document.macroenabled.main', 'docm'],
  ['ms-word.template.macroenabledtemplate.main', 'dotm'],
  ['spreadsheetml.sheet.main', 'xlsx'],
  ['spreadsheetml.template.main', 'xltx'],
  ['ms-excel.sheet.macroenabled.main', 'xlsm'],
  ['ms-excel.sheet.binary.macroenabled.main', 'xlsb'],
  ['ms-excel.template.macroenabled.main', 'xltm'],
  ['presentationml.presentation.main', 'pptx'],
  ['presentationml.slideshow.main', 'ppsx'],
  ['presentationml.template.main', 'potx'],
  ['ms-powerpoint.presentation.macroenabled.main', 'pptm'],
  ['ms-powerpoint.slideshow.macroenabled.main', 'ppsm'],
  ['ms-powerpoint.template.macroenabled.main', 'potm'],
];

const ODF_TYPES = {
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.text-template': 'ott',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
  'application/vnd.oasis.opendocument.spreadsheet-template': 'ots',
  'application/vnd.oasis.opendocument.presentation': 'odp',
  'application/vnd.oasis.opendocument.presentation-template': 'otp',
  'application/vnd.oasis.opendocument.graphics': 'odg',
  'application/epub+zip': 'epub',
};

const FLAT_ODF = { text: 'fodt', spreadsheet: 'fods', presentation: 'fodp', graphics: 'fodg' };

const WORD = ['docx', 'docm', 'dotx', 'dotm'];
const EXCEL = ['xlsx', 'xlsm', 'xltx', 'xltm', 'xlsb'];
const POWERPOINT = ['pptx', 'pptm', 'ppsx', 'ppsm', 'potx', 'potm'];
const TEXT = ['txt', 'csv', 'tsv', 'html', 'htm', 'xml', 'md', 'json'];

/** Extensions a name hint may substitute for what the bytes say. */
const PLAUSIBLE = {
  docx: WORD,
  docm: WORD,
  dotx: WORD,
  dotm: WORD,
  xlsx: EXCEL,
  xlsm: EXCEL,
  xltx: EXCEL,
  xltm: EXCEL,
  xlsb: EXCEL,
  pptx: POWERPOINT,
  pptm: POWERPOINT,
  ppsx: POWERPOINT,
  ppsm: POWERPOINT,
  potx: POWERPOINT,
  potm: POWERPOINT,
  doc: ['doc', 'dot'],
  xls: ['xls', 'xlt', 'xla'],
  ppt: ['ppt', 'pps', 'pot'],
  'encrypted-ooxml': [...WORD, ...EXCEL, ...POWERPOINT],
  jpg: ['jpg', 'jpeg'],
  tif: ['tif', 'tiff'],
  txt: TEXT,
  csv: TEXT,
  html: TEXT,
  fodt: ['fodt', 'xml'],
  fods: ['fods', 'xml'],
  fodp: ['fodp', 'xml'],
};

/**
 * @param {Uint8Array|ArrayBuffer} buffer the document's bytes
 * @param {string} [fileNameHint] a file name or bare extension; "file.name" (the Node SDK's) is harmless
 * @returns {string|null} a lower-case extension such as 'docx', 'xlsx', 'pdf', 'doc', 'txt', 'png', or null
 *   An encrypted OOXML package (CFB holding EncryptionInfo) cannot say what it contains before it is
 *   decrypted: it is 'docx' unless the hint names another OOXML extension.
 */
export function sniffFormat(buffer, fileNameHint) {
  let buf;
  if (Buffer.isBuffer(buffer)) buf = buffer;
  else if (buffer instanceof ArrayBuffer) buf = Buffer.from(buffer);
  else if (ArrayBuffer.isView(buffer)) buf = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  else return null;
  if (buf.length === 0) return null;
  const hint = extensionOf(fileNameHint);
  const signed = sniffSignature(buf);
  if (signed) {
    if (hint && PLAUSIBLE[signed]?.includes(hint)) return hint;
    return signed === 'encrypted-ooxml' ? 'docx' : signed;
  }
  if (hint && KNOWN_SOURCES.has(hint)) return hint;
  const suggested = sniffText(buf);
  if (suggested && hint && PLAUSIBLE[suggested]?.includes(hint)) return hint;
  return suggested;
}

function extensionOf(name) {
  if (typeof name !== 'string' || name === '') return null;
  const base = name.split(/[\\/]/).pop();
  const dot = base.lastIndexOf('.');
  return (dot >= 0 ? base.slice(dot + 1) : base).toLowerCase() || null;
}

// Packages: Office Open XML and ODF are zips, or a CFB when OOXML is encrypted (ECMA-376 agile encryption).
const PACKAGES = new Set(
  'docx docm dotx dotm xlsx xlsm xltx xltm pptx pptm ppsx potx odt ott ods ots odp otp epub'.split(' '),
);
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/**
 * Why `buf` cannot be a `format` file, from its container's signature, or null when it may be: a docx that is
 * not a zip (nor an encrypted CFB), a pdf without %PDF-. LibreOffice's type detection would otherwise open
 * random bytes named .docx as a plain text document and convert them.
 * @param {string} format the source format, lower case
 * @param {Buffer} buf
 * @returns {string | null}
 */
export function signatureMismatch(format, buf) {
  const starts = (sig) => buf.length >= sig.length && buf.subarray(0, sig.length).equals(Buffer.from(sig));
  if (PACKAGES.has(format) && !starts(ZIP) && !starts(CFB))
    return `The document is not a ${format} file: a ${format} is a zip package, and these bytes are not one`;
  if (format === 'pdf' && !buf.subarray(0, 1024).includes('%PDF-'))
    return 'The document is not a PDF: it has no %PDF- header';
  return null;
}

/** A format named by a signature in the bytes, or null. */
function sniffSignature(buf) {
  const starts = (sig, at = 0) =>
    buf.length >= at + sig.length && buf.subarray(at, at + sig.length).equals(Buffer.from(sig));
  if (starts([0x50, 0x4b, 0x03, 0x04])) return sniffZip(buf);
  if (starts([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return sniffCfb(buf);
  if (buf.subarray(0, 1024).includes('%PDF-')) return 'pdf';
  if (starts([0x89, 0x50, 0x4e, 0x47])) return 'png';
  if (starts([0xff, 0xd8, 0xff])) return 'jpg';
  if (starts([0x47, 0x49, 0x46, 0x38])) return 'gif';
  if (starts([0x49, 0x49, 0x2a, 0x00]) || starts([0x4d, 0x4d, 0x00, 0x2a])) return 'tif';
  if (starts([0x42, 0x4d])) return 'bmp';
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
  if (/^(\uFEFF)?\s*\{\\rtf/.test(buf.subarray(0, 64).toString('utf8'))) return 'rtf';
  return null;
}

/** The format that text without a signature suggests, or null for bytes that are not text. */
function sniffText(buf) {
  const head = buf.subarray(0, 8192);
  if (head[0] === 0xff && head[1] === 0xfe) return 'txt'; // UTF-16 with BOM
  if (head[0] === 0xfe && head[1] === 0xff) return 'txt';
  if (head.includes(0)) return null;
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  const email = emailKind(text);
  if (email) return email;
  const lead = text.trimStart().slice(0, 512).toLowerCase();
  if (lead.startsWith('<?xml') || lead.startsWith('<office:document')) {
    const m = /office:mimetype="application\/vnd\.oasis\.opendocument\.(\w+)"/.exec(text);
    if (m && FLAT_ODF[m[1]]) return FLAT_ODF[m[1]];
    if (!/<html[\s>]/i.test(text)) return 'xml';
  }
  if (/^(<!doctype html|<html[\s>]|<head[\s>]|<body[\s>])/.test(lead) || /<html[\s>]/i.test(lead)) return 'html';
  return looksLikeCsv(text) ? 'csv' : 'txt';
}

// Fields that a message carries on its way (RFC 5321/5322/2045); plain notes do not start with them.
const TRANSPORT_FIELDS = new Set([
  'received',
  'return-path',
  'message-id',
  'mime-version',
  'delivered-to',
  'dkim-signature',
]);

/**
 * 'eml' for an RFC 822 message, 'emlx' for Apple Mail's wrapper of one (a line with the message's length,
 * then the message), else null. A message starts with a header block, "Name: value" lines (and folded
 * continuations) up to a blank line, holding From and Date (required by RFC 5322) or a transport field.
 */
function emailKind(text) {
  const wrapped = /^\s*\d+[ \t]*\r?\n/.exec(text);
  if (wrapped) return isMessage(text.slice(wrapped[0].length)) ? 'emlx' : null;
  return isMessage(text) ? 'eml' : null;
}

function isMessage(text) {
  const end = text.search(/\r?\n\r?\n/);
  if (end <= 0) return false;
  const lines = text.slice(0, end).split(/\r?\n/);
  const names = new Set();
  for (const [i, line] of lines.entries()) {
    if (/^[\t ]/.test(line) && i > 0) continue; // a folded continuation
    const field = /^([\x21-\x39\x3b-\x7e]+):/.exec(line);
    if (!field) return false;
    names.add(field[1].toLowerCase());
  }
  return (names.has('from') && names.has('date')) || [...names].some((n) => TRANSPORT_FIELDS.has(n));
}

// Two or more lines with the same (non-zero) number of commas outside quotes: a table, not prose.
function looksLikeCsv(text) {
  const lines = text
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .slice(0, 20);
  if (lines.length < 2) return false;
  const counts = lines.map((l) => l.replace(/"[^"]*"/g, '').split(',').length - 1);
  return counts[0] > 0 && counts.every((c) => c === counts[0]);
}

/**
 * Entries of a zip's central directory: name → method, sizes, local header offset; null when there is no
 * central directory.
 * @param {Buffer} buf
 * @returns {Map<string, { method: number, compressedSize: number, uncompressedSize: number, localOffset: number }> | null}
 */
export function zipEntries(buf) {
  const min = Math.max(0, buf.length - 65557);
  let eocd = -1;
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = new Map();
  for (let n = 0; n < count && p + 46 <= buf.length && buf.readUInt32LE(p) === 0x02014b50; n++) {
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const uncompressedSize = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const localOffset = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    entries.set(name, { method, compressedSize, uncompressedSize, localOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/**
 * The stored (compressed) bytes of a zip entry, from its local header; null when the header is not there.
 * @param {Buffer} buf @param {{ compressedSize: number, localOffset: number }} entry
 */
export function zipEntryData(buf, entry) {
  const p = entry.localOffset;
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== 0x04034b50) return null;
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  return buf.subarray(start, start + entry.compressedSize);
}

function readZipEntry(buf, entry) {
  const stored = zipEntryData(buf, entry);
  if (!stored) return null;
  const data = stored.subarray(0, 1 << 20);
  try {
    if (entry.method === 0) return data.toString('utf8');
    if (entry.method === 8) return inflateRawSync(data, { maxOutputLength: 4 << 20 }).toString('utf8');
  } catch {
    return null;
  }
  return null;
}

function sniffZip(buf) {
  const entries = zipEntries(buf);
  if (!entries) return 'zip';
  if (entries.has('mimetype')) {
    const type = readZipEntry(buf, entries.get('mimetype'))?.trim();
    if (type && ODF_TYPES[type]) return ODF_TYPES[type];
  }
  if (entries.has('[Content_Types].xml')) {
    const types = (readZipEntry(buf, entries.get('[Content_Types].xml')) ?? '').toLowerCase();
    for (const [marker, ext] of OOXML_MAIN_TYPES) if (types.includes(marker)) return ext;
    const names = [...entries.keys()];
    if (names.some((n) => n.startsWith('word/'))) return 'docx';
    if (names.some((n) => n.startsWith('xl/'))) return 'xlsx';
    if (names.some((n) => n.startsWith('ppt/'))) return 'pptx';
  }
  return 'zip';
}

/** Names of the streams and storages in a Compound File Binary (MS-CFB) directory. */
function cfbNames(buf) {
  if (buf.length < 512) return [];
  const sectorSize = 1 << buf.readUInt16LE(30);
  const sectorAt = (s) => 512 + s * sectorSize; // the header occupies the first 512 bytes (v3)
  const fat = [];
  const difat = [];
  for (let i = 0; i < 109; i++) difat.push(buf.readInt32LE(76 + i * 4));
  let nextDifat = buf.readInt32LE(68);
  for (let guard = 0; nextDifat >= 0 && guard < 1000; guard++) {
    const at = sectorAt(nextDifat);
    if (at + sectorSize > buf.length) break;
    for (let i = 0; i < sectorSize / 4 - 1; i++) difat.push(buf.readInt32LE(at + i * 4));
    nextDifat = buf.readInt32LE(at + sectorSize - 4);
  }
  for (const s of difat) {
    if (s < 0) continue;
    const at = sectorAt(s);
    if (at + sectorSize > buf.length) break;
    for (let i = 0; i < sectorSize / 4; i++) fat.push(buf.readInt32LE(at + i * 4));
  }
  const names = [];
  let dir = buf.readInt32LE(48);
  for (let guard = 0; dir >= 0 && guard < 10000; guard++) {
    const at = sectorAt(dir);
    if (at + sectorSize > buf.length) break;
    for (let e = 0; e < sectorSize / 128; e++) {
      const entry = at + e * 128;
      const nameLen = buf.readUInt16LE(entry + 64);
      if (nameLen >= 2 && nameLen <= 64) names.push(buf.subarray(entry, entry + nameLen - 2).toString('utf16le'));
    }
    dir = fat[dir] ?? -1;
  }
  return names;
}

function sniffCfb(buf) {
  const names = new Set(cfbNames(buf));
  if (names.has('EncryptionInfo') && names.has('EncryptedPackage')) return 'encrypted-ooxml';
  if (names.has('WordDocument')) return 'doc';
  if (names.has('Workbook') || names.has('Book')) return 'xls';
  if (names.has('PowerPoint Document')) return 'ppt';
  // Outlook: MAPI properties as __substg1.0_<tag> streams beside __properties_version1.0 ([MS-OXMSG] 2.1).
  if (names.has('__properties_version1.0') && [...names].some((n) => n.startsWith('__substg1.0_'))) return 'msg';
  return null;
}
