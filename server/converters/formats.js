// SPDX-License-Identifier: MIT
/**
 * THE converter table: which source formats this server reads, and what each family can become.
 * `GET /formats` (supportedFormats) and the conversion code both read only this table, so the list a
 * client sees and what actually converts cannot disagree.
 *
 * A family is one engine route: LibreOffice Writer / Calc / Impress (through the UNO worker), email
 * messages (rendered as an HTML page by email.js, then Writer), Poppler for PDF sources, or images (made a
 * PDF by GraphicsMagick or rsvg-convert, then treated as a PDF source). Image targets are always "render to
 * PDF, then pdftoppm (pdftocairo for svg), one file per page".
 * A target with `via` takes a longer route (converter.js, routes.js): 'slides' (each page of the rendered PDF
 * becomes a slide, through Impress's PDF import), 'sheets' (tables, or a PDF's text columns, become sheets),
 * 'words' (a PDF's text becomes paragraphs, a page break between pages), 'markdown' (HTML by Writer, then
 * pandoc).
 * Filter names are LibreOffice 7.4's (share/registry/*.xcd); every pair listed here is exercised by
 * tests/node/converters-documents.test.js (email sources: tests/node/server-email.test.js).
 */

/**
 * Image targets: one file per page. `device` is pdftoppm's output switch; `recode` names the format
 * GraphicsMagick turns pdftoppm's PNG into (pdftoppm writes no bmp, gif or webp); `vector` pages are drawn by
 * `pdftocairo -svg`, text and shapes kept as such.
 */
export const RASTER_TARGETS = Object.freeze({
  bmp: { device: '-png', recode: 'bmp' },
  gif: { device: '-png', recode: 'gif' },
  jpg: { device: '-jpeg' },
  jpeg: { device: '-jpeg' },
  png: { device: '-png' },
  svg: { vector: true },
  tif: { device: '-tiff' },
  tiff: { device: '-tiff' },
  webp: { device: '-png', recode: 'webp' },
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
  md: { via: 'markdown' }, // GitHub-flavoured Markdown, by pandoc from Writer's HTML
  // As GroupDocs does them: the document's tables become sheets (one per table; the paragraphs when it has
  // none), its pages become slides (Impress's PDF import of the rendered pages: text stays text).
  xlsx: { via: 'sheets', filter: 'Calc MS Excel 2007 XML', encrypt: 'ooxml' },
  pptx: { via: 'slides', filter: 'Impress MS PowerPoint 2007 XML', encrypt: 'ooxml' },
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
 * PDF sources go through Poppler, and through LibreOffice for office targets. Word-processing targets are
 * made from the text (pdftotext, one paragraph per block, a page break between pages): LibreOffice 7.4's
 * Writer PDF import (writer_pdf_import) puts every line in a positioned frame and every page's frames on
 * page 1, so a 4-page PDF became a 1-page docx with overlapping text (checked). Impress's PDF import keeps
 * pages apart (one slide per page, text editable), so slides come from it.
 */
const PDF_TARGETS = {
  pdf: { tool: 'pdf', paged: true, encrypt: 'pdf' }, // page selection with pdftocairo/pdfunite
  txt: { tool: 'pdftotext' },
  html: { tool: 'pdftohtml' },
  doc: { via: 'words', ...WORDS_TARGETS.doc },
  docx: { via: 'words', ...WORDS_TARGETS.docx },
  odt: { via: 'words', ...WORDS_TARGETS.odt },
  rtf: { via: 'words', ...WORDS_TARGETS.rtf },
  // pdftotext -layout: one sheet per page, one row per line, a new cell wherever 2+ spaces separate text.
  ods: { via: 'sheets', ...CELLS_TARGETS.ods },
  xlsx: { via: 'sheets', ...CELLS_TARGETS.xlsx },
  odp: { via: 'slides', ...SLIDES_TARGETS.odp },
  pptx: { via: 'slides', ...SLIDES_TARGETS.pptx },
};

/** Image sources become a PDF first (one page per image or frame), then take the PDF routes. */
const IMAGE_TARGETS = { pdf: PDF_TARGETS.pdf };

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
      md: { filter: 'HTML (StarWriter)', prepare: 'markdown' }, // pandoc makes it HTML first (markdown.js)
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
  image: {
    // images.js: GraphicsMagick (raster, told the format so it never guesses) or rsvg-convert (svg).
    engine: 'image',
    sources: {
      bmp: { reader: 'bmp' },
      gif: { reader: 'gif' },
      jpeg: { reader: 'jpeg' },
      jpg: { reader: 'jpeg' },
      png: { reader: 'png' },
      svg: { reader: 'svg' },
      tif: { reader: 'tiff' },
      tiff: { reader: 'tiff' },
      webp: { reader: 'webp' },
    },
    targets: IMAGE_TARGETS,
  },
});

/**
 * Formats the vendor reads (its supported-formats page) that no Debian engine installed here reads, and what
 * would convert them: asked for, they are refused as unsupported_format with this hint (GET /formats does
 * not list them). Formats a Debian package could read but this server does not offer (vsdx, xps, psd, pst …)
 * get the plain "not supported" answer instead.
 */
const CAD = "a CAD engine such as ODA File Converter or LibreCAD's dwg2dxf";
const MODEL_3D = 'a 3D engine such as Blender or Assimp';
const PROJECT = 'a project-plan engine such as Microsoft Project or MPXJ';
export const UNREADABLE_SOURCES = Object.freeze({
  ...Object.fromEntries(['cf2', 'dgn', 'dwf', 'dwfx', 'dwg', 'dwt', 'dxf', 'igs', 'plt'].map((f) => [f, CAD])),
  ifc: 'a BIM engine such as IfcOpenShell',
  ...Object.fromEntries(['3ds', 'amf', 'dae', 'fbx', 'gltf', 'obj', 'ply', 'stl', 'u3d'].map((f) => [f, MODEL_3D])),
  ...Object.fromEntries(['mpp', 'mpt', 'mpx', 'xer'].map((f) => [f, PROJECT])),
  one: 'a OneNote engine such as Microsoft OneNote (no free OneNote reader exists)',
  pub: 'a Publisher engine such as libmspub (LibreOffice Draw with its Publisher import)',
  nsf: 'a Lotus Notes engine such as HCL Notes',
});

/** @returns {string | null} why a source format cannot be read here, naming what would read it */
export function unreadableReason(sourceFormat) {
  const fmt = normalizeFormat(sourceFormat);
  if (!Object.hasOwn(UNREADABLE_SOURCES, fmt)) return null;
  return `${fmt} files cannot be converted here: ${fmt} needs ${UNREADABLE_SOURCES[fmt]}, not installed on this server`;
}

/**
 * CSV load filter options for a separator (CsvLoadOptions.separator may override the default): token 8 detects
 * dates and times besides plain numbers, token 13 evaluates a cell that starts with "=" (text-sources.js,
 * csvImport, says when).
 * @param {string} separator
 * @param {{ specialNumbers?: boolean, formulas?: boolean }} [reading]
 */
export function csvLoadOptions(separator, { specialNumbers = true, formulas = false } = {}) {
  const code = typeof separator === 'string' && separator.length > 0 ? separator.codePointAt(0) : 44;
  return `${code},34,76,1,,0,false,${specialNumbers},true,false,false,false,${formulas}`;
}

/** @param {string} format @returns {string} lower case, without a leading dot */
export function normalizeFormat(format) {
  return String(format ?? '')
    .trim()
    .replace(/^\./, '')
    .toLowerCase();
}

/** True for targets written one file per page (bmp, gif, jpg, jpeg, png, svg, tif, tiff, webp). */
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
