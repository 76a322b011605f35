// SPDX-License-Identifier: MIT
/**
 * The PDF outline (bookmarks pane) of a Word document's PDF, shaped by WordProcessingLoadOptions (issue 21
 * item 2). LibreOffice exports the headings as the outline, every level, every item open; and a document's
 * bookmarks only as named destinations (with ExportBookmarksToPDFDestination), never as outline items. Here,
 * on qpdf's JSON view (pdf-objects.js):
 * - headingsOutlineLevels N: items deeper than level N are removed (level 1 is the top);
 * - expandedOutlineLevels N: items of levels ≤ N are open (/Count positive), deeper ones closed;
 * - bookmarksOutlineLevel N: each named destination but Word's hidden bookmarks (_Toc…, _GoBack, _Hlk…)
 *   becomes an outline item at level N, titled with its name, in document order among the
 *   headings: under the nearest item before it of a level above N (one level higher when the headings go
 *   that deep there; the top level when none comes before it).
 * LibreOffice writes a destination's name with every character but letters, digits and `-` as its hex code
 * (vcl's appendDestinationName: `_` becomes `5F`), which cannot be undone in general, so a title shows the
 * name that way. A Word bookmark's name starts with a letter, so one starting with `5F` is a hidden one.
 * Outline items and the /Count rules: ISO 32000-1 §12.3.3.
 */
import { isDict, isRef } from './pdf-objects.js';

/**
 * @typedef {{ ref: string, dict: Record<string, any>, children: OutlineNode[], open: boolean }} OutlineNode
 */

/** The outline's items as a tree (each item once, however its links are broken). */
function readTree(doc, rootDict) {
  const seen = new Set();
  const children = (dict) => {
    const list = [];
    for (let ref = dict['/First']; isRef(ref) && !seen.has(ref); ref = doc.resolve(ref)?.['/Next']) {
      seen.add(ref);
      const item = doc.resolve(ref);
      if (!isDict(item)) break;
      list.push({ ref, dict: item, open: (item['/Count'] ?? 0) > 0, children: children(item) });
    }
    return list;
  };
  return children(rootDict);
}

/** Links `nodes` as the children of `parentRef`'s dictionary and sets the counts; @returns visible count. */
function writeTree(parentRef, parentDict, nodes, { isRoot }) {
  for (const key of ['/First', '/Last']) delete parentDict[key];
  let visible = 0;
  nodes.forEach((node, i) => {
    const { dict } = node;
    dict['/Parent'] = parentRef;
    for (const key of ['/Prev', '/Next']) delete dict[key];
    if (i > 0) dict['/Prev'] = nodes[i - 1].ref;
    if (i < nodes.length - 1) dict['/Next'] = nodes[i + 1].ref;
    const below = writeTree(node.ref, dict, node.children, { isRoot: false });
    if (node.children.length === 0) delete dict['/Count'];
    else dict['/Count'] = node.open ? below : -below;
    visible += 1 + (node.open ? below : 0);
  });
  if (nodes.length > 0) {
    parentDict['/First'] = nodes[0].ref;
    parentDict['/Last'] = nodes.at(-1).ref;
  }
  if (isRoot) {
    if (nodes.length > 0) parentDict['/Count'] = visible;
    else delete parentDict['/Count'];
  }
  return visible;
}

/** The named destinations: /Dests (PDF 1.1) and the /Names /Dests name tree, as [name, destination]. */
function namedDestinations(doc) {
  const out = [];
  const dests = doc.resolve(doc.catalog['/Dests']);
  if (isDict(dests)) for (const [name, dest] of Object.entries(dests)) out.push([name.slice(1), dest]);
  const seen = new Set();
  const walk = (node) => {
    const dict = doc.resolve(node);
    if (!isDict(dict) || seen.has(dict)) return;
    seen.add(dict);
    const names = doc.resolve(dict['/Names']);
    if (Array.isArray(names)) {
      for (let i = 0; i + 1 < names.length; i += 2) out.push([textOf(names[i]), names[i + 1]]);
    }
    const kids = doc.resolve(dict['/Kids']);
    if (Array.isArray(kids)) kids.forEach(walk);
  };
  walk(doc.resolve(doc.catalog['/Names'])?.['/Dests']);
  return out;
}

/** A JSON v2 string (`u:text`, `b:hex`) as text. */
function textOf(value) {
  if (typeof value !== 'string') return '';
  if (value.startsWith('u:')) return value.slice(2);
  if (value.startsWith('b:')) return Buffer.from(value.slice(2), 'hex').toString('latin1');
  return value;
}

/** Where a destination points, for document order: [page index, distance from the page's top]. */
function positionOf(doc, dest, pageIndex, named) {
  let d = doc.resolve(dest);
  if (typeof d === 'string') d = doc.resolve(named.get(d.startsWith('/') ? d.slice(1) : textOf(d)));
  if (isDict(d)) d = doc.resolve(d['/D']);
  if (!Array.isArray(d)) return null;
  const page = pageIndex.get(doc.resolve(d[0]));
  if (page === undefined) return null;
  const top = ['/XYZ', '/FitH', '/FitBH'].includes(d[1]) ? d[d[1] === '/XYZ' ? 3 : 2] : null;
  return [page, typeof top === 'number' ? -top : -Infinity];
}

const before = (a, b) => a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1]);

/** Adds the bookmarks as items at `level`, in document order among the items already there. */
function addBookmarks(doc, tree, level) {
  const pageIndex = new Map(doc.pages().map((page, i) => [page, i]));
  const named = new Map(namedDestinations(doc));
  const marks = [...named]
    .filter(([name]) => name && !name.startsWith('_') && !name.startsWith('5F'))
    .map(([name, dest]) => ({ name, dest, at: positionOf(doc, dest, pageIndex, named) }))
    .filter((m) => m.at)
    .sort((a, b) => (before(a.at, b.at) ? (before(b.at, a.at) ? 0 : -1) : 1));
  // The items in reading order, with their levels and where they point.
  const flat = [];
  const at = new Map();
  const walk = (nodes, depth) =>
    nodes.forEach((node) => {
      const action = doc.resolve(node.dict['/A']);
      const dest = node.dict['/Dest'] ?? (action?.['/S'] === '/GoTo' ? action['/D'] : null);
      at.set(node, positionOf(doc, dest, pageIndex, named));
      flat.push({ node, depth });
      walk(node.children, depth + 1);
    });
  walk(tree, 1);
  const comesBefore = (node, mark) => at.get(node) !== null && before(at.get(node), mark.at);
  for (const mark of marks) {
    const dest = doc.resolve(mark.dest);
    const ref = doc.add({ '/Title': `u:${mark.name}`, '/Dest': isDict(dest) ? dest['/D'] : dest });
    const node = { ref, dict: doc.resolve(ref), children: [], open: false };
    at.set(node, mark.at);
    // The last item at or before the bookmark; from there back, the nearest item above the bookmark's level
    // is its parent (the section it is in).
    let i = flat.length - 1;
    while (i >= 0 && !comesBefore(flat[i].node, mark)) i--;
    let j = i;
    while (j >= 0 && flat[j].depth >= level) j--;
    const parent = j >= 0 ? flat[j] : null;
    const siblings = parent ? parent.node.children : tree;
    const next = siblings.findIndex((sibling) => !comesBefore(sibling, mark));
    siblings.splice(next === -1 ? siblings.length : next, 0, node);
    flat.splice(i + 1, 0, { node, depth: parent ? parent.depth + 1 : 1 });
  }
}

/**
 * Shapes the outline (see the file's comment). 0 leaves that aspect as LibreOffice wrote it.
 * @param {import('./pdf-objects.js').PdfObjects} doc
 * @param {{ keep?: number, open?: number, bookmarks?: number }} levels
 */
export function shapeOutline(doc, { keep = 0, open = 0, bookmarks = 0 }) {
  const catalog = doc.catalog;
  let rootRef = catalog['/Outlines'];
  if (!isRef(rootRef) || !isDict(doc.resolve(rootRef))) {
    if (bookmarks === 0) return;
    rootRef = doc.add({ '/Type': '/Outlines' });
    catalog['/Outlines'] = rootRef;
  }
  const root = doc.resolve(rootRef);
  const tree = readTree(doc, root);
  const prune = (nodes, depth) =>
    nodes.forEach((node) => {
      if (keep > 0 && depth >= keep) node.children = [];
      else prune(node.children, depth + 1);
    });
  prune(tree, 1);
  if (bookmarks > 0) addBookmarks(doc, tree, bookmarks);
  if (open > 0) {
    const setOpen = (nodes, depth) =>
      nodes.forEach((node) => {
        node.open = depth <= open;
        setOpen(node.children, depth + 1);
      });
    setOpen(tree, 1);
  }
  writeTree(rootRef, root, tree, { isRoot: true });
}
