// SPDX-License-Identifier: MIT
// InfoApi: GET /conversion/formats and GET /conversion/info (reference §4).

import { ApiError, queryParam, sendJson } from '../http-util.js';
import { baseName, normalizePath, splitExtension } from '../paths.js';
import { storageNameOf } from '../storage.js';

/**
 * GET /conversion/formats: the converter's own table, optionally for one source format given by `format`
 * or by the extension (or content) of the storage file `filePath`.
 */
export async function supportedFormats(ctx, app) {
  const all = await app.conversions.supportedFormats();
  let source = queryParam(ctx, 'format')?.trim().toLowerCase().replace(/^\./, '') || undefined;
  const filePathRaw = queryParam(ctx, 'filePath');
  if (!source && filePathRaw) {
    const filePath = normalizePath(filePathRaw, { encoded: false, name: 'filePath' });
    source = splitExtension(baseName(filePath))[1].toLowerCase();
    if (!all.some((f) => f.sourceFormat === source)) {
      const storage = storageNameOf(queryParam(ctx, 'storageName'));
      const bytes = await app.storage.readFile(storage, filePath);
      source = app.conversions.sniffFormat(bytes, baseName(filePath)) ?? source;
    }
  }
  sendJson(ctx, 200, source ? all.filter((f) => f.sourceFormat === source) : all);
}

/** @param {unknown} v @returns {string | null} */
const dateOf = (v) => (v instanceof Date ? v.toISOString() : typeof v === 'string' && v ? v : null);
/** @param {unknown} v @returns {number} */
const numberOf = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/**
 * Fills every DocumentMetadata field so that typed clients (Go, .NET) always find them.
 * @param {any} meta what the converter reported
 * @param {{ sourceFormat: string, size: number }} fallback
 */
export function documentMetadataOf(meta, fallback) {
  return {
    fileType: meta?.fileType || fallback.sourceFormat,
    pageCount: numberOf(meta?.pageCount),
    size: numberOf(meta?.size) || fallback.size,
    width: numberOf(meta?.width),
    height: numberOf(meta?.height),
    horizontalResolution: numberOf(meta?.horizontalResolution),
    verticalResolution: numberOf(meta?.verticalResolution),
    bitsPerPixel: numberOf(meta?.bitsPerPixel),
    title: typeof meta?.title === 'string' ? meta.title : '',
    author: typeof meta?.author === 'string' ? meta.author : '',
    createdDate: dateOf(meta?.createdDate),
    modifiedDate: dateOf(meta?.modifiedDate),
    layers: Array.isArray(meta?.layers) ? meta.layers : null,
    isPasswordProtected: Boolean(meta?.isPasswordProtected),
  };
}

/** GET /conversion/info?filePath=: DocumentMetadata read from the document itself. */
export async function documentMetadata(ctx, app) {
  const filePathRaw = queryParam(ctx, 'filePath');
  if (!filePathRaw) throw new ApiError(400, 'InvalidRequest', '"filePath" is required.');
  const filePath = normalizePath(filePathRaw, { encoded: false, name: 'filePath' });
  const storage = storageNameOf(queryParam(ctx, 'storageName'));
  const bytes = await app.storage.readFile(storage, filePath);
  const sourceFormat = await app.conversions.resolveSourceFormat({
    fileName: baseName(filePath),
    loadOptions: {},
    bytes,
    preferExtension: true,
  });
  if (!(await app.conversions.targetsFor(sourceFormat))) await app.conversions.checkPair(sourceFormat, 'pdf');
  const meta = await app.conversions.info({ bytes, sourceFormat, loadOptions: {} });
  sendJson(ctx, 200, documentMetadataOf(meta, { sourceFormat, size: bytes.length }));
}
