// SPDX-License-Identifier: MIT
/**
 * Structure edits of PDFs (issue 21 item 2), done on qpdf's JSON view of the object graph (pdf-objects.js):
 * - PdfLoadOptions, on a PDF *source* before any target is made of it: removeJavascript,
 *   removeEmbeddedFiles, hidePdfAnnotations, flattenAllFields;
 * - PdfConvertOptions on a PDF *target*: direction, nonFullScreenPageMode, removePdfaCompliance,
 *   unembedFonts, linkDuplicateStreams; WordProcessingLoadOptions headingsOutlineLevels and
 *   expandedOutlineLevels reshape the outline LibreOffice exports from a document's headings, and
 *   bookmarksOutlineLevel adds its bookmarks to it (outline.js); SpreadsheetLoadOptions.optimizePdfSize is
 *   qpdf flags. removeUnusedObjects and removeUnusedStreams are qpdf flags too (qpdf.js finishingArgs).
 * The edits are pure functions over a PdfObjects; `updateArgs` dumps a PDF's JSON, runs them and gives the
 * `--update-from-json` argument for the qpdf pass that writes the result.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConversionError } from './errors.js';
import { PdfObjects, isDict, isRef } from './pdf-objects.js';
import { shapeOutline } from './outline.js';
import { rewriteWith } from './qpdf.js';
import { runTool } from './run-tool.js';

const isTrue = (v) => v === true || v === 'true';

// ---------------------------------------------------------------------------------------------------------
// The edits

/** Whether an action runs JavaScript (the actions it chains to with /Next are filtered on their own). */
function runsJavascript(doc, action) {
  const dict = doc.resolve(action);
  return isDict(dict) && (dict['/S'] === '/JavaScript' || dict['/JS'] !== undefined);
}

/**
 * removeJavascript: the document's scripts (/Names /JavaScript), every additional-actions dictionary (/AA:
 * document, page, field and annotation events), and every action that runs JavaScript where one is referenced
 * (/OpenAction, a link's or a field's /A, a /Next chain, whose other actions stay). What only they referenced
 * is not written.
 * @param {PdfObjects} doc
 */
export function removeJavascript(doc) {
  const names = doc.resolve(doc.catalog['/Names']);
  if (isDict(names)) delete names['/JavaScript'];
  doc.eachDict((dict) => {
    delete dict['/AA'];
    for (const key of ['/OpenAction', '/A']) if (runsJavascript(doc, dict[key])) delete dict[key];
    if (dict['/Next'] !== undefined) {
      const kept = [dict['/Next']].flat().filter((next) => !runsJavascript(doc, next));
      if (kept.length === 0) delete dict['/Next'];
      else dict['/Next'] = kept;
    }
  });
}

/** Keeps the annotations of each page that `keep` accepts (an indirect /Annots array is edited in place). */
function filterAnnotations(doc, keep) {
  for (const page of doc.pages()) {
    const annots = doc.resolve(page['/Annots']);
    if (!Array.isArray(annots)) continue;
    const kept = annots.filter((annot) => keep(doc.resolve(annot) ?? {}));
    annots.splice(0, annots.length, ...kept);
    if (kept.length === 0) delete page['/Annots'];
  }
}

/**
 * removeEmbeddedFiles: the document's attachments (/Names /EmbeddedFiles, a portfolio's /Collection, the
 * associated files /AF of PDF 2.0) and the file attachment annotations of the pages.
 * @param {PdfObjects} doc
 */
export function removeEmbeddedFiles(doc) {
  const names = doc.resolve(doc.catalog['/Names']);
  if (isDict(names)) delete names['/EmbeddedFiles'];
  delete doc.catalog['/Collection'];
  doc.eachDict((dict) => delete dict['/AF']);
  filterAnnotations(doc, (annot) => annot['/Subtype'] !== '/FileAttachment');
}

/**
 * hidePdfAnnotations: every annotation that shows something (comments, highlights, stamps, drawings, free
 * text, attachments' icons, their pop-ups) is removed from the pages. Links, which show nothing, and form
 * fields' widgets, which are the form's content (flattenAllFields is theirs), stay.
 * @param {PdfObjects} doc
 */
export function hideAnnotations(doc) {
  filterAnnotations(doc, (annot) => ['/Link', '/Widget'].includes(annot['/Subtype']));
}

// qpdf flattens every annotation it is given (--flatten-annotations has no "fields only"): the others wait
// under this page key while it flattens, and come back after.
const KEPT_ANNOTS = '/GdcwKeptAnnots';

/**
 * flattenAllFields, before qpdf's pass: only the form fields' widgets are left in the pages' /Annots. A field
 * without an appearance (viewers draw it from its value) gets one: qpdf draws them only when the form says
 * /NeedAppearances.
 */
export function setAsideAnnotations(doc) {
  const form = doc.resolve(doc.catalog['/AcroForm']);
  let needAppearances = false;
  for (const page of doc.pages()) {
    const annots = doc.resolve(page['/Annots']);
    if (!Array.isArray(annots)) continue;
    for (const annot of annots) {
      const dict = doc.resolve(annot);
      if (dict?.['/Subtype'] === '/Widget' && !isDict(doc.resolve(dict['/AP']))) needAppearances = true;
    }
  }
  if (needAppearances && isDict(form)) form['/NeedAppearances'] = true;
  for (const page of doc.pages()) {
    const annots = doc.resolve(page['/Annots']);
    if (!Array.isArray(annots)) continue;
    const others = annots.filter((annot) => doc.resolve(annot)?.['/Subtype'] !== '/Widget');
    if (others.length === 0) continue;
    page[KEPT_ANNOTS] = others;
    page['/Annots'] = annots.filter((annot) => !others.includes(annot));
  }
}

/** flattenAllFields, after qpdf's pass: the annotations set aside come back. */
export function restoreAnnotations(doc) {
  for (const page of doc.pages()) {
    if (!Array.isArray(page[KEPT_ANNOTS])) continue;
    const left = doc.resolve(page['/Annots']);
    page['/Annots'] = [...(Array.isArray(left) ? left : []), ...page[KEPT_ANNOTS]];
    delete page[KEPT_ANNOTS];
  }
}

/**
 * direction and nonFullScreenPageMode: the catalog's /ViewerPreferences entries.
 * @param {PdfObjects} doc
 * @param {Record<string, string>} prefs e.g. { '/Direction': '/R2L' }
 */
export function setViewerPreferences(doc, prefs) {
  const catalog = doc.catalog;
  let viewer = doc.resolve(catalog['/ViewerPreferences']);
  if (!isDict(viewer)) {
    viewer = {};
    catalog['/ViewerPreferences'] = viewer;
  }
  Object.assign(viewer, prefs);
}

/**
 * unembedFonts: the font programs (/FontFile, /FontFile2, /FontFile3) leave every font descriptor; a viewer
 * then draws the text with a font of its own of that name.
 * @param {PdfObjects} doc
 */
export function unembedFonts(doc) {
  doc.eachDict((dict) => {
    if (dict['/Type'] !== '/FontDescriptor') return;
    for (const key of ['/FontFile', '/FontFile2', '/FontFile3']) delete dict[key];
  });
}

/**
 * removePdfaCompliance: what identifies the file as PDF/A goes: the output intents (catalog and pages) and the
 * pdfaid properties of the XMP metadata (kept otherwise). Metadata stored with a filter other than Flate is
 * dropped whole.
 * @param {PdfObjects} doc
 */
export async function removePdfaIdentification(doc) {
  delete doc.catalog['/OutputIntents'];
  for (const page of doc.pages()) delete page['/OutputIntents'];
  const ref = doc.catalog['/Metadata'];
  if (!isRef(ref) || !doc.entry(ref)?.stream) return;
  const xmp = await doc.plainData(ref);
  if (!xmp) {
    delete doc.catalog['/Metadata'];
    return;
  }
  const text = xmp.toString('utf8');
  // The properties as attributes or elements, the namespace's declaration, a description left empty.
  const cleaned = text
    .replace(/\s+(xmlns:)?pdfaid(:\w+)?\s*=\s*("[^"]*"|'[^']*')/g, '')
    .replace(/<pdfaid:(\w+)\b[^>]*?(\/>|>[\s\S]*?<\/pdfaid:\1\s*>)/g, '')
    .replace(/<rdf:Description\b[^>]*?(\/>|>\s*<\/rdf:Description>)/g, '');
  if (cleaned !== text) doc.setData(ref, Buffer.from(cleaned, 'utf8'));
}

/**
 * linkDuplicateStreams: streams with the same dictionary and the same data are stored once; every reference
 * to a copy points at the first of them (the copies are then unreferenced and not written).
 * @param {PdfObjects} doc
 */
export async function linkDuplicateStreams(doc) {
  const groups = new Map();
  for (const ref of doc.streamRefs()) {
    const data = await doc.rawData(ref);
    if (!data) continue;
    const key = `${JSON.stringify(doc.resolve(ref))}\n${data.toString('base64')}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(ref);
  }
  const map = new Map();
  for (const [first, ...copies] of groups.values()) for (const copy of copies) map.set(copy, first);
  if (map.size > 0) doc.replaceRefs(map);
}

// ---------------------------------------------------------------------------------------------------------
// Which edits a conversion asks for

/**
 * @typedef {object} EditPlan
 * @property {Array<(doc: PdfObjects) => void | Promise<void>>} edits run in this order on the JSON
 * @property {boolean} [streamData] the edits read stream data
 * @property {string[]} args qpdf flags for the pass that writes the result
 * @property {{ loadOptions: string[], convertOptions: string[] }} applied the option names it applies
 */

/**
 * The PdfLoadOptions a PDF source asks for, applied before any target is made (so every target sees them).
 * @param {Record<string, any>} [loadOptions]
 * @returns {EditPlan & { flatten: boolean }}
 */
export function sourcePlan(loadOptions = {}) {
  const o = loadOptions ?? {};
  const edits = [];
  const flatten = isTrue(o.flattenAllFields);
  if (flatten) edits.push(restoreAnnotations);
  if (isTrue(o.removeJavascript)) edits.push(removeJavascript);
  if (isTrue(o.removeEmbeddedFiles)) edits.push(removeEmbeddedFiles);
  if (isTrue(o.hidePdfAnnotations)) edits.push(hideAnnotations);
  return {
    edits,
    flatten,
    args: [],
    applied: {
      loadOptions: ['removeJavascript', 'removeEmbeddedFiles', 'hidePdfAnnotations', 'flattenAllFields'],
      convertOptions: [],
    },
  };
}

const DIRECTIONS = ['L2R', 'R2L'];
// The values ISO 32000 allows for /NonFullScreenPageMode; the API's FullScreen and UseAttachments are not
// among them (a viewer would ignore them), so they are reported as ignored.
const NON_FULL_SCREEN_MODES = ['UseNone', 'UseOutlines', 'UseThumbs', 'UseOC'];
const ALL_NON_FULL_SCREEN_MODES = [...NON_FULL_SCREEN_MODES, 'FullScreen', 'UseAttachments'];

/** An enum value in its canonical spelling (any case), undefined when unset; anything else is invalid_options. */
function enumValue(value, values, path) {
  if (value === undefined || value === null || value === '') return undefined;
  const found = values.find((v) => v.toLowerCase() === String(value).trim().toLowerCase());
  if (!found) throw new ConversionError('invalid_options', `${path} must be one of ${values.join(', ')}`);
  return found;
}

/** An outline level: a whole number from 0 (unset) up, else invalid_options. */
function outlineLevel(value, name) {
  if (value === undefined || value === null || value === '') return 0;
  const n = typeof value === 'string' ? Number(value.trim()) : value;
  if (!Number.isInteger(n) || n < 0)
    throw new ConversionError('invalid_options', `loadOptions.${name} must be a whole number of at least 0`);
  return n;
}

/** qpdf's flags for SpreadsheetLoadOptions.optimizePdfSize: object streams, Flate recompressed at its best. */
export const OPTIMIZE_SIZE_ARGS = Object.freeze([
  '--object-streams=generate',
  '--recompress-flate',
  '--compression-level=9',
]);

/**
 * What a PDF target asks for: the PdfConvertOptions edited here, and the load options that shape the PDF
 * made of a source of the family `family` (formats.js: words, cells, slides, email, pdf, image).
 * @param {{ family: string, loadOptions?: Record<string, any>, convertOptions?: Record<string, any> }} job
 * @returns {EditPlan & { exportData: Record<string, boolean> }} exportData: LibreOffice export settings it
 *   needs (Word bookmarks as named destinations)
 * @throws {ConversionError} invalid_options for an unknown direction or page mode, a negative level
 */
export function targetPlan({ family, loadOptions = {}, convertOptions = {} }) {
  const c = convertOptions ?? {};
  const l = loadOptions ?? {};
  const plan = {
    edits: [],
    args: [],
    exportData: {},
    streamData: false,
    applied: { loadOptions: [], convertOptions: [] },
  };
  const prefs = {};
  const direction = enumValue(c.direction, DIRECTIONS, 'convertOptions.direction');
  plan.applied.convertOptions.push('direction');
  // L2R is the default a viewer assumes: only R2L is written.
  if (direction === 'R2L') prefs['/Direction'] = '/R2L';
  const mode = enumValue(c.nonFullScreenPageMode, ALL_NON_FULL_SCREEN_MODES, 'convertOptions.nonFullScreenPageMode');
  if (mode === undefined || NON_FULL_SCREEN_MODES.includes(mode)) {
    plan.applied.convertOptions.push('nonFullScreenPageMode');
    if (mode && mode !== 'UseNone') prefs['/NonFullScreenPageMode'] = `/${mode}`;
  }
  if (Object.keys(prefs).length > 0) plan.edits.push((doc) => setViewerPreferences(doc, prefs));
  plan.applied.convertOptions.push('removePdfaCompliance', 'unembedFonts', 'linkDuplicateStreams');
  if (isTrue(c.removePdfaCompliance)) plan.edits.push(removePdfaIdentification);
  if (isTrue(c.unembedFonts)) plan.edits.push(unembedFonts);
  if (isTrue(c.linkDuplicateStreams)) plan.edits.push(linkDuplicateStreams);
  plan.streamData = isTrue(c.removePdfaCompliance) || isTrue(c.linkDuplicateStreams);

  if (family === 'cells') {
    plan.applied.loadOptions.push('optimizePdfSize');
    if (isTrue(l.optimizePdfSize)) plan.args.push(...OPTIMIZE_SIZE_ARGS);
  }
  if (family === 'words') {
    const keep = outlineLevel(l.headingsOutlineLevels, 'headingsOutlineLevels');
    const open = outlineLevel(l.expandedOutlineLevels, 'expandedOutlineLevels');
    const bookmarks = outlineLevel(l.bookmarksOutlineLevel, 'bookmarksOutlineLevel');
    plan.applied.loadOptions.push('headingsOutlineLevels', 'expandedOutlineLevels', 'bookmarksOutlineLevel');
    // LibreOffice writes Word bookmarks only as named destinations, never as outline items: they are added here.
    if (bookmarks > 0) plan.exportData.ExportBookmarksToPDFDestination = true;
    if (keep > 0 || open > 0 || bookmarks > 0) plan.edits.push((doc) => shapeOutline(doc, { keep, open, bookmarks }));
  }
  return plan;
}

// ---------------------------------------------------------------------------------------------------------
// Running them

/** Exit 0, or 3: done, with warnings. */
const succeeded = (code) => code === 0 || code === 3;

/**
 * Runs `edits` on the JSON of `input` and writes what they change where qpdf will read it.
 * @param {string} input
 * @param {{ edits: EditPlan['edits'], streamData?: boolean, dir: string,
 *   deadline: import('./errors.js').Deadline }} o
 * @returns {Promise<string[]>} `--update-from-json=<file>` for the qpdf pass that writes from `input`, or []
 *   when nothing changes
 */
export async function updateArgs(input, { edits, streamData = false, dir, deadline }) {
  if (edits.length === 0) return [];
  const work = await mkdtemp(join(dir, 'pdf-edit-'));
  const dump = join(work, 'objects.json');
  const data = streamData
    ? ['--json-stream-data=file', `--json-stream-prefix=${join(work, 'stream')}`]
    : ['--json-stream-data=none'];
  const { code } = await runTool(
    'qpdf',
    ['--json-output=2', '--json-key=qpdf', '--decode-level=none', ...data, input, dump],
    { deadline, pkg: 'qpdf' },
  );
  if (!succeeded(code))
    throw new ConversionError('corrupt_input', 'The PDF could not be read: it is damaged or not a PDF');
  const doc = new PdfObjects(JSON.parse(await readFile(dump, 'utf8')));
  for (const edit of edits) await edit(doc);
  const update = doc.update();
  if (!update) return [];
  const file = join(work, 'update.json');
  await writeFile(file, JSON.stringify(update));
  return [`--update-from-json=${file}`];
}

/**
 * A PDF source with its PdfLoadOptions applied (sourcePlan), as a new file in `dir`; the source itself
 * when it asks for none.
 * @param {string} input
 * @param {Record<string, any>} loadOptions
 * @param {{ dir: string, deadline: import('./errors.js').Deadline }} o
 * @returns {Promise<string>}
 */
export async function prepareSource(input, loadOptions, { dir, deadline }) {
  const plan = sourcePlan(loadOptions);
  if (plan.edits.length === 0) return input;
  let current = input;
  if (plan.flatten) {
    // The fields' values drawn (--generate-appearances: qpdf draws text and choice fields that have no
    // appearance yet), then every annotation left in /Annots, the widgets alone, made page content.
    const flattened = join(dir, 'flattened.pdf');
    const aside = await updateArgs(current, { edits: [setAsideAnnotations], dir, deadline });
    await rewriteWith(current, flattened, {
      args: [...aside, '--decrypt', '--generate-appearances', '--flatten-annotations=all'],
      deadline,
    });
    current = flattened;
  }
  const output = join(dir, 'prepared.pdf');
  const args = await updateArgs(current, { edits: plan.edits, dir, deadline });
  if (args.length === 0 && current !== input) return current;
  // --decrypt: a source with only an owner password opens without one; what comes next is not encrypted.
  await rewriteWith(current, output, { args: [...args, '--decrypt'], deadline });
  return output;
}
