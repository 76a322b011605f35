// SPDX-License-Identifier: MIT
// The API's option models as data (reference §5, §5.1; docs/options.md lists every field with its SDK
// class and what this server does with it): every field the SDKs can send, with its type and the values
// that mean "not set". Two shapes reach the server:
// - flat (Node/Python/Go 24.x and 25.10, .NET 24.x): one object holding the union of the family classes'
//   fields, e.g. `convertOptions.quality`;
// - nested (.NET 25.12): the image and RTF specifics moved into objects of their own, e.g.
//   `convertOptions.jpegOptions.quality` (NESTED_CONVERT_OPTIONS; option-shapes.js maps them back).
// A field's `defaults` are what an SDK sends for an untouched field: .NET 24.x serialises every field,
// non-nullable, so 0, false, "" and an enum's first member; v25 fields are nullable and left out when
// unset, so theirs is the documented default.

const field = (kind, extra = {}) => ({ kind, defaults: [], ...extra });
const bool = (defaultValue = false) => field('boolean', { defaults: [defaultValue] });
const number = (...defaults) => field('number', { defaults: [0, ...defaults] });
const integer = (...defaults) => field('integer', { defaults: [0, ...defaults] });
const string = () => field('string', { defaults: [''] });
const oneOf = (...values) => field('enum', { values, defaults: [values[0]] });
const listOf = (item) => field('array', { item });
const stringMap = () => field('map');
const model = (fields) => field('object', { fields });
/** A v25 field whose documented default differs from the .NET zero value. */
const defaultsTo = (spec, ...defaults) => ({ ...spec, defaults });

export const WATERMARK_OPTIONS = model({
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

/** ConvertOptions: the base class and every family class's fields, flat (§5.1). */
const FLAT_CONVERT_FIELDS = {
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
  // .NET 25.12 DiagramConvertOptions
  autoFitPageToDrawingContent: bool(),
};

/**
 * .NET 25.12's nested ConvertOptions objects and the flat fields each holds: ImageConvertOptions'
 * jpegOptions (JpgConvertOptions), psdOptions, tiffOptions, webpOptions and WordProcessingConvertOptions'
 * rtfOptions. The 25.10 and older SDKs send the same fields flat.
 */
export const NESTED_CONVERT_OPTIONS = Object.freeze({
  jpegOptions: ['quality'],
  psdOptions: ['channelBitsCount', 'channelsCount', 'colorMode', 'compressionMethod', 'version'],
  tiffOptions: ['compression'],
  webpOptions: ['lossless'],
  rtfOptions: ['exportImagesForOldReaders'],
});

/** ConvertOptions in both shapes: the flat fields and the nested objects, whose fields type as the flat ones. */
export const CONVERT_OPTIONS = model({
  ...FLAT_CONVERT_FIELDS,
  ...Object.fromEntries(
    Object.entries(NESTED_CONVERT_OPTIONS).map(([name, fields]) => [
      name,
      // Nullable in 25.12 and left out when unset: any value sent is a setting, Lzw and 0 included.
      model(Object.fromEntries(fields.map((f) => [f, { ...FLAT_CONVERT_FIELDS[f], defaults: [] }]))),
    ]),
  ),
});

/** LoadOptions: the base class and every family class's fields, 24.4.0, 25.10 and 25.12 (§5.1). */
export const LOAD_OPTIONS = model({
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
  depth: integer(1),
  convertOwned: bool(),
  convertOwner: bool(true),
  autoHyphenation: bool(),
  hyphenateCaps: bool(true),
  pageNumbering: bool(),
  preserveDocumentStructure: bool(),
  skipExternalResources: bool(true),
  useTextShaper: bool(),
  preserveFormFields: bool(),
  commentDisplayMode: defaultsTo(oneOf('Hidden', 'Balloon', 'Annotation'), 'Balloon'),
  keepDateFieldOriginalValue: bool(),
  updateFields: bool(),
  updatePageLayout: bool(),
  embedTrueTypeFonts: bool(true),
  fontInfoSubstitutionEnabled: bool(),
  fontConfigSubstitutionEnabled: bool(),
  fontNameSubstitutionEnabled: bool(),
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
  printComments: defaultsTo(
    oneOf('PrintInPlace', 'PrintNoComments', 'PrintSheetEnd', 'PrintWithThreadedComments'),
    'PrintNoComments',
  ),
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
  renderingMode: defaultsTo(oneOf('Flow', 'AbsolutePositioning'), 'AbsolutePositioning'),
  usePdf: bool(),
  zoom: number(100),
  pageLayout: oneOf('None', 'ScaleToPageWidth', 'ScaleToPageHeight'),
  customCssStyle: string(),
  xslFo: string(),
  width: number(1000),
  height: number(1000),
});
