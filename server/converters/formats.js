// SPDX-License-Identifier: MIT
/**
 * THE converter table: which source formats this server reads, and what each family can become.
 * `GET /formats` (supportedFormats) and the conversion code both read only this table, so the list a
 * client sees and what actually converts cannot disagree.
 *
 * A family is one engine route: LibreOffice Writer / Calc / Impress (through the UNO worker), email
 * messages (rendered as an HTML page by email.js, then Writer), or Poppler for PDF sources. Raster targets are always "render to PDF, then pdftoppm, one file per page".
 * Filter names are LibreOffice 7.4's (share/registry/*.xcd); every pair listed here is exercised by
 * tests/node/converters-documents.test.js (email sources: tests/node/server-email.test.js).
 */

/** Raster targets: one file per page, rendered by pdftoppm. `device` is its output switch, `suffix` what it writes. */
export const RASTER_TARGETS = Object.freeze({
  jpg: { device: '-jpeg', suffix: 'jpg' },
  jpeg: { device: '-jpeg', suffix: 'jpg' },
  png: { device: '-png', suffix: 'png' },
  tif: { device: '-tiff', suffix: 'tif' },
  tiff: { device: '-tiff', suffix: 'tif' },
});

// The CSV filter's option string: separator, text delimiter ("), charset 76 (UTF-8), first line 1,
// then (export) token 7 false = quote only text that needs it, token 9 true = cells as shown.
const csvOptions = (separatorCode) => `${separatorCode},34,76,1,,0,false,true,true`;

/**
 * How to save a target. `encrypt` says how convertOptions.password is honoured for it:
 * 'pdf' (PDF open password, AES-256 by qpdf), 'ooxml' (ECMA-376 agile encryption), 'password' (ODF / MS
 * binary encryption).
 * Targets without `encrypt` accept the password and ignore it (the format cannot carry one, e.g. csv,
 * or LibreOffice cannot write it encrypted, e.g. ppt).
 */
const WORDS_TARGETS = {
  pdf: { filter: 'writer_pdf_Export', encrypt: 'pdf', paged: true },
  doc: { filter: 'MS Word 97', encrypt: 'password' },
  docm: { filter: 'MS Word 2007 XML VBA', encrypt: 'ooxml' },
  docx: { filter: 'MS Word 2007 XML', encrypt: 'ooxml' },
  dot: { filter: 'MS Word 97 Vorlage', encrypt: 'password' },
  dotx: { filter: 'MS Word 2007 XML Template', encrypt: 'ooxml' },
  epub: { filter: 'EPUB' },
  html: { filter: 'HTML (StarWriter)', filterOptions: 'EmbedImages' }, // one self-contained file
  odt: { filter: 'writer8', encrypt: 'password' },
  ott: { filter: 'writer8_template', encrypt: 'password' },
  rtf: { filter: 'Rich Text Format' },
  txt: { filter: 'Text (encoded)', filterOptions: 'UTF8' },
};

const CELLS_TARGETS = {
  pdf: { filter: 'calc_pdf_Export', encrypt: 'pdf', paged: true },
  csv: { filter: 'Text - txt - csv (StarCalc)', filterOptions: csvOptions(44) }, // the first sheet, as CSV
  html: { filter: 'HTML (StarCalc)' },
  ods: { filter: 'calc8', encrypt: 'password' },
  ots: { filter: 'calc8_template', encrypt: 'password' },
  tsv: { filter: 'Text - txt - csv (StarCalc)', filterOptions: csvOptions(9) },
  xls: { filter: 'MS Excel 97', encrypt: 'password' },
  xlsm: { filter: 'Calc MS Excel 2007 VBA XML', encrypt: 'ooxml' },
  xlsx: { filter: 'Calc MS Excel 2007 XML', encrypt: 'ooxml' },
  xlt: { filter: 'MS Excel 97 Vorlage/Template', encrypt: 'password' },
  xltx: { filter: 'Calc MS Excel 2007 XML Template', encrypt: 'ooxml' },
};

const SLIDES_TARGETS = {
  pdf: { filter: 'impress_pdf_Export', encrypt: 'pdf', paged: true },
  odp: { filter: 'impress8', encrypt: 'password' },
  otp: { filter: 'impress8_template', encrypt: 'password' },
  pot: { filter: 'MS PowerPoint 97 Vorlage' },
  potx: { filter: 'Impress MS PowerPoint 2007 XML Template', encrypt: 'ooxml' },
  pps: { filter: 'MS PowerPoint 97 AutoPlay' },
  ppsx: { filter: 'Impress MS PowerPoint 2007 XML AutoPlay', encrypt: 'ooxml' },
  ppt: { filter: 'MS PowerPoint 97' },
  pptm: { filter: 'Impress MS PowerPoint 2007 XML VBA', encrypt: 'ooxml' },
  pptx: { filter: 'Impress MS PowerPoint 2007 XML', encrypt: 'ooxml' },
};

/**
 * PDF sources go through Poppler only: LibreOffice's PDF import piles every page onto one drawing page
 * (checked on 7.4), so pdf → docx/odt is not offered rather than offered badly.
 */
const PDF_TARGETS = {
  pdf: { tool: 'pdf', paged: true, encrypt: 'pdf' }, // page selection with pdftocairo/pdfunite
  txt: { tool: 'pdftotext' },
  html: { tool: 'pdftohtml' },
};

/**
 * Source format → how LibreOffice should open it. An empty object lets LibreOffice's type detection
 * decide (reliable for binary and zip formats); plain-text formats name their filter, because detection
 * would otherwise guess the application (HTML would open in Writer/Web, which has no pages).
 */
export const FAMILIES = Object.freeze({
  words: {
    engine: 'office',
    service: 'com.sun.star.text.TextDocument', // what the loaded document must be, or the bytes lied about the format
    sources: {
      doc: {},
      docm: {},
      docx: {},
      dot: {},
      dotx: {},
      fodt: {},
      odt: {},
      ott: {},
      rtf: {},
      htm: { filter: 'HTML (StarWriter)' },
      html: { filter: 'HTML (StarWriter)' },
      txt: { filter: 'Text (encoded)', filterOptions: 'UTF8' },
    },
    targets: WORDS_TARGETS,
  },
  cells: {
    engine: 'office',
    service: 'com.sun.star.sheet.SpreadsheetDocument', // what the loaded document must be, or the bytes lied about the format
    sources: {
      fods: {},
      ods: {},
      ots: {},
      xls: {},
      xlsm: {},
      xlsx: {},
      xlt: {},
      xltx: {},
      csv: { filter: 'Text - txt - csv (StarCalc)', separator: ',' },
      tsv: { filter: 'Text - txt - csv (StarCalc)', separator: '\t' },
    },
    targets: CELLS_TARGETS,
  },
  slides: {
    engine: 'office',
    service: 'com.sun.star.presentation.PresentationDocument', // what the loaded document must be, or the bytes lied about the format
    sources: { fodp: {}, odp: {}, otp: {}, pot: {}, potx: {}, pps: {}, ppsx: {}, ppt: {}, pptm: {}, pptx: {} },
    targets: SLIDES_TARGETS,
  },
  email: {
    // email.js renders the message as an HTML page (header block, body, attachments), which Writer opens.
    engine: 'email',
    service: 'com.sun.star.text.TextDocument',
    sources: {
      eml: { filter: 'HTML (StarWriter)' },
      emlx: { filter: 'HTML (StarWriter)' },
      msg: { filter: 'HTML (StarWriter)' },
    },
    targets: WORDS_TARGETS,
  },
  pdf: {
    engine: 'poppler',
    sources: { pdf: {} },
    targets: PDF_TARGETS,
  },
});

/** CSV load filter options for a separator (CsvLoadOptions.separator may override the default). */
export function csvLoadOptions(separator) {
  const code = typeof separator === 'string' && separator.length > 0 ? separator.codePointAt(0) : 44;
  return csvOptions(code);
}

/** @param {string} format @returns {string} lower case, without a leading dot */
export function normalizeFormat(format) {
  return String(format ?? '')
    .trim()
    .replace(/^\./, '')
    .toLowerCase();
}

/** True for targets written one file per page (jpg, jpeg, png, tif, tiff). */
export function isRasterTarget(format) {
  return Object.hasOwn(RASTER_TARGETS, normalizeFormat(format));
}

/** @returns {{ name: string, format: string, family: object, source: object } | null} */
export function familyOf(sourceFormat) {
  const fmt = normalizeFormat(sourceFormat);
  for (const [name, family] of Object.entries(FAMILIES)) {
    if (Object.hasOwn(family.sources, fmt)) return { name, format: fmt, family, source: family.sources[fmt] };
  }
  return null;
}

/** Sorted target formats for a source format ([] when the source is unknown). */
export function targetsFor(sourceFormat) {
  const found = familyOf(sourceFormat);
  if (!found) return [];
  return [...Object.keys(found.family.targets), ...Object.keys(RASTER_TARGETS)].sort();
}

/** Sorted source formats. */
export function sourceFormats() {
  return Object.values(FAMILIES)
    .flatMap((f) => Object.keys(f.sources))
    .sort();
}

/** [{ sourceFormat, targetFormats }], sorted by source; the shape of GET /formats. */
export function supportedFormats() {
  return sourceFormats().map((sourceFormat) => ({ sourceFormat, targetFormats: targetsFor(sourceFormat) }));
}
