// SPDX-License-Identifier: MIT
/**
 * The converter: routes each job through the table in formats.js to LibreOffice (the warm pool) and/or
 * Poppler, in a bounded number of concurrent jobs, each in its own temp folder.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { ConversionError, Deadline } from './errors.js';
import {
  RASTER_TARGETS,
  csvLoadOptions,
  familyOf,
  isRasterTarget,
  normalizeFormat,
  sourceFormats,
  supportedFormats,
  targetsFor,
  unreadableReason,
} from './formats.js';
import { convertsAttachments, emailAttachments, renderEmail } from './email.js';
import { OfficePool } from './office-pool.js';
import { engineVersions } from './engines.js';
import { checkPackageSize } from './package-size.js';
import { signatureMismatch } from './sniff.js';
import { appliedOptions } from './applied-options.js';
import {
  isFixedLayout,
  loadPassword,
  originalPageNumber,
  outputPassword,
  pageRuns,
  pageSelection,
  pdfFilterData,
} from './options.js';
import { openPdf, pdfInfo, pdfToFixedHtml, pdfToHtml, pdfToText, rewritePdf } from './poppler.js';
import { imageToPdf, renderPages } from './images.js';
import { markdownToHtml } from './markdown.js';
import { documentToOffice, pdfToOffice } from './office-routes.js';
import { encrypt, finishingArgs, rewriteWith } from './qpdf.js';
import { applyWatermark, watermarkSpec } from './watermark.js';
import {
  DEFAULT_FONT_FAMILIES,
  cultureName,
  defaultFont,
  documentView,
  fontSubstitutes,
  pageSetup,
  propertyClearing,
} from './document-view.js';
import { asUtf8, csvImport } from './text-sources.js';
import { HTML_SOURCES, withCustomCss } from './html-sources.js';
import { exportSettings } from './pdf-export.js';
import { prepareSource, targetPlan, updateArgs } from './pdf-edit.js';

/** A counting semaphore: at most `size` jobs at once, the rest wait in order. */
class Limiter {
  constructor(size) {
    this.free = Math.max(1, size | 0);
    this.queue = [];
  }
  async run(fn) {
    if (this.free > 0) this.free--;
    else await new Promise((resolve) => this.queue.push(resolve));
    try {
      return await fn();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.free++;
    }
  }
}

const toBuffer = (bytes) =>
  Buffer.isBuffer(bytes)
    ? bytes
    : bytes instanceof Uint8Array
      ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
      : null;

/** 'docx' → 'Docx': the style of GroupDocs' FileType names. */
const fileTypeName = (fmt) => (fmt ? fmt[0].toUpperCase() + fmt.slice(1) : '');

function resolvePair(sourceFormat, targetFormat) {
  const src = normalizeFormat(sourceFormat);
  const dst = normalizeFormat(targetFormat);
  const found = familyOf(src);
  const unreadable = unreadableReason(src);
  if (unreadable) throw new ConversionError('unsupported_format', unreadable);
  if (!found) {
    throw new ConversionError(
      'unsupported_format',
      `Cannot convert ${src ? `${src} files` : 'a document of unknown format'}: supported source formats are ${sourceFormats().join(', ')}`,
    );
  }
  const raster = RASTER_TARGETS[dst];
  const target = found.family.targets[dst];
  if (!raster && !target) {
    throw new ConversionError(
      'unsupported_format',
      `Cannot convert ${src} to ${dst || '(no format)'}: supported targets for ${src} are ${targetsFor(src).join(', ')}`,
    );
  }
  return { src, dst, found, raster, target };
}

const DEFAULT_MAX_INFLATED_BYTES = 512 * 1024 * 1024;

const OFFICE_ENGINES = new Set(['office', 'email']);

/**
 * The fonts of a request written into `folder`, each under a name of safe characters.
 * @param {string} folder @param {Array<{ name: string, bytes: Uint8Array }>} fonts
 * @returns {Promise<string>} the folder
 */
async function writeFonts(folder, fonts) {
  await mkdir(folder);
  for (const [i, font] of fonts.entries()) {
    await writeFile(join(folder, `${i}-${String(font.name).replace(/[^\w.-]/g, '_')}`), font.bytes);
  }
  return folder;
}

// Why an attachment is left out of convertAttachments' results rather than failing the message's conversion.
const UNREADABLE_ATTACHMENT = new Set([
  'corrupt_input',
  'too_large',
  'password_required',
  'wrong_password',
  'unsupported_format',
]);

function inputBytes(bytes) {
  const buf = toBuffer(bytes);
  if (!buf) throw new ConversionError('corrupt_input', 'The document bytes are missing');
  if (buf.length === 0) throw new ConversionError('corrupt_input', 'The document is empty');
  return buf;
}

/**
 * How LibreOffice should open this source (filter for text formats, how CSV cells are read, password), the
 * edits its load options ask for, and, for a target with pages (`paged`), what of it the pages show
 * (document-view.js).
 */
function loadSpec(found, loadOptions, { paged = true } = {}) {
  const spec = { format: found.format, service: found.family.service };
  if (found.source.filter) spec.filter = found.source.filter;
  if (found.source.filterOptions) spec.filterOptions = found.source.filterOptions;
  if (found.source.separator) {
    const reading = csvImport(loadOptions);
    spec.filterOptions = csvLoadOptions(loadOptions?.separator || found.source.separator, reading);
    const culture = cultureName(loadOptions);
    if (reading.textColumns || culture) spec.csv = { textColumns: reading.textColumns, culture };
    if (reading.datesAsText) spec.datesAsText = true;
  }
  // WordProcessingLoadOptions.embedTrueTypeFonts, when given: whether the saved document carries its fonts
  // (unset: as the source did).
  const embed = loadOptions?.embedTrueTypeFonts;
  if (found.name === 'words' && (typeof embed === 'boolean' || embed === 'true' || embed === 'false'))
    spec.embedFonts = embed === true || embed === 'true';
  const password = loadPassword(loadOptions);
  if (password !== undefined) spec.password = password;
  const fonts = fontSubstitutes(loadOptions);
  if (fonts) spec.fontSubstitutes = fonts;
  const fallback = defaultFont(loadOptions);
  if (fallback && DEFAULT_FONT_FAMILIES.has(found.name)) spec.defaultFont = fallback;
  const clear = propertyClearing(found.name, loadOptions);
  if (clear) spec.clearProperties = clear;
  const view = documentView(found.name, loadOptions, { paged });
  if (Object.keys(view).length > 0) spec.view = view;
  return spec;
}

/**
 * How LibreOffice should save the target, including its encryption (PDF output is encrypted afterwards,
 * by finishPdf).
 */
function storeSpec(target, { selection, password, pdfFormat, exportData }) {
  const spec = { filter: target.filter };
  if (target.filterOptions) spec.filterOptions = target.filterOptions;
  if (target.encrypt === 'pdf') spec.filterData = { ...pdfFilterData({ selection, pdfFormat }), ...exportData };
  else if (target.encrypt === 'ooxml' && password !== undefined) spec.ooxmlPassword = password;
  else if (target.encrypt === 'password' && password !== undefined) spec.password = password;
  return spec;
}

/** Keep only the pages a PDF has; none left is the caller's mistake, said plainly. */
function clipSelection(selection, pages) {
  if (!selection) return null;
  const outOfRange = () =>
    new ConversionError(
      'invalid_options',
      `The requested pages are not in the document (it has ${pages} page${pages === 1 ? '' : 's'})`,
    );
  if (selection.list) {
    const list = selection.list.filter((p) => p <= pages);
    if (list.length === 0) throw outOfRange();
    return { list };
  }
  if (selection.from > pages) throw outOfRange();
  return { from: selection.from, to: Math.min(selection.to ?? pages, pages) };
}

/**
 * Create a converter. Starts `workers` LibreOffice processes in the background (it does not wait for them;
 * the first job does). Nothing expensive happens at import time.
 * @param {{ workers?: number, timeoutMs?: number, tmpDir?: string, python?: string, soffice?: string, warm?: boolean,
 *   sandbox?: boolean, log?: (line: string) => void, maxInflatedBytes?: number, restartAfter?: number,
 *   engineMemoryBytes?: number, idleShutdownMs?: number, fontsDir?: string }} [options]
 *   - workers: concurrent jobs and office processes (default: one per core)
 *   - timeoutMs: the limit of one job's work (queueing excluded); past it the office process is killed and replaced
 *   - tmpDir: parent of this converter's temp folder (office profiles, job files); default os.tmpdir()
 *   - python, soffice: an interpreter with python3-uno (default /usr/bin/python3), the LibreOffice binary
 *   - warm: false starts the office processes on first use instead of now
 *   - sandbox: false runs LibreOffice without confinement (sandbox.py), so that a document's links reach the
 *     network and local files: for trusted documents only, where the kernel cannot confine (see README.md)
 *   - log: where a note about a fallback confinement goes
 *   - maxInflatedBytes: a zip package (docx, xlsx, odt …) whose parts inflate past it is refused, too_large
 *     (package-size.js; default 512 MiB)
 *   - restartAfter: an office process is replaced after this many conversions (default 200)
 *   - engineMemoryBytes: an office process above it while converting is killed, the conversion too_large (0: none)
 *   - idleShutdownMs: an office process idle that long stops, and starts again on demand (0: never)
 *   - fontsDir: a folder of fonts (ttf, otf …) the office processes draw with besides the system's
 * @returns the converter (see the methods below); call close() when done
 */
export function createConverter({
  workers = os.availableParallelism(),
  timeoutMs = 120000,
  tmpDir,
  python,
  soffice,
  warm = true,
  sandbox = true,
  log,
  maxInflatedBytes = DEFAULT_MAX_INFLATED_BYTES,
  restartAfter,
  engineMemoryBytes = 0,
  idleShutdownMs = 0,
  fontsDir,
} = {}) {
  const parent = tmpDir ?? os.tmpdir();
  mkdirSync(parent, { recursive: true });
  const root = mkdtempSync(join(parent, 'gdcw-'));
  const pool = new OfficePool({
    size: workers,
    dir: join(root, 'office'),
    python,
    soffice,
    sandbox,
    log,
    maxJobs: restartAfter,
    memoryLimitBytes: engineMemoryBytes,
    idleShutdownMs,
    fontsDir: fontsDir && resolve(fontsDir),
  });
  if (warm) {
    pool.start();
    engineVersions({ soffice }); // asked now, so that the first GET /health does not wait for soffice --version
  }
  const limiter = new Limiter(workers);
  let jobs = 0;
  let closing = null;

  function job(fn) {
    if (closing) return Promise.reject(new ConversionError('engine_failed', 'The converter is closed'));
    return limiter.run(async () => {
      const dir = join(root, 'jobs', String(++jobs));
      await mkdir(dir, { recursive: true });
      try {
        return await fn(dir, new Deadline(timeoutMs));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  }

  /** One conversion by an office process: a warm one, or with `fontsDir` one started for it (fontsPath). */
  async function officeRun({ input, output, load, store, meta = false, fontsDir }, deadline) {
    const body = { cmd: 'convert', input, output, load, store, meta };
    const reply = fontsDir ? await pool.runWithFonts(body, { deadline, fontsDir }) : await pool.run(body, { deadline });
    return reply.meta;
  }

  /** `input` with the watermark on every page, as `output` (watermark.js; an office process draws it). */
  function watermark(input, output, { mark, dir, deadline }) {
    const drawStamp = (request) => pool.run({ cmd: 'stamp', ...request }, { deadline });
    return applyWatermark(input, output, { spec: mark, dir, drawStamp, deadline });
  }

  /**
   * The last steps of PDF output, in this order: the watermark, then one qpdf pass that applies a PDF
   * target's structure edits (pdf-edit.js), rotation, linearization and the rest of finishingArgs (qpdf.js),
   * and AES-256 encryption (the password on qpdf's stdin). Writes `output`; `input` is left as it is.
   * @param {string} input
   * @param {string} output
   * @param {{ mark?: object, password?: string, dir: string, deadline: Deadline,
   *   plan?: ReturnType<typeof targetPlan>, convertOptions?: Record<string, any> }} o plan and convertOptions:
   *   given by PDF targets
   */
  async function finishPdf(input, output, { mark, password, dir, deadline, convertOptions, plan }) {
    const finishing = convertOptions ? finishingArgs(convertOptions) : { args: [], rewrite: false };
    let current = input;
    if (mark) {
      current = join(dir, 'watermarked.pdf');
      await watermark(input, current, { mark, dir, deadline });
    }
    const edits = plan ? await updateArgs(current, { ...plan, dir, deadline }) : [];
    const args = [...edits, ...finishing.args, ...(plan?.args ?? [])];
    if (password !== undefined) await encrypt(current, output, { password, deadline, extra: args });
    else if (args.length > 0 || finishing.rewrite) await rewriteWith(current, output, { args, deadline });
    else await copyFile(current, output);
  }

  /**
   * pdftoppm over `runs` of `pdf` (watermarked first when asked); the i-th image is named after page
   * originalPageNumber(naming, i), which it also carries as `page`.
   */
  async function images(pdf, { dir, dst, raster, runs, naming, convertOptions, baseName, deadline }) {
    const mark = watermarkSpec(convertOptions);
    let source = pdf;
    if (mark) {
      source = join(dir, 'render-watermarked.pdf');
      await watermark(pdf, source, { mark, dir, deadline });
    }
    const files = await renderPages(source, { dir, dst, raster, runs, convertOptions, deadline });
    return Promise.all(
      files.map(async (file, i) => {
        const page = originalPageNumber(naming, i);
        return { name: `${baseName}-page-${page}.${dst}`, bytes: await readFile(file), page };
      }),
    );
  }

  /**
   * The file LibreOffice opens: the source itself, for an email the page email.js renders from it, for
   * Markdown the page pandoc makes of it, for HTML the page with its customCssStyle (html-sources.js).
   */
  async function officeInput(dir, deadline, input, found, loadOptions, attachmentsDir) {
    if (found.source.prepare === 'markdown') return markdownToHtml(input, { dir, deadline });
    if (HTML_SOURCES.has(found.format)) return withCustomCss(input, dir, loadOptions);
    if (found.family.engine !== 'email') return asUtf8(input, dir, found.format, loadOptions);
    return renderEmail(input, { format: found.format, dir, loadOptions, python, deadline, attachmentsDir });
  }

  /** One source, already in the job's folder `dir`, converted by its engine. */
  function convertIn(dir, deadline, input, pair, opts) {
    if (pair.found.family.engine === 'poppler') return convertPdf(dir, deadline, input, pair, opts);
    if (pair.found.family.engine === 'image') {
      return imageToPdf(input, { reader: pair.found.source.reader, dir, deadline }).then((pdf) =>
        convertPdf(dir, deadline, pdf, pair, opts),
      );
    }
    return convertOffice(dir, deadline, input, pair, opts);
  }

  /**
   * EmailLoadOptions.convertAttachments: the attachments renderEmail saved in `folder`, each converted to the
   * target as `<base>-attachment-<n>` (n: its place among the message's attachments), with the message's
   * convertOptions. One that does not convert to the target, or cannot be read (damaged, password-protected),
   * is left out: the message's own result never fails because of an attachment.
   */
  async function attachmentResults(folder, dir, deadline, dst, { convertOptions, selection, baseName }) {
    const results = [];
    for (const [i, attachment] of (await emailAttachments(folder)).entries()) {
      const n = i + 1;
      let pair;
      try {
        pair = resolvePair(attachment.format, dst);
      } catch {
        continue; // not a format that converts to the target
      }
      const sub = join(dir, `attachment-${n}`);
      await mkdir(sub);
      const input = join(sub, `source.${pair.src}`);
      await rename(attachment.path, input);
      const opts = { loadOptions: {}, convertOptions, selection, baseName: `${baseName}-attachment-${n}` };
      try {
        await checkPackageSize(await readFile(input), maxInflatedBytes);
        results.push(...(await convertIn(sub, deadline, input, pair, opts)));
      } catch (err) {
        if (!UNREADABLE_ATTACHMENT.has(err?.code)) throw err;
      }
    }
    return results;
  }

  /** The UNO worker's `tables` answer for a text document (office-routes.js). */
  function tables(request, deadline) {
    return pool.run({ cmd: 'tables', ...request }, { deadline });
  }

  async function convertOffice(
    dir,
    deadline,
    source,
    { dst, found, raster, target },
    { loadOptions, convertOptions, selection, baseName, attachmentsDir, fontsDir },
  ) {
    const office = (request, limit) => officeRun({ ...request, fontsDir }, limit);
    const input = await officeInput(dir, deadline, source, found, loadOptions, attachmentsDir);
    const paged = Boolean(raster) || dst === 'pdf' || (dst === 'html' && isFixedLayout(convertOptions));
    const load = loadSpec(found, loadOptions, { paged });
    const page = pageSetup(found.name, convertOptions);
    if (page) load.page = page;
    if (raster) {
      const pdf = join(dir, 'render.pdf');
      await office({ input, output: pdf, load, store: storeSpec(found.family.targets.pdf, { selection }) }, deadline);
      // The PDF holds only the selected pages, in order: render all of it, name the files by original page.
      return images(pdf, {
        dir,
        dst,
        raster,
        runs: pageRuns(null),
        naming: selection,
        convertOptions,
        baseName,
        deadline,
      });
    }
    const output = join(dir, `result.${dst}`);
    const password = outputPassword(convertOptions);
    if (dst === 'html' && isFixedLayout(convertOptions)) {
      // HtmlConvertOptions.fixedLayout: the pages as the PDF export lays them out (watermark and page
      // selection included), then placed line by line in HTML by Poppler.
      const pdf = join(dir, 'render.pdf');
      const marked = join(dir, 'fixed.pdf');
      await office({ input, output: pdf, load, store: storeSpec(found.family.targets.pdf, { selection }) }, deadline);
      await finishPdf(pdf, marked, { mark: watermarkSpec(convertOptions), dir, deadline });
      const borders =
        convertOptions?.fixedLayoutShowBorders === true || convertOptions?.fixedLayoutShowBorders === 'true';
      await writeFile(output, await pdfToFixedHtml(marked, { dir, borders, deadline }));
    } else if (target.via) {
      const store = storeSpec(target, { password });
      const pdfStore = storeSpec(found.family.targets.pdf, {});
      await documentToOffice(target.via, input, { load, store, pdfStore, output, dir, deadline, office, tables });
    } else if (target.encrypt === 'pdf') {
      // Encryption and the watermark come after the export, so the export writes no PDF version of its own
      // when there is either (applied-options.js reports pdfFormat then).
      const mark = watermarkSpec(convertOptions);
      const exported = join(dir, 'export.pdf');
      const pdfFormat = password === undefined && !mark ? convertOptions?.pdfFormat : undefined;
      const plan = targetPlan({ family: found.name, loadOptions, convertOptions });
      const exportData = { ...exportSettings(convertOptions).filterData, ...plan.exportData };
      await office(
        { input, output: exported, load, store: storeSpec(target, { selection, pdfFormat, exportData }) },
        deadline,
      );
      await finishPdf(exported, output, { mark, password, dir, deadline, convertOptions, plan });
    } else {
      await office(
        { input, output, load, store: storeSpec(target, { selection: target.paged ? selection : null, password }) },
        deadline,
      );
    }
    return [{ name: `${baseName}.${dst}`, bytes: await readFile(output) }];
  }

  async function convertPdf(
    dir,
    deadline,
    input,
    { dst, found, raster, target },
    { loadOptions, convertOptions, selection, baseName },
  ) {
    // Checks the password before any work; an encrypted source is decrypted into a private copy (the
    // password goes to qpdf on stdin, never on a command line), which is removed whatever happens next.
    const opened = await openPdf(input, { dir, password: loadPassword(loadOptions), deadline });
    try {
      const { info } = opened;
      // A PDF source's PdfLoadOptions (pdf-edit.js), before any target is made of it.
      const pdf =
        found.family.engine === 'poppler'
          ? await prepareSource(opened.pdf, loadOptions, { dir, deadline })
          : opened.pdf;
      const pages = clipSelection(selection, info.pages);
      if (raster)
        return await images(pdf, {
          dir,
          dst,
          raster,
          runs: pageRuns(pages),
          naming: pages,
          convertOptions,
          baseName,
          deadline,
        });
      const output = join(dir, `result.${dst}`);
      if (target.via) {
        const store = storeSpec(target, { password: outputPassword(convertOptions) });
        await pdfToOffice(target.via, pdf, { output, store, dir, deadline, office: officeRun });
      } else if (target.tool === 'pdftotext') await pdfToText(pdf, { out: output, deadline });
      else if (target.tool === 'pdftohtml') await writeFile(output, await pdfToHtml(pdf, { deadline }));
      else {
        const mark = watermarkSpec(convertOptions);
        const password = outputPassword(convertOptions);
        // Nothing to select, decrypt or edit: the same bytes (an edited source is decrypted: pdf-edit.js).
        let selected = pdf === opened.pdf ? input : pdf;
        if (pages || (info.encrypted && selected === input)) {
          selected = join(dir, 'selected.pdf');
          await rewritePdf(pdf, { dir, out: selected, runs: pageRuns(pages), deadline });
        }
        const plan = targetPlan({ family: found.name, loadOptions, convertOptions });
        await finishPdf(selected, output, { mark, password, dir, deadline, convertOptions, plan });
      }
      return [{ name: `${baseName}.${dst}`, bytes: await readFile(output) }];
    } finally {
      await opened.close();
    }
  }

  return {
    /** @returns {Array<{ sourceFormat: string, targetFormats: string[] }>} sorted, from the converter table */
    supportedFormats,

    /** True for image targets (bmp, gif, jpg, png, svg, tiff, webp …): one output file per page. */
    isRasterTarget,

    /** Why a source format cannot be read here, naming what would read it (dwg, one …), or null. */
    unreadableReason,

    /**
     * The options convert() applies to this job, decided from the pair and the values before converting;
     * throws invalid_options for a value it cannot use. See applied-options.js.
     */
    appliedOptions,

    /**
     * Convert one document.
     * @param {{ bytes: Uint8Array, sourceFormat: string, targetFormat: string, baseName?: string,
     *   loadOptions?: object, convertOptions?: object, fonts?: Array<{ name: string, bytes: Uint8Array }> }} request
     *   fonts: font files (ttf, otf …) the document is drawn with besides the machine's (ConvertSettings.fontsPath);
     *   an office conversion with fonts runs in an office process started for it
     * @returns {Promise<Array<{ name: string, bytes: Buffer, page?: number }>>} `<base>.<target>`, or
     *   `<base>-page-<n>.<target>` per page for raster targets (n, also in `page`, is the page's number in the
     *   source document)
     * @throws {ConversionError}
     */
    async convert({ bytes, sourceFormat, targetFormat, baseName, loadOptions = {}, convertOptions = {}, fonts }) {
      const pair = resolvePair(sourceFormat, targetFormat);
      const buf = inputBytes(bytes);
      const mismatch = signatureMismatch(pair.src, buf);
      if (mismatch) throw new ConversionError('corrupt_input', mismatch);
      await checkPackageSize(buf, maxInflatedBytes); // a zip bomb never reaches an engine
      const selection = pageSelection(convertOptions);
      const opts = { loadOptions, convertOptions, selection, baseName: baseName || 'document' };
      return job(async (dir, deadline) => {
        const input = join(dir, `source.${pair.src}`);
        await writeFile(input, buf);
        // ConvertSettings.fontsPath: the fonts the request brought, for an office process of its own.
        if (fonts?.length > 0 && OFFICE_ENGINES.has(pair.found.family.engine))
          opts.fontsDir = await writeFonts(join(dir, 'fonts'), fonts);
        if (pair.found.family.engine !== 'email' || !convertsAttachments(loadOptions))
          return convertIn(dir, deadline, input, pair, opts);
        const attachmentsDir = join(dir, 'attachments');
        await mkdir(attachmentsDir);
        const message = await convertIn(dir, deadline, input, pair, { ...opts, attachmentsDir });
        return [...message, ...(await attachmentResults(attachmentsDir, dir, deadline, pair.dst, opts))];
      });
    },

    /**
     * Document metadata. pageCount comes from the rendered document (LibreOffice → PDF → pdfinfo), not from
     * stored statistics. An encrypted document without (or with a wrong) password does not fail: it reports
     * isPasswordProtected true and pageCount 0. fileType is the extension in GroupDocs' style ('Docx', 'Pdf').
     * width/height/resolution/bitsPerPixel are image properties: 0 for documents (images: width and height only). Dates are ISO 8601 UTC or null.
     * @param {{ bytes: Uint8Array, sourceFormat: string, loadOptions?: object }} request
     * @throws {ConversionError} unsupported_format, corrupt_input, timeout, engine_failed
     */
    async info({ bytes, sourceFormat, loadOptions = {} }) {
      const src = normalizeFormat(sourceFormat);
      const found = familyOf(src);
      if (!found) resolvePair(src, 'pdf'); // throws the unsupported_format message
      const buf = inputBytes(bytes);
      await checkPackageSize(buf, maxInflatedBytes);
      const result = {
        fileType: fileTypeName(src),
        pageCount: 0,
        size: buf.length,
        isPasswordProtected: false,
        title: '',
        author: '',
        createdDate: null,
        modifiedDate: null,
        width: 0,
        height: 0,
        horizontalResolution: 0,
        verticalResolution: 0,
        bitsPerPixel: 0,
        layers: null,
      };
      const password = loadPassword(loadOptions);
      return job(async (dir, deadline) => {
        const input = join(dir, `source.${src}`);
        await writeFile(input, buf);
        try {
          if (found.family.engine === 'image') {
            // The page is the picture at 96 DPI (images.js): its size in pixels, ± 1 for whole points.
            const pdf = await imageToPdf(input, { reader: found.source.reader, dir, deadline });
            const { pages, pageWidth, pageHeight } = await pdfInfo(pdf, { deadline });
            const pixels = (points) => Math.round((points * 96) / 72);
            return { ...result, pageCount: pages, width: pixels(pageWidth), height: pixels(pageHeight) };
          }
          if (found.family.engine === 'poppler') {
            // needsPassword: "encrypted" includes PDFs with only an owner password (permissions), which open without one.
            const opened = await openPdf(input, { dir, password, deadline });
            try {
              const { pages, title, author, createdDate, modifiedDate } = opened.info;
              return {
                ...result,
                pageCount: pages,
                title,
                author,
                createdDate,
                modifiedDate,
                isPasswordProtected: opened.needsPassword,
              };
            } finally {
              await opened.close();
            }
          }
          const pdf = join(dir, 'render.pdf');
          const meta = await officeRun(
            {
              input: await officeInput(dir, deadline, input, found, loadOptions),
              output: pdf,
              load: loadSpec(found, loadOptions),
              store: storeSpec(found.family.targets.pdf, {}),
              meta: true,
            },
            deadline,
          );
          const { pages } = await pdfInfo(pdf, { deadline });
          return { ...result, ...meta, pageCount: pages };
        } catch (err) {
          if (err.code === 'password_required' || err.code === 'wrong_password')
            return { ...result, isPasswordProtected: true };
          throw err;
        }
      });
    },

    /**
     * The engines' state for GET /health and /metrics: the office pool (office-pool.js, status) and the
     * versions of LibreOffice, Poppler and qpdf (null: not installed).
     * @returns {Promise<{ office: ReturnType<OfficePool['status']>, versions: Awaited<ReturnType<typeof engineVersions>> }>}
     */
    async health() {
      return { office: pool.status(), versions: await engineVersions({ soffice }) };
    },

    /** Kill every office process, remove the temp folder; idempotent. */
    close() {
      closing ??= pool.close().finally(() => rmSync(root, { recursive: true, force: true, maxRetries: 3 }));
      return closing;
    },

    /** Internal, for tests: the office pool and this converter's temp folder (its profiles live there). */
    _pool: pool,
    _root: root,
  };
}
