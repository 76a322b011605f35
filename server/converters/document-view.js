// SPDX-License-Identifier: MIT
/**
 * What of a document the pages show, from its load options (issue 21 item 2): tracked changes and page numbers
 * (Writer: word processing and HTML sources), hidden
 * sheets, a cell range and grid lines (Calc), hidden slides and speaker notes (Impress). The
 * UNO worker applies the view to the loaded document and to its PDF export (uno_worker.py, apply_view and
 * view_filter_data); every target with pages goes through that export (pdf, and the images rendered from it).
 *
 * Defaults are the API's: tracked changes shown, hidden sheets and slides left out, no grid lines, no notes.
 * Comments (hideComments, commentDisplayMode) are not among them: Debian's LibreOffice 7.4 (the nogui build)
 * aborts when it opens a document with comments through UNO (server/README.md, "Known limits").
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
 *   LibreOffice shows the document anyway
 * @throws {ConversionError} invalid_options for a convertRange that is not a cell range
 */
export function documentView(family, loadOptions = {}) {
  const o = loadOptions ?? {};
  if (family === 'words') {
    /** @type {Record<string, boolean | string>} */
    const view = {};
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
  words: ['hideWordTrackedChanges', 'pageNumbering'],
  cells: ['showHiddenSheets', 'showGridLines', 'convertRange'],
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
