// SPDX-License-Identifier: MIT
/**
 * What of a document the pages show, from its load options (issue 21 item 2): tracked changes and page numbers
 * (Writer: word processing and HTML sources), hidden
 * sheets, a cell range and grid lines (Calc), hidden slides and speaker notes (Impress). The
 * UNO worker applies the view to the loaded document and to its PDF export (uno_worker.py, apply_view and
 * view_filter_data); every target with pages goes through that export (pdf, and the images rendered from it).
 *
 * Defaults are the API's: tracked changes shown, comments shown, hidden sheets and slides left out, no grid
 * lines, no notes.
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

/**
 * @param {string} family the source's family (formats.js: words, cells, slides, …)
 * @param {Record<string, any>} [loadOptions]
 * @returns {Record<string, boolean | string>} what uno_worker.py applies; {} when nothing differs from how
 *   LibreOffice shows the document anyway (word-processing documents always say what to do with comments)
 * @throws {ConversionError} invalid_options for a convertRange that is not a cell range
 */
export function documentView(family, loadOptions = {}) {
  const o = loadOptions ?? {};
  if (family === 'words') {
    /** @type {Record<string, boolean | string>} */
    const view = { comments: isTrue(o.hideComments) || o.commentDisplayMode === 'Hidden' ? 'hidden' : 'annotations' };
    if (isTrue(o.hideWordTrackedChanges)) view.showChanges = false;
    if (isTrue(o.pageNumbering)) view.pageNumbers = true;
    return view;
  }
  if (family === 'cells') {
    /** @type {Record<string, boolean | string>} */
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
    return view;
  }
  if (family === 'slides') {
    /** @type {Record<string, boolean | string>} */
    const view = {};
    if (isTrue(o.showHiddenSlides)) view.hiddenSlides = true;
    if (o.notesPosition === 'BottomFull' || o.notesPosition === 'BottomTruncated') view.notesPages = true;
    return view;
  }
  return {};
}

/** The load options a view applies, by family, as names under loadOptions (applied-options.js). */
export const VIEW_OPTIONS = Object.freeze({
  words: ['hideWordTrackedChanges', 'hideComments', 'commentDisplayMode', 'pageNumbering'],
  cells: ['showHiddenSheets', 'showGridLines', 'convertRange', 'sheets', 'sheetIndexes', 'onePagePerSheet'],
  slides: ['showHiddenSlides', 'notesPosition'],
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
