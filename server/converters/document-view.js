// SPDX-License-Identifier: MIT
/**
 * What of a document the pages show, from its load options (issue 21 item 2): tracked changes and page numbers
 * (Writer: word processing and HTML sources), hidden
 * sheets, a cell range and grid lines (Calc), hidden slides and speaker notes (Impress). The
 * UNO worker applies the view to the loaded document and to its PDF export (uno_worker.py, apply_view and
 * view_filter_data); every target with pages goes through that export (pdf, and the images rendered from it).
 *
 * Defaults are the API's: tracked changes shown, comments shown, hidden sheets and slides left out, no grid
 * lines, no notes, no hyphenation, a spreadsheet's empty rows and columns left out, its cell comments not
 * printed.
 *
 * Only targets with pages get a view (`paged`): it changes the document (hidden rows, page breaks), which a
 * spreadsheet or word-processing target would keep.
 *
 * Comments (hideComments 24.4, commentDisplayMode 25.x) of word-processing documents: GroupDocs shows them by
 * default, in the margin (Balloon). LibreOffice 7.4 cannot put them in the margin of an exported PDF (its PDF
 * filter has no ExportNotesInMargin, added in 7.5, and the API refuses PrintAnnotationMode "in margins"), so
 * shown comments, Balloon or Annotation, become PDF comment annotations beside their anchor (ExportNotes);
 * Hidden or hideComments leaves them out (server/README.md, "Known limits").
 */
import { ConversionError } from './errors.js';

// A1 or A1:C3, with an optional sheet name ('Sheet 1'!A1:C3 is not taken: the range applies to every sheet).
const CELL_RANGE = /^\$?[A-Z]{1,3}\$?\d{1,7}(:\$?[A-Z]{1,3}\$?\d{1,7})?$/i;

/** @param {unknown} v */
const isTrue = (v) => v === true || v === 'true';
/** @param {unknown} v */
const isFalse = (v) => v === false || v === 'false';

/** SpreadsheetLoadOptions.printComments → where uno_worker.py puts the cells' comments on the pages. */
const PRINTED_COMMENTS = Object.freeze({
  PrintNoComments: undefined,
  PrintInPlace: 'inPlace',
  PrintSheetEnd: 'sheetEnd',
  PrintWithThreadedComments: 'sheetEnd',
});

/**
 * SpreadsheetLoadOptions.cultureInfo, a .NET culture name (de-DE, fr-FR, ja-JP), canonical; undefined when unset.
 * @param {Record<string, any>} [loadOptions]
 * @throws {ConversionError} invalid_options for a name that is no language tag
 */
export function cultureName(loadOptions = {}) {
  const name = loadOptions?.cultureInfo;
  if (name === undefined || name === null || String(name).trim() === '') return undefined;
  try {
    const [canonical] = Intl.getCanonicalLocales(String(name).trim());
    if (canonical) return canonical;
  } catch {
    // a RangeError: said below, the same way
  }
  throw new ConversionError('invalid_options', 'loadOptions.cultureInfo must be a culture name such as de-DE');
}

/** A count option: undefined when unset (0, '' or absent), else a whole number of at least 1. */
function pageCount(loadOptions, name) {
  const v = loadOptions[name];
  if (v === undefined || v === null || v === '' || v === 0) return undefined;
  const n = typeof v === 'string' ? Number(v.trim()) : v;
  if (!Number.isInteger(n) || n < 1 || n > 1_048_576) {
    throw new ConversionError('invalid_options', `loadOptions.${name} must be a whole number of at least 1`);
  }
  return n;
}

/**
 * @param {string} family the source's family (formats.js: words, cells, slides, …)
 * @param {Record<string, any>} [loadOptions]
 * @param {{ paged?: boolean }} [target] whether the target has pages (pdf, images, fixed-layout html)
 * @returns {Record<string, boolean | string | number>} what uno_worker.py applies; {} when nothing differs from how
 *   LibreOffice shows the document anyway (word-processing documents always say what to do with comments)
 * @throws {ConversionError} invalid_options for a convertRange that is not a cell range
 */
export function documentView(family, loadOptions = {}, { paged = true } = {}) {
  const o = loadOptions ?? {};
  if (!paged) return {};
  if (family === 'words') {
    /** @type {Record<string, boolean | string | number>} */
    const view = { comments: isTrue(o.hideComments) || o.commentDisplayMode === 'Hidden' ? 'hidden' : 'annotations' };
    if (isTrue(o.hideWordTrackedChanges)) view.showChanges = false;
    if (isTrue(o.pageNumbering)) view.pageNumbers = true;
    // Automatic hyphenation on every paragraph (Debian's hyphen-en-us patterns); hyphenateCaps false keeps
    // words in capitals whole.
    if (isTrue(o.autoHyphenation)) view.hyphenate = isFalse(o.hyphenateCaps) ? 'noCaps' : 'all';
    if (isTrue(o.updateFields)) view.updateFields = true;
    if (isTrue(o.preserveDocumentStructure)) view.tagged = true;
    return view;
  }
  if (family === 'cells') {
    /** @type {Record<string, boolean | string | number>} */
    const view = {};
    if (isTrue(o.showHiddenSheets)) view.showHiddenSheets = true;
    if (isTrue(o.showGridLines)) view.gridLines = true;
    const range = typeof o.convertRange === 'string' ? o.convertRange.trim() : '';
    if (range) {
      if (!CELL_RANGE.test(range)) {
        throw new ConversionError('invalid_options', 'loadOptions.convertRange must be a cell range such as A1:C3');
      }
      view.range = range.replace(/\$/g, '').toUpperCase();
    }
    // SpreadsheetLoadOptions.sheets (names) and sheetIndexes (0-based): only those sheets are converted.
    const names = Array.isArray(o.sheets) ? o.sheets.filter((n) => typeof n === 'string' && n !== '') : [];
    const indexes = Array.isArray(o.sheetIndexes) ? o.sheetIndexes.filter((i) => Number.isInteger(i) && i >= 0) : [];
    if (names.length > 0) view.sheets = JSON.stringify(names);
    if (indexes.length > 0) view.sheetIndexes = JSON.stringify(indexes);
    if (isTrue(o.onePagePerSheet)) view.onePagePerSheet = true;
    if (isTrue(o.allColumnsInOnePagePerSheet)) view.allColumnsOnOnePage = true;
    const rows = pageCount(o, 'rowsPerPage');
    const columns = pageCount(o, 'columnsPerPage');
    if (rows) view.rowsPerPage = rows;
    if (columns) view.columnsPerPage = columns;
    if (isTrue(o.autoFitRows)) view.autoFitRows = true;
    if (o.printComments !== undefined && o.printComments !== null && o.printComments !== '') {
      if (!Object.hasOwn(PRINTED_COMMENTS, o.printComments)) {
        throw new ConversionError(
          'invalid_options',
          `loadOptions.printComments must be one of ${Object.keys(PRINTED_COMMENTS).join(', ')}`,
        );
      }
      if (PRINTED_COMMENTS[o.printComments]) view.cellComments = PRINTED_COMMENTS[o.printComments];
    }
    const culture = cultureName(o);
    if (culture) view.culture = culture;
    // The API skips empty rows and columns by default; LibreOffice prints every row and column of the used area.
    if (!isFalse(o.skipEmptyRowsAndColumns)) view.skipEmpty = true;
    return view;
  }
  if (family === 'slides') {
    /** @type {Record<string, boolean | string | number>} */
    const view = {};
    if (isTrue(o.showHiddenSlides)) view.hiddenSlides = true;
    if (o.notesPosition === 'BottomFull' || o.notesPosition === 'BottomTruncated') view.notesPages = true;
    if (isTrue(o.preserveDocumentStructure)) view.tagged = true;
    return view;
  }
  return {};
}

/** The load options a view applies, by family, as names under loadOptions (applied-options.js). */
export const VIEW_OPTIONS = Object.freeze({
  words: [
    'hideWordTrackedChanges',
    'hideComments',
    'commentDisplayMode',
    'pageNumbering',
    'autoHyphenation',
    'hyphenateCaps',
    'updateFields',
    'preserveDocumentStructure',
  ],
  cells: [
    'showHiddenSheets',
    'showGridLines',
    'convertRange',
    'sheets',
    'sheetIndexes',
    'onePagePerSheet',
    'allColumnsInOnePagePerSheet',
    'rowsPerPage',
    'columnsPerPage',
    'autoFitRows',
    'printComments',
    'skipEmptyRowsAndColumns',
    'cultureInfo',
  ],
  slides: ['showHiddenSlides', 'notesPosition', 'preserveDocumentStructure'],
});

/**
 * LoadOptions.fontSubstitutes ({ "font in the document": "font to draw it with" }), for LibreOffice's font
 * replacement table (uno_worker.py, FontReplacement); undefined when there are none.
 * @param {Record<string, any>} [loadOptions]
 * @returns {Record<string, string> | undefined}
 * @throws {ConversionError} invalid_options for a pair that is not two font names
 */
export function fontSubstitutes(loadOptions = {}) {
  const map = loadOptions?.fontSubstitutes;
  if (map === undefined || map === null) return undefined;
  const pairs = Object.entries(map);
  for (const [from, to] of pairs) {
    if (!from.trim() || typeof to !== 'string' || !to.trim() || from.length > 200 || to.length > 200) {
      throw new ConversionError('invalid_options', 'loadOptions.fontSubstitutes maps font names to font names');
    }
  }
  return pairs.length > 0 ? Object.fromEntries(pairs.map(([a, b]) => [a.trim(), b.trim()])) : undefined;
}

/** The families whose documents LibreOffice opens (email as the page it renders), for LoadOptions.defaultFont. */
export const DEFAULT_FONT_FAMILIES = new Set(['words', 'cells', 'slides', 'email']);

/**
 * LoadOptions.defaultFont: the font that text set in a font this machine lacks is drawn with (uno_worker.py,
 * draw_missing_fonts_in); undefined when unset.
 * @param {Record<string, any>} [loadOptions]
 * @throws {ConversionError} invalid_options for a name longer than a font name can be
 */
export function defaultFont(loadOptions = {}) {
  const name = typeof loadOptions?.defaultFont === 'string' ? loadOptions.defaultFont.trim() : '';
  if (name.length > 200) throw new ConversionError('invalid_options', 'loadOptions.defaultFont must be a font name');
  return name || undefined;
}

/** PdfConvertOptions.pageSize in points (width × height, portrait). */
const PAGE_SIZES = Object.freeze({
  A3: [842, 1191],
  A4: [595, 842],
  A5: [420, 595],
  B4: [709, 1001],
  B5: [499, 709],
  Letter: [612, 792],
  Legal: [612, 1008],
  Ledger: [1224, 792],
  Tabloid: [792, 1224],
  Paper11x17: [792, 1224],
  Paper10x14: [720, 1008],
  Statement: [396, 612],
  Executive: [522, 756],
  Folio: [612, 936],
  Quarto: [610, 780],
  EnvelopeDL: [312, 624],
});
const MARGINS = ['marginTop', 'marginBottom', 'marginLeft', 'marginRight'];

/**
 * The page a word-processing document is laid out on for targets with pages (issue 21 item 2): pageSize
 * (or Custom with width and height, in points), pageOrientation, and the margins in points. uno_worker.py
 * (page_setup) sets them on every page style in use, in LibreOffice's 1/100 mm.
 * @param {string} family @param {Record<string, any>} [convertOptions]
 * @returns {{ width?: number, height?: number, landscape?: boolean, margins?: Record<string, number> } | undefined}
 */
export function pageSetup(family, convertOptions = {}) {
  if (family !== 'words') return undefined;
  const o = convertOptions ?? {};
  /** @type {{ width?: number, height?: number, landscape?: boolean, margins?: Record<string, number> }} */
  const page = {};
  const toHmm = (points) => Math.round((points * 2540) / 72);
  const custom = o.pageSize === 'Custom' && Number(o.width) > 0 && Number(o.height) > 0;
  const size = custom ? [Number(o.width), Number(o.height)] : PAGE_SIZES[o.pageSize];
  if (size) [page.width, page.height] = size.map(toHmm);
  if (o.pageOrientation === 'Landscape' || o.pageOrientation === 'Portrait')
    page.landscape = o.pageOrientation === 'Landscape';
  for (const name of MARGINS) {
    const v = Number(o[name]);
    if (Number.isFinite(v) && v > 0) (page.margins ??= {})[name] = toHmm(v);
  }
  return Object.keys(page).length > 0 ? page : undefined;
}

/** The convertOptions pageSetup applies (applied-options.js). */
export const PAGE_SETUP_OPTIONS = Object.freeze(['pageSize', 'pageOrientation', ...MARGINS]);

/**
 * LoadOptions.clearBuiltInDocumentProperties and clearCustomDocumentProperties (word processing, spreadsheets,
 * presentations): the document's metadata emptied before it is saved, for every target (uno_worker.py,
 * clear_properties).
 * @param {string} family @param {Record<string, any>} [loadOptions]
 * @returns {{ builtIn?: boolean, custom?: boolean } | undefined}
 */
export function propertyClearing(family, loadOptions = {}) {
  if (!['words', 'cells', 'slides'].includes(family)) return undefined;
  const builtIn = isTrue(loadOptions?.clearBuiltInDocumentProperties);
  const custom = isTrue(loadOptions?.clearCustomDocumentProperties);
  return builtIn || custom ? { builtIn, custom } : undefined;
}
