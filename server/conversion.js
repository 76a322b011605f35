// SPDX-License-Identifier: MIT
// What the convert, async and info routes share: choosing the source format, checking the pair against
// the converter's own table, running the converter in the worker pool under a watchdog, mapping its
// errors to API errors, and storing results as StoredConvertedResult (reference §4, §5).

import { ApiError } from './http-util.js';
import { flatConvertOptions, flatOptionPath, setOptionPaths } from './option-model.js';
import { baseName, encodePathForUrl, joinPath, parentOf, safeFileName, splitExtension } from './paths.js';
import { DEFAULT_STORAGE } from './storage.js';

// ConversionError codes (server/converters) → HTTP status and API error code for the sync routes.
const ERRORS = {
  unsupported_format: [400, 'UnsupportedFormat'],
  password_required: [400, 'PasswordRequired'],
  wrong_password: [400, 'IncorrectPassword'],
  corrupt_input: [400, 'CorruptDocument'],
  too_large: [413, 'DocumentTooLarge'],
  invalid_options: [400, 'InvalidOptions'],
  timeout: [504, 'ConversionTimeout'],
  engine_failed: [500, 'ConversionFailed'],
};
// The converter kills a hung conversion itself at timeoutMs; this watchdog only catches a converter that
// fails to, so that a pool slot is never lost for good.
const WATCHDOG_GRACE_MS = 2000;

/**
 * Turns any conversion failure into an ApiError (sync routes) whose message is also the operation's error
 * text (async routes). Messages of unknown errors are kept: they come from our converter, not from user input.
 * @param {any} err
 * @returns {ApiError}
 */
export function conversionApiError(err) {
  if (err instanceof ApiError) return err;
  const mapped = ERRORS[err?.code];
  if (mapped) return new ApiError(mapped[0], mapped[1], err.message || mapped[1]);
  return new ApiError(500, 'ConversionFailed', `Conversion failed: ${err?.message ?? String(err)}`);
}

/** Runs conversions for the routes. */
export class ConversionService {
  /**
   * @param {{ converter: any, sniffFormat: (buffer: Buffer, hint?: string) => string | null,
   *   pool: import('./pool.js').WorkerPool, timeoutMs: number }} options
   */
  constructor({ converter, sniffFormat, pool, timeoutMs }) {
    this.converter = converter;
    this.sniffFormat = sniffFormat;
    this.pool = pool;
    this.timeoutMs = timeoutMs;
    this.formats = null;
    this.stats = { conversions: 0, bytesProcessed: 0 };
    /** @type {(source: string, target: string, outcome: string, seconds: number) => void} told of every conversion that ran (metrics.js): outcome is ok or the API error code */
    this.onConversion = () => {};
  }

  /** @returns {Promise<Array<{ sourceFormat: string, targetFormats: string[] }>>} the converter's table */
  async supportedFormats() {
    this.formats ??= (await this.converter.supportedFormats())
      .map((f) => ({ sourceFormat: f.sourceFormat, targetFormats: [...f.targetFormats] }))
      .sort((a, b) => a.sourceFormat.localeCompare(b.sourceFormat));
    return this.formats;
  }

  /** @param {string} source @returns {Promise<string[] | undefined>} */
  async targetsFor(source) {
    return (await this.supportedFormats()).find((f) => f.sourceFormat === source)?.targetFormats;
  }

  /**
   * Picks the source format: the storage file's extension when the converter knows it, else
   * `loadOptions.format`, else the bytes' signature.
   * @param {{ fileName?: string, loadOptions: Record<string, any>, bytes?: Buffer, preferExtension: boolean }} args
   * @returns {Promise<string>}
   */
  async resolveSourceFormat({ fileName, loadOptions, bytes, preferExtension }) {
    const formats = await this.supportedFormats();
    const known = (f) => formats.some((x) => x.sourceFormat === f);
    const ext = fileName ? splitExtension(fileName)[1].toLowerCase() : '';
    if (preferExtension && ext && known(ext)) return ext;
    const declared = typeof loadOptions.format === 'string' ? loadOptions.format.toLowerCase().replace(/^\./, '') : '';
    if (declared) return declared;
    // A format no engine here reads (dwg, one …) is named as such, not guessed from its bytes (a dxf is text).
    this.refuseUnreadable(ext);
    const sniffed = bytes ? this.sniffFormat(bytes, fileName) : null;
    if (sniffed) return sniffed;
    const what = ext ? `Source format '${ext}' is not supported or` : 'The source format';
    throw new ApiError(
      400,
      'UnsupportedFormat',
      `${what} could not be detected; set loadOptions.format. Supported source formats: ${formats.map((f) => f.sourceFormat).join(', ')}.`,
    );
  }

  /**
   * Throws 400 UnsupportedFormat naming what would convert `format` when the converter knows it as a format
   * no engine here reads (issue 21 item 3: "dwg needs a CAD engine …"); does nothing otherwise.
   * @param {string} format
   */
  refuseUnreadable(format) {
    const reason = format ? this.converter.unreadableReason?.(format) : null;
    if (reason) throw new ApiError(400, 'UnsupportedFormat', reason);
  }

  /**
   * Refuses a pair the converter does not support, naming what is supported.
   * @param {string} source
   * @param {string} target
   */
  async checkPair(source, target) {
    const targets = await this.targetsFor(source);
    if (!targets) {
      this.refuseUnreadable(source);
      const sources = (await this.supportedFormats()).map((f) => f.sourceFormat);
      throw new ApiError(
        400,
        'UnsupportedFormat',
        `Source format '${source}' is not supported. Supported source formats: ${sources.join(', ')}.`,
      );
    }
    if (!targets.includes(target)) {
      throw new ApiError(
        400,
        'UnsupportedFormat',
        `Conversion from '${source}' to '${target}' is not supported. Supported target formats for '${source}': ${targets.join(', ')}.`,
      );
    }
  }

  /**
   * The known options a job sets that its conversion will not apply (issue 18 item 5), decided before
   * converting: what option-model.js finds set, less what the converter's `appliedOptions(job)` says it
   * applies for this pair and these values. A converter without `appliedOptions` applies nothing, so
   * everything set is reported. `loadOptions.format` picks the source format here, so it is applied.
   * A value the converter cannot use (it throws invalid_options) is refused now, as a 400. Paths are named
   * as the request named them: `convertOptions.jpegOptions.quality` from .NET 25.12, `convertOptions.quality`
   * from the flat shape, both read as the flat field (issue 21 item 1).
   * @param {{ sourceFormat: string, targetFormat: string, loadOptions: object, convertOptions: object }} job
   * @returns {string[]} sorted option paths, e.g. `convertOptions.dpi`
   */
  ignoredOptions(job) {
    let applied;
    try {
      applied = new Set(this.converter.appliedOptions?.(converterJob(job)) ?? []);
    } catch (err) {
      throw conversionApiError(err);
    }
    applied.add('loadOptions.format');
    return setOptionPaths(job).filter((path) => !applied.has(flatOptionPath(path)));
  }

  /**
   * Converts in the worker pool; failures come back as ApiError.
   * @param {{ bytes: Buffer, sourceFormat: string, targetFormat: string, baseName: string,
   *   loadOptions: object, convertOptions: object }} job
   * @returns {Promise<Array<{ name: string, bytes: Buffer, page?: number }>>}
   */
  convert(job) {
    return this.pool.run(() => this.convertNow(job));
  }

  /**
   * Converts at once, for a caller that already holds a pool slot (an async operation).
   * @param {Parameters<ConversionService['convert']>[0]} job
   * @returns {Promise<Array<{ name: string, bytes: Buffer, page?: number }>>} page: the source page of one
   *   file per page (raster targets), when the converter says
   */
  async convertNow(job) {
    const started = performance.now();
    const observe = (outcome) =>
      this.onConversion(job.sourceFormat, job.targetFormat, outcome, (performance.now() - started) / 1000);
    try {
      const files = await this.withWatchdog(() => this.converter.convert(converterJob(job)));
      if (!Array.isArray(files) || files.length === 0) throw new Error('the converter produced no output');
      this.stats.conversions += 1;
      this.stats.bytesProcessed += job.bytes.length;
      observe('ok');
      return files.map((f) => ({
        name: safeFileName(f.name),
        bytes: Buffer.from(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength),
        ...(Number.isInteger(f.page) ? { page: f.page } : {}),
      }));
    } catch (err) {
      const apiError = conversionApiError(err);
      observe(apiError.code);
      throw apiError;
    }
  }

  /**
   * Reads document metadata in the worker pool.
   * @param {{ bytes: Buffer, sourceFormat: string, loadOptions: object }} job
   */
  async info(job) {
    try {
      return await this.pool.run(() => this.withWatchdog(() => this.converter.info(job)));
    } catch (err) {
      throw conversionApiError(err);
    }
  }

  /** @template T @param {() => Promise<T>} fn @returns {Promise<T>} */
  withWatchdog(fn) {
    const limit = this.timeoutMs + WATCHDOG_GRACE_MS;
    let timer;
    const watchdog = new Promise((_, reject) => {
      timer = setTimeout(
        () => reject(Object.assign(new Error(`Conversion timed out after ${this.timeoutMs} ms.`), { code: 'timeout' })),
        limit,
      );
    });
    return Promise.race([Promise.resolve().then(fn), watchdog]).finally(() => clearTimeout(timer));
  }
}

/**
 * A job as the converters read it: its ConvertOptions in the flat shape (option-model.js).
 * @template {{ convertOptions?: Record<string, any> }} J
 * @param {J} job
 * @returns {J}
 */
function converterJob(job) {
  return { ...job, convertOptions: flatConvertOptions(job.convertOptions ?? {}) };
}

/**
 * The download URL of a storage file, absolute to this server.
 * @param {string} baseUrl
 * @param {string} path
 * @param {string} storageName
 * @returns {string}
 */
export function storageFileUrl(baseUrl, path, storageName) {
  const query = storageName === DEFAULT_STORAGE ? '' : `?storageName=${encodeURIComponent(storageName)}`;
  return `${baseUrl}/v2.0/conversion/storage/file/${encodePathForUrl(path)}${query}`;
}

// Extensions that name the same target format, for "outputPath names a file".
const SAME_FORMAT = { jpg: 'jpeg', jpeg: 'jpg', tif: 'tiff', tiff: 'tif' };

/**
 * Where each result goes (issue 18 item 1). An `outputPath` whose extension is the target format's
 * (`Output/two-pages.pdf` for pdf; jpg/jpeg and tif/tiff count as one) names the result file: a single
 * result is stored under exactly that path; several (one per page) go beside it as `<stem>-<n>.<ext>`,
 * n being the page's number in the source (`Output/pages-1.png`, `Output/pages-2.png`; the result's
 * position, from 1, when the converter does not say). Any other outputPath is a folder holding the results
 * under their own names (`converted/four-pages.pdf`).
 * @param {string} outputPath normalised
 * @param {string} targetFormat
 * @param {Array<{ name: string, page?: number }>} files
 * @returns {Array<{ name: string, path: string }>}
 */
export function resultPaths(outputPath, targetFormat, files) {
  const [stem, ext] = splitExtension(baseName(outputPath));
  const format = targetFormat.toLowerCase();
  const namesFile = ext !== '' && [format, SAME_FORMAT[format]].includes(ext.toLowerCase());
  if (!namesFile) return files.map((f) => ({ name: f.name, path: joinPath(outputPath, f.name) }));
  if (files.length === 1) return [{ name: baseName(outputPath), path: outputPath }];
  return files.map((f, i) => {
    const name = `${stem}-${f.page ?? i + 1}.${ext}`;
    return { name, path: joinPath(parentOf(outputPath), name) };
  });
}

/**
 * Stores conversion output under `outputPath` (see resultPaths) and describes it as StoredConvertedResult[].
 * @param {import('./storage.js').Storage} storage
 * @param {string} storageName
 * @param {string} outputPath normalised
 * @param {string} targetFormat
 * @param {Array<{ name: string, bytes: Buffer, page?: number }>} files
 * @param {string} baseUrl
 */
export async function storeResults(storage, storageName, outputPath, targetFormat, files, baseUrl) {
  const entries = resultPaths(outputPath, targetFormat, files).map((p, i) => ({ ...p, data: files[i].bytes }));
  await storage.writeFiles(storageName, entries);
  return entries.map((e) => ({
    name: e.name,
    size: e.data.length,
    path: e.path,
    url: storageFileUrl(baseUrl, e.path, storageName),
  }));
}

const FONT_FILE = /\.(ttf|otf|ttc|otc|pfb|pfa)$/i;
const MAX_FONT_FILES = 100;
const MAX_FONT_BYTES = 100 * 1024 * 1024;

/**
 * ConvertSettings.fontsPath: the font files (ttf, otf, ttc, otc, pfb, pfa) of a storage folder, for the
 * converter to draw the document with besides the machine's fonts. Other files there are left alone.
 * @param {import('./storage.js').Storage} storage
 * @param {string} storageName
 * @param {string} path a normalized folder path
 * @returns {Promise<Array<{ name: string, bytes: Buffer }>>}
 * @throws {ApiError} 404 when the folder does not exist, 400 when it holds too many fonts or too many bytes
 */
export async function readFontFolder(storage, storageName, path) {
  const entries = (await storage.listFolder(storageName, path)).filter((e) => !e.isFolder && FONT_FILE.test(e.name));
  if (entries.length > MAX_FONT_FILES)
    throw new ApiError(400, 'InvalidFontsPath', `fontsPath holds more than ${MAX_FONT_FILES} font files.`);
  const fonts = [];
  let total = 0;
  for (const entry of entries) {
    const bytes = await storage.readFile(storageName, entry.path);
    total += bytes.length;
    if (total > MAX_FONT_BYTES)
      throw new ApiError(
        400,
        'InvalidFontsPath',
        `The fonts in fontsPath are larger than ${MAX_FONT_BYTES / 1048576} MiB.`,
      );
    fonts.push({ name: entry.name, bytes });
  }
  return fonts;
}
