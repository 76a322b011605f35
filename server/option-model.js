// SPDX-License-Identifier: MIT
// The API's LoadOptions, ConvertOptions and WatermarkOptions as data (reference §5, §5.1): every field the
// SDKs (24.4.0 and v25) can send, with its type and its default. Two uses:
// - validateOptions: a value of the wrong type is a 400 InvalidOptions naming the option, never a 500
//   (issue 18, "bad input"); numeric strings ("150") and "true"/"false" are accepted and made typed.
// - setOptionPaths: which options a request really sets. A field counts as set only when its value differs
//   from the model's default, because the .NET SDK sends every field with its default (false, 0, "",
//   "Default") and those must not be reported as ignored (x-groupdocs-ignored-options, issue 18 item 5).
// Unknown names stay accepted and are neither validated nor reported, as the API does.

import { ApiError } from './http-util.js';

const field = (kind, extra = {}) => ({ kind, defaults: [], ...extra });
const bool = (defaultValue = false) => field('boolean', { defaults: [defaultValue] });
const number = (...defaults) => field('number', { defaults: [0, ...defaults] });
const integer = () => field('integer', { defaults: [0] });
const string = () => field('string', { defaults: [''] });
const oneOf = (...values) => field('enum', { values, defaults: [values[0]] });
const listOf = (item) => field('array', { item });
const stringMap = () => field('map');
const model = (fields) => field('object', { fields });

const WATERMARK_OPTIONS = model({
  text: string(),
  fontName: string(),
  fontSize: number(),
  bold: bool(),
  italic: bool(),
  color: string(),
  width: number(),
  height: number(),
  top: number(),
  left: number(),
  rotationAngle: number(),
  transparency: number(),
  background: bool(),
  image: string(),
  autoAlign: bool(),
});

/** ConvertOptions: the base class and every family class's fields (one flat object on the wire, §5.1). */
const CONVERT_OPTIONS = model({
  fromPage: integer(),
  pagesCount: integer(),
  pages: listOf(integer()),
  watermarkOptions: WATERMARK_OPTIONS,
  // PdfConvertOptions
  width: number(),
  height: number(),
  dpi: number(96),
  password: string(),
  marginTop: number(),
  marginBottom: number(),
  marginLeft: number(),
  marginRight: number(),
  pdfFormat: oneOf(
    'Default',
    'PdfA_1A',
    'PdfA_1B',
    'PdfA_2A',
    'PdfA_3A',
    'PdfA_2B',
    'PdfA_2U',
    'PdfA_3B',
    'PdfA_3U',
    'v1_3',
    'v1_4',
    'v1_5',
    'v1_6',
    'v1_7',
    'PdfX_1A',
    'PdfX3',
  ),
  removePdfaCompliance: bool(),
  zoom: number(100),
  linearize: bool(),
  linkDuplicateStreams: bool(),
  removeUnusedObjects: bool(),
  removeUnusedStreams: bool(),
  compressImages: bool(),
  imageQuality: number(100),
  unembedFonts: bool(),
  grayscale: bool(),
  centerWindow: bool(),
  direction: oneOf('L2R', 'R2L'),
  displayDocTitle: bool(),
  fitWindow: bool(),
  hideMenuBar: bool(),
  hideToolBar: bool(),
  hideWindowUI: bool(),
  nonFullScreenPageMode: oneOf('UseNone', 'UseOutlines', 'UseThumbs', 'FullScreen', 'UseOC', 'UseAttachments'),
  pageLayout: oneOf(
    'Default',
    'SinglePage',
    'OneColumn',
    'TwoColumnLeft',
    'TwoColumnRight',
    'TwoPageLeft',
    'TwoPageRight',
  ),
  pageMode: oneOf('UseNone', 'UseOutlines', 'UseThumbs', 'FullScreen', 'UseOC', 'UseAttachments'),
  rotate: oneOf('None', 'On90', 'On180', 'On270'),
  pageSize: oneOf(
    'Default',
    'A3',
    'Statement',
    'Quarto',
    'Paper11x17',
    'Paper10x14',
    'Letter',
    'Legal',
    'Ledger',
    'Folio',
    'Executive',
    'EnvelopeDL',
    'Custom',
    'B5',
    'B4',
    'A5',
    'A4',
    'Tabloid',
  ),
  pageOrientation: oneOf('Default', 'Landscape', 'Portrait'),
  // ImageConvertOptions and its subclasses
  horizontalResolution: number(96),
  verticalResolution: number(96),
  rotateAngle: number(),
  usePdf: bool(),
  brightness: number(),
  contrast: number(),
  gamma: number(),
  flipMode: oneOf('None', 'FlipX', 'FlipY', 'FlipXY'),
  backgroundColor: string(),
  quality: number(),
  compression: oneOf('Lzw', 'None', 'Ccitt3', 'Ccitt4', 'Rle'),
  lossless: bool(),
  channelBitsCount: number(),
  channelsCount: number(),
  colorMode: oneOf('Bitmap', 'Grayscale', 'Indexed', 'Rgb', 'Cmyk', 'Multichannel', 'Duotone', 'Lab'),
  compressionMethod: oneOf('Raw', 'Rle', 'ZipWithoutPrediction', 'ZipWithPrediction'),
  version: number(),
  // WordProcessing, Rtf, Web
  pdfRecognitionMode: oneOf('Textbox', 'Flow'),
  exportImagesForOldReaders: bool(),
  fixedLayout: bool(),
  fixedLayoutShowBorders: bool(),
});

/** LoadOptions: the base class and every family class's fields, 24.4.0 and v25 (§5.1). */
const LOAD_OPTIONS = model({
  format: string(),
  password: string(),
  defaultFont: string(),
  fontSubstitutes: stringMap(),
  // WordProcessing
  autoFontSubstitution: bool(),
  hideWordTrackedChanges: bool(),
  hideComments: bool(),
  bookmarksOutlineLevel: integer(),
  headingsOutlineLevels: integer(),
  expandedOutlineLevels: integer(),
  clearCustomDocumentProperties: bool(),
  clearBuiltInDocumentProperties: bool(),
  depth: integer(),
  convertOwned: bool(),
  convertOwner: bool(),
  autoHyphenation: bool(),
  hyphenateCaps: bool(),
  pageNumbering: bool(),
  preserveDocumentStructure: bool(),
  skipExternalResources: bool(),
  useTextShaper: bool(),
  preserveFormFields: bool(),
  commentDisplayMode: oneOf('Hidden', 'Balloon', 'Annotation'),
  keepDateFieldOriginalValue: bool(),
  updateFields: bool(),
  updatePageLayout: bool(),
  embedTrueTypeFonts: bool(),
  showFullCommenterName: bool(),
  // Spreadsheet, Csv
  showGridLines: bool(),
  showHiddenSheets: bool(),
  onePagePerSheet: bool(),
  convertRange: string(),
  skipEmptyRowsAndColumns: bool(),
  rowsPerPage: integer(),
  columnsPerPage: integer(),
  autoFitRows: bool(),
  allColumnsInOnePagePerSheet: bool(),
  cultureInfo: string(),
  checkExcelRestriction: bool(),
  optimizePdfSize: bool(),
  sheetIndexes: listOf(integer()),
  sheets: listOf(string()),
  printComments: oneOf('PrintInPlace', 'PrintNoComments', 'PrintSheetEnd', 'PrintWithThreadedComments'),
  resetFontFolders: bool(),
  separator: string(),
  isMultiEncoded: bool(),
  hasFormula: bool(),
  convertNumericData: bool(),
  convertDateTimeData: bool(),
  encoding: string(),
  // Presentation
  showHiddenSlides: bool(),
  commentsPosition: oneOf('None', 'Bottom', 'Right'),
  notesPosition: oneOf('None', 'BottomTruncated', 'BottomFull'),
  // Pdf
  removeEmbeddedFiles: bool(),
  hidePdfAnnotations: bool(),
  flattenAllFields: bool(),
  removeJavascript: bool(),
  // Email: the .NET model documents several of these as true by default
  displayHeader: bool(true),
  displayFromEmailAddress: bool(true),
  displayEmailAddress: bool(),
  displayToEmailAddress: bool(true),
  displayCcEmailAddress: bool(),
  displayBccEmailAddress: bool(),
  displaySent: bool(true),
  displaySubject: bool(true),
  displayAttachments: bool(true),
  displayEmailAddresses: bool(),
  timeZoneOffset: string(),
  convertAttachments: bool(),
  preserveOriginalDate: bool(true),
  fieldLabels: listOf(model({ field: string(), label: string() })),
  // Cad, Txt, PersonalStorage/Olm, Web, Xml, Gis
  layoutNames: listOf(string()),
  backgroundColor: string(),
  drawType: oneOf('UseDrawColor', 'UseObjectColor'),
  drawColor: string(),
  detectNumberingWithWhitespaces: bool(),
  trailingSpacesOptions: oneOf('Preserve', 'Trim'),
  leadingSpacesOptions: oneOf('ConvertToIndent', 'Preserve', 'Trim'),
  folder: string(),
  basePath: string(),
  renderingMode: oneOf('Flow', 'AbsolutePositioning'),
  usePdf: bool(),
  zoom: number(100),
  pageLayout: oneOf('None', 'ScaleToPageWidth', 'ScaleToPageHeight'),
  xslFo: string(),
  width: number(),
  height: number(),
});

/** The option objects of ConvertSettings, by the name the API gives them. */
const OPTION_MODELS = { loadOptions: LOAD_OPTIONS, convertOptions: CONVERT_OPTIONS };

/** Every option name the model knows, for settings.js's key matching (`hide_window_ui` → `hideWindowUI`). */
export const OPTION_NAMES = Object.freeze([
  ...new Set([LOAD_OPTIONS, CONVERT_OPTIONS, WATERMARK_OPTIONS].flatMap((m) => Object.keys(m.fields))),
]);

const KIND_NAMES = {
  boolean: 'true or false',
  number: 'a number',
  integer: 'a whole number',
  string: 'a string',
  enum: 'a string',
  array: 'a list',
  map: 'an object of strings',
  object: 'an object',
};

/** The JSON type of a value, for messages (never the value itself: it may be a password). */
const typeOf = (v) =>
  Array.isArray(v) ? 'a list' : v === null ? 'null' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;

/**
 * @param {string} path
 * @param {object} spec
 * @param {unknown} value
 */
function wrongType(path, spec, value) {
  return new ApiError(400, 'InvalidOptions', `"${path}" must be ${KIND_NAMES[spec.kind]}, not ${typeOf(value)}.`);
}

/**
 * Checks one value against its spec; returns it typed (numeric strings become numbers, "true"/"false"
 * booleans, enum values their canonical spelling). Unknown enum values are kept: they are not applied,
 * which the ignored-options header reports.
 * @param {string} path
 * @param {object} spec
 * @param {unknown} value
 * @returns {unknown}
 */
function checked(path, spec, value) {
  switch (spec.kind) {
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string' && /^(true|false)$/i.test(value.trim()))
        return value.trim().toLowerCase() === 'true';
      throw wrongType(path, spec, value);
    case 'number':
    case 'integer': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value.trim()) : value;
      if (typeof n !== 'number' || !Number.isFinite(n)) throw wrongType(path, spec, value);
      if (spec.kind === 'integer' && !Number.isInteger(n)) throw wrongType(path, spec, value);
      return n;
    }
    case 'string':
      if (typeof value !== 'string') throw wrongType(path, spec, value);
      return value;
    case 'enum':
      if (typeof value !== 'string') throw wrongType(path, spec, value);
      return spec.values.find((v) => v.toLowerCase() === value.trim().toLowerCase()) ?? value;
    case 'array':
      if (!Array.isArray(value)) throw wrongType(path, spec, value);
      return value.map((item) => checked(path, spec.item, item));
    case 'map':
      if (!isObject(value) || Object.values(value).some((v) => typeof v !== 'string'))
        throw wrongType(path, spec, value);
      return value;
    case 'object':
      if (!isObject(value)) throw wrongType(path, spec, value);
      return checkedFields(path, spec, value);
    default:
      return value;
  }
}

/** @param {unknown} v @returns {v is Record<string, unknown>} */
function isObject(v) {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** @param {string} path @param {object} spec @param {Record<string, unknown>} value */
function checkedFields(path, spec, value) {
  const out = {};
  for (const [key, v] of Object.entries(value)) {
    const sub = spec.fields[key];
    out[key] = sub ? checked(`${path}.${key}`, sub, v) : v;
  }
  return out;
}

/**
 * Validates an options object whose keys settings.js has already made camelCase (nulls dropped).
 * @param {'loadOptions' | 'convertOptions'} name
 * @param {unknown} value
 * @returns {Record<string, any>} the same options, typed
 * @throws {ApiError} 400 InvalidOptions naming the option path, e.g. `convertOptions.dpi`
 */
export function validateOptions(name, value) {
  return /** @type {Record<string, any>} */ (checked(name, OPTION_MODELS[name], value));
}

/** @param {object} spec @param {unknown} value @returns {boolean} whether the value is the model's default */
function isDefault(spec, value) {
  if (value === undefined || value === null) return true;
  if (spec.kind === 'array') return !Array.isArray(value) || value.length === 0;
  if (spec.kind === 'map' || spec.kind === 'object') return !isObject(value) || Object.keys(value).length === 0;
  if (spec.kind === 'enum') return spec.defaults.some((d) => d.toLowerCase() === String(value).toLowerCase());
  return spec.defaults.includes(value);
}

/**
 * The known options a request sets (not null, not the model's default), as sorted paths:
 * `loadOptions.hideComments`, `convertOptions.dpi`, `convertOptions.watermarkOptions.text`.
 * @param {{ loadOptions?: Record<string, any>, convertOptions?: Record<string, any> }} options validated
 * @returns {string[]}
 */
export function setOptionPaths({ loadOptions = {}, convertOptions = {} }) {
  const paths = [];
  const walk = (prefix, spec, value) => {
    for (const [key, v] of Object.entries(value ?? {})) {
      const sub = spec.fields[key];
      if (!sub || isDefault(sub, v)) continue;
      if (sub.kind === 'object') walk(`${prefix}.${key}`, sub, v);
      else paths.push(`${prefix}.${key}`);
    }
  };
  walk('loadOptions', LOAD_OPTIONS, loadOptions);
  walk('convertOptions', CONVERT_OPTIONS, convertOptions);
  return paths.sort();
}
