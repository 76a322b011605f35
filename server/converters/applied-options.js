// SPDX-License-Identifier: MIT
/**
 * Which options this converter really applies to a conversion, decided from the pair and the values
 * before converting (issue 18 item 5): the HTTP layer reports every other option a request sets in
 * `x-groupdocs-ignored-options`. Keep this in step with converter.js; README.md in this folder says the
 * same in prose.
 */
import { familyOf, isRasterTarget, normalizeFormat } from './formats.js';
import { PDF_VERSIONS, TIFF_COMPRESSION, isFixedLayout, outputPassword, pageSelection } from './options.js';
import { emailPageOptions } from './email.js';
import { watermarkSpec } from './watermark.js';
import {
  DEFAULT_FONT_FAMILIES,
  PAGE_SETUP_OPTIONS,
  VIEW_OPTIONS,
  defaultFont,
  documentView,
  fontSubstitutes,
} from './document-view.js';
import { CSV_IMPORT_OPTIONS, ENCODED_SOURCES, textEncoding } from './text-sources.js';
import { HTML_SOURCES } from './html-sources.js';
import { exportSettings } from './pdf-export.js';
import { imageTransform } from './images.js';
import { imageAdjustments } from './image-adjust.js';
import { finishingArgs } from './qpdf.js';
import { sourcePlan, targetPlan } from './pdf-edit.js';

const PAGE_OPTIONS = ['fromPage', 'pagesCount', 'pages'];
// The word-processing targets LibreOffice writes embedded fonts into (embedTrueTypeFonts).
const FONT_CARRYING_TARGETS = new Set(['docx', 'docm', 'dotx', 'odt', 'ott']);
// What email.js renders from an email source's load options, and convertAttachments (converter.js; the
// attachments converted too). preserveOriginalDate stays reported.
const EMAIL_OPTIONS = [
  'convertAttachments',
  'displayHeader',
  'displayEmailAddress',
  'displayFromEmailAddress',
  'displayToEmailAddress',
  'displayCcEmailAddress',
  'displayBccEmailAddress',
  'fieldLabels',
  'timeZoneOffset',
  'displayEmailAddresses',
  'displaySubject',
  'displaySent',
  'displayAttachments',
];
const RASTER_OPTIONS = ['width', 'height', 'horizontalResolution', 'verticalResolution', 'dpi', 'grayscale'];
// Drawn whenever there is a watermark text; the size and position fields have exceptions below.
const WATERMARK_LOOK = [
  'text',
  'fontName',
  'bold',
  'italic',
  'color',
  'rotationAngle',
  'transparency',
  'background',
  'autoAlign',
];

/**
 * @param {{ sourceFormat: string, targetFormat: string, loadOptions?: Record<string, any>,
 *   convertOptions?: Record<string, any> }} job
 * @returns {Set<string>} option paths as the API names them: `loadOptions.password`,
 *   `convertOptions.watermarkOptions.text`, … (an unknown source format applies none)
 * @throws {import('./errors.js').ConversionError} invalid_options for a value no conversion could use
 *   (a malformed page list, an unknown watermark colour, …), so that it is refused before any work
 */
export function appliedOptions({ sourceFormat, targetFormat, loadOptions = {}, convertOptions = {} }) {
  const applied = new Set();
  const found = familyOf(sourceFormat);
  if (!found) return applied;
  const dst = normalizeFormat(targetFormat);
  const raster = isRasterTarget(dst);
  const target = found.family.targets[dst];
  const add = (object, names) => names.forEach((n) => applied.add(`${object}.${n}`));

  // format picks the source format; a password is tried whenever the document asks for one.
  add('loadOptions', ['format', 'password']);
  if (found.source.separator) add('loadOptions', ['separator', 'cultureInfo', ...CSV_IMPORT_OPTIONS]);
  textEncoding(loadOptions); // validates
  fontSubstitutes(loadOptions); // validates
  defaultFont(loadOptions); // validates
  if (DEFAULT_FONT_FAMILIES.has(found.name)) add('loadOptions', ['defaultFont']);
  if (['words', 'cells', 'slides'].includes(found.name)) {
    add('loadOptions', ['clearBuiltInDocumentProperties', 'clearCustomDocumentProperties']);
  }
  if (found.name === 'words') {
    // Set in the document, whatever the target (document-view.js).
    add('loadOptions', ['fontSubstitutes']);
    if (FONT_CARRYING_TARGETS.has(dst)) add('loadOptions', ['embedTrueTypeFonts']);
    add('convertOptions', PAGE_SETUP_OPTIONS);
  }
  if (ENCODED_SOURCES.has(found.format)) add('loadOptions', ['encoding']);
  if (found.format === 'txt') add('loadOptions', ['leadingSpacesOptions', 'trailingSpacesOptions']);
  // Added to the page before Writer reads it, whatever the target (html-sources.js).
  if (HTML_SOURCES.has(found.format)) add('loadOptions', ['customCssStyle']);
  if (found.family.engine === 'email') {
    emailPageOptions(loadOptions); // validates
    add('loadOptions', EMAIL_OPTIONS);
  }

  pageSelection(convertOptions); // validates
  // An html target in fixed layout is made from the PDF export: pages, watermark and the view apply to it.
  const fixedHtml = dst === 'html' && found.family.engine === 'office' && isFixedLayout(convertOptions);
  if (dst === 'html' && found.family.engine === 'office')
    add('convertOptions', ['fixedLayout', 'fixedLayoutShowBorders']);
  if (raster || target?.paged || fixedHtml) add('convertOptions', PAGE_OPTIONS);
  // What the pages show (hidden sheets and slides, a range, grid lines, notes, tracked changes): set on the
  // document before the PDF export, so only targets with pages see it (document-view.js).
  documentView(found.name, loadOptions); // validates
  if (raster || dst === 'pdf' || fixedHtml) add('loadOptions', VIEW_OPTIONS[found.name] ?? []);
  const password = outputPassword(convertOptions);
  if (target?.encrypt) add('convertOptions', ['password']);

  const mark = watermarkSpec(convertOptions); // validates
  if (mark && (raster || dst === 'pdf' || fixedHtml)) {
    add('convertOptions.watermarkOptions', WATERMARK_LOOK);
    // autoAlign computes the size and position; width/height fix the size, so fontSize only sets the shape.
    if (!mark.autoAlign) add('convertOptions.watermarkOptions', ['width', 'height', 'top', 'left']);
    if (!mark.autoAlign && !mark.width && !mark.height) add('convertOptions.watermarkOptions', ['fontSize']);
  }

  // LibreOffice's export writes the version; PDF/A forbids encryption, and a stamp added afterwards would
  // not be checked against the version's rules, so either of those wins (converter.js).
  const exportsVersion = dst === 'pdf' && found.family.engine === 'office' && !password && !mark;
  // Rotation, linearization, unused objects and resources: qpdf's last pass over every PDF target (qpdf.js).
  if (dst === 'pdf') add('convertOptions', finishingArgs(convertOptions).applied);
  // A PDF source's PdfLoadOptions edit it before any target is made (pdf-edit.js).
  if (found.family.engine === 'poppler') add('loadOptions', sourcePlan(loadOptions).applied.loadOptions);
  // Structure edits of PDF targets, and the load options that shape a document's PDF (pdf-edit.js).
  const plan = targetPlan({ family: found.name, loadOptions, convertOptions }); // validates
  if (dst === 'pdf') {
    add('convertOptions', plan.applied.convertOptions);
    add('loadOptions', plan.applied.loadOptions);
  }
  // How a viewer opens the PDF and how its images are stored: LibreOffice's export settings (pdf-export.js).
  if (dst === 'pdf' && ['office', 'email'].includes(found.family.engine)) {
    add('convertOptions', exportSettings(convertOptions).applied);
  }
  if (exportsVersion && Object.hasOwn(PDF_VERSIONS, convertOptions.pdfFormat ?? ''))
    add('convertOptions', ['pdfFormat']);

  // svg pages are vectors (pdftocairo): sizes, resolutions and pixel adjustments do not apply to them; a
  // background colour does (a rectangle behind the page).
  const adjustments = raster ? imageAdjustments(convertOptions) : null; // validates
  if (raster && dst === 'svg') add('convertOptions', ['backgroundColor']);
  if (raster && dst !== 'svg') {
    add('convertOptions', RASTER_OPTIONS);
    add('convertOptions', imageTransform(convertOptions).applied); // flipMode, rotateAngle (images.js)
    add('convertOptions', adjustments.applied); // brightness, contrast, gamma, backgroundColor (image-adjust.js)
    if (['jpg', 'jpeg', 'webp'].includes(dst)) add('convertOptions', ['quality']);
    if (dst === 'webp') add('convertOptions', ['lossless']);
    const compression = String(convertOptions.compression ?? '').toLowerCase();
    if ((dst === 'tif' || dst === 'tiff') && Object.hasOwn(TIFF_COMPRESSION, compression))
      add('convertOptions', ['compression']);
  }
  return applied;
}
