// SPDX-License-Identifier: MIT
/**
 * PdfConvertOptions that LibreOffice's PDF export writes (issue 21 item 2). How a viewer opens the PDF: its
 * window (centerWindow,
 * displayDocTitle, fitWindow, hideMenuBar, hideToolBar, hideWindowUI), its first view (pageLayout, pageMode,
 * zoom). LibreOffice's PDF export writes them into the document catalog (its FilterData names below), so they
 * apply to PDF targets of office documents. Values LibreOffice has no setting for (pageLayout TwoColumnLeft,
 * TwoPageLeft and TwoPageRight, pageMode UseOC and UseAttachments) are left out, and reported. How its images
 * are stored: imageQuality (the JPEG quality, 1–100) and compressImages (images above 150 dpi resampled).
 */

const isTrue = (v) => v === true || v === 'true';

/** convertOptions flag → LibreOffice's FilterData flag. */
const WINDOW_FLAGS = Object.freeze({
  centerWindow: 'CenterWindow',
  displayDocTitle: 'DisplayPDFDocumentTitle',
  fitWindow: 'ResizeWindowToInitialPage',
  hideMenuBar: 'HideViewerMenubar',
  hideToolBar: 'HideViewerToolbar',
  hideWindowUI: 'HideViewerWindowControls',
});

/**
 * pageLayout → FilterData PageLayout (1 single page, 2 one column, 3 two columns). LibreOffice 7.4 writes its
 * two-column layout as /TwoColumnRight whatever FirstPageOnLeft says (checked with qpdf), so TwoColumnLeft is
 * reported rather than written wrong.
 */
const PAGE_LAYOUTS = Object.freeze({
  SinglePage: { PageLayout: 1 },
  OneColumn: { PageLayout: 2 },
  TwoColumnRight: { PageLayout: 3 },
});

/** pageMode → FilterData InitialView (1 outlines, 2 thumbnails) or full screen. */
const PAGE_MODES = Object.freeze({
  UseOutlines: { InitialView: 1 },
  UseThumbs: { InitialView: 2 },
  FullScreen: { OpenInFullScreenMode: true },
});

/**
 * @param {Record<string, any>} [convertOptions]
 * @returns {{ filterData: Record<string, boolean | number>, applied: string[] }} what to export, and the
 *   convertOptions names it applies (applied-options.js)
 */
export function exportSettings(convertOptions = {}) {
  const o = convertOptions ?? {};
  /** @type {Record<string, boolean | number>} */
  const filterData = {};
  const applied = Object.keys(WINDOW_FLAGS);
  for (const [name, key] of Object.entries(WINDOW_FLAGS)) if (isTrue(o[name])) filterData[key] = true;
  // LibreOffice shows the title by default; the API's default is the file name.
  filterData.DisplayPDFDocumentTitle = isTrue(o.displayDocTitle);
  if (o.pageLayout === undefined || o.pageLayout === 'Default' || Object.hasOwn(PAGE_LAYOUTS, o.pageLayout)) {
    applied.push('pageLayout');
    Object.assign(filterData, PAGE_LAYOUTS[o.pageLayout] ?? {});
  }
  if (o.pageMode === undefined || o.pageMode === 'UseNone' || Object.hasOwn(PAGE_MODES, o.pageMode)) {
    applied.push('pageMode');
    Object.assign(filterData, PAGE_MODES[o.pageMode] ?? {});
  }
  const zoom = Number(o.zoom);
  if (Number.isFinite(zoom) && zoom > 0 && zoom <= 6400) {
    applied.push('zoom');
    // Magnification 4: the Zoom percentage. 100 is what a viewer shows anyway, so it is written only otherwise.
    if (zoom !== 100) Object.assign(filterData, { Magnification: 4, Zoom: Math.round(zoom) });
  }
  const quality = Number(o.imageQuality);
  if (Number.isFinite(quality) && quality >= 1 && quality <= 100) {
    applied.push('imageQuality');
    Object.assign(filterData, { UseLosslessCompression: false, Quality: Math.round(quality) });
  }
  applied.push('compressImages');
  if (isTrue(o.compressImages)) Object.assign(filterData, { ReduceImageResolution: true, MaxImageResolution: 150 });
  return { filterData, applied };
}
