// SPDX-License-Identifier: MIT
// ConvertApi: POST /conversion (storage in; stored results or bytes out) and PUT /conversion (multipart
// direct). Shared input handling for the async routes lives here too.

import { ApiError, JSON_BODY_LIMIT, queryParam, readJson, sendBytes, sendJson } from '../http-util.js';
import { baseName, normalizePath, splitExtension } from '../paths.js';
import { readMultipart } from '../multipart.js';
import { pageParam, parseConvertSettings, parseOptionsPart } from '../settings.js';
import { storageNameOf } from '../storage.js';
import { readFontFolder, storeResults } from '../conversion.js';

/** Names the known options a conversion sets and does not apply (issue 18 item 5); absent = none. */
export const IGNORED_OPTIONS_HEADER = 'x-groupdocs-ignored-options';

/**
 * Validates the target format's spelling; whether it is supported is checked against the source.
 * It is lower-cased but otherwise kept (`jpeg` stays `jpeg`, `tif` stays `tif`; the .NET tests check names).
 * @param {unknown} format
 * @param {import('../conversion.js').ConversionService} conversions
 * @returns {Promise<string>}
 */
export async function targetFormatOf(format, conversions) {
  const f = typeof format === 'string' ? format.trim().toLowerCase().replace(/^\./, '') : '';
  if (!/^[a-z0-9]{1,16}$/.test(f)) {
    const all = new Set((await conversions.supportedFormats()).flatMap((x) => x.targetFormats));
    throw new ApiError(
      400,
      'UnsupportedFormat',
      `${f ? `Target format '${f}' is not valid` : 'The target "format" is required'}. Supported target formats: ${[...all].sort().join(', ')}.`,
    );
  }
  return f;
}

/**
 * Reads and checks everything a storage-based conversion needs, before any work is queued.
 * @param {import('../http-util.js').RequestContext} ctx
 * @param {any} app
 */
export async function storageJobOf(ctx, app) {
  const settings = parseConvertSettings(await readJson(ctx.req, JSON_BODY_LIMIT));
  const storageName = storageNameOf(settings.storageName);
  const filePath = normalizePath(settings.filePath, { encoded: false, name: 'filePath' });
  const outputPath =
    typeof settings.outputPath === 'string' && settings.outputPath !== ''
      ? normalizePath(settings.outputPath, { encoded: false, name: 'outputPath' })
      : undefined;
  const targetFormat = await targetFormatOf(settings.format, app.conversions);
  const bytes = await app.storage.readFile(storageName, filePath);
  const fileName = baseName(filePath);
  const sourceFormat = await app.conversions.resolveSourceFormat({
    fileName,
    loadOptions: settings.loadOptions,
    bytes,
    preferExtension: true,
  });
  await app.conversions.checkPair(sourceFormat, targetFormat);
  const fontsPath =
    typeof settings.fontsPath === 'string' && settings.fontsPath !== ''
      ? normalizePath(settings.fontsPath, { encoded: false, name: 'fontsPath' })
      : undefined;
  const job = {
    storageName,
    filePath,
    bytes,
    ...(fontsPath !== undefined ? { fonts: await readFontFolder(app.storage, storageName, fontsPath) } : {}),
    sourceFormat,
    targetFormat,
    outputPath,
    baseName: splitExtension(fileName)[0],
    loadOptions: settings.loadOptions,
    convertOptions: settings.convertOptions,
    baseUrl: ctx.baseUrl,
  };
  return { ...job, ignoredOptions: app.conversions.ignoredOptions(job) };
}

/**
 * Reads and checks a multipart direct conversion (PUT /conversion and PUT /conversion/async).
 * @param {import('../http-util.js').RequestContext} ctx
 * @param {any} app
 */
export async function directJobOf(ctx, app) {
  const targetFormat = await targetFormatOf(queryParam(ctx, 'format'), app.conversions);
  const fromPage = pageParam(queryParam(ctx, 'fromPage'), 'fromPage');
  const pagesCount = pageParam(queryParam(ctx, 'pagesCount'), 'pagesCount');
  const upload = await readMultipart(ctx.req, app.options.maxUploadBytes);
  const loadOptions = parseOptionsPart(upload.fields.loadoptions, 'loadOptions');
  const convertOptions = parseOptionsPart(upload.fields.convertoptions, 'convertOptions');
  if (fromPage !== undefined && convertOptions.fromPage === undefined) convertOptions.fromPage = fromPage;
  if (pagesCount !== undefined && convertOptions.pagesCount === undefined) convertOptions.pagesCount = pagesCount;
  // Node's SDK names every file part "file.name" (reference §7): that is no name at all, and its results
  // are called file.<fmt>.
  const fileName = upload.fileName === 'file.name' ? undefined : upload.fileName;
  const sourceFormat = await app.conversions.resolveSourceFormat({
    fileName,
    loadOptions,
    bytes: upload.data,
    preferExtension: false,
  });
  await app.conversions.checkPair(sourceFormat, targetFormat);
  const stem = fileName ? splitExtension(fileName)[0] : '';
  const job = {
    bytes: upload.data,
    sourceFormat,
    targetFormat,
    loadOptions,
    convertOptions,
    baseName: stem || 'file',
    baseUrl: ctx.baseUrl,
  };
  return { ...job, ignoredOptions: app.conversions.ignoredOptions(job) };
}

/**
 * The answer headers of a conversion that will ignore options it was given, and one log line naming them
 * (names only: option values, passwords among them, are never logged). Empty when nothing is ignored.
 * @param {import('../http-util.js').RequestContext} ctx
 * @param {{ sourceFormat: string, targetFormat: string, ignoredOptions: string[] }} job
 * @returns {Record<string, string>}
 */
export function ignoredOptionsHeaders(ctx, job) {
  if (job.ignoredOptions.length === 0) return {};
  const names = job.ignoredOptions.join(',');
  ctx.log?.(
    `request ${ctx.requestId}: ${ctx.method} ${ctx.rawPath} ${job.sourceFormat} to ${job.targetFormat} ignores options ${names}`,
  );
  return { [IGNORED_OPTIONS_HEADER]: names };
}

/**
 * Sends converted files as bytes. A raster target gives one file per page; without an outputPath there is
 * no list to return, so the first page is sent and `x-groupdocs-page-count` tells how many there are
 * (reference §9 leaves this open; a zip would need a zip writer for no client that asks for one).
 * @param {import('../http-util.js').RequestContext} ctx
 * @param {Array<{ name: string, bytes: Buffer }>} files
 * @param {Record<string, string>} [headers]
 */
export function sendConverted(ctx, files, headers = {}) {
  sendBytes(ctx, files[0].bytes, files[0].name, { 'x-groupdocs-page-count': String(files.length), ...headers });
}

/** POST /conversion: StoredConvertedResult[] when outputPath is set, else the converted bytes. */
export async function convertDocument(ctx, app) {
  app.pool.admit(); // a full queue says 429 before any work
  const job = await storageJobOf(ctx, app);
  const files = await app.conversions.convert(job);
  const headers = ignoredOptionsHeaders(ctx, job);
  if (job.outputPath === undefined) {
    sendConverted(ctx, files, headers);
    return;
  }
  const stored = await storeResults(app.storage, job.storageName, job.outputPath, job.targetFormat, files, ctx.baseUrl);
  sendJson(ctx, 200, stored, headers);
}

/** PUT /conversion: multipart in, converted bytes out. */
export async function convertDocumentDirect(ctx, app) {
  app.pool.admit(); // before the upload is read
  const job = await directJobOf(ctx, app);
  const files = await app.conversions.convert(job);
  sendConverted(ctx, files, ignoredOptionsHeaders(ctx, job));
}
