// SPDX-License-Identifier: MIT
// FileApi: /conversion/storage/file/{path} and its copy/move forms (reference §4).

import { ApiError, missingKey, queryParam, sendBytes, sendJson, sendOk, sendStream } from '../http-util.js';
import { baseName, joinPath, namesFolder, normalizePath, safeFileName } from '../paths.js';
import { readMultipart } from '../multipart.js';
import { storageNameOf } from '../storage.js';

/**
 * Only the single unversioned version exists; it is called "null" (reference §8, FileVersions).
 * @param {import('../http-util.js').RequestContext} ctx
 * @param {string} path
 * @param {string} storage
 */
function checkVersion(ctx, path, storage) {
  const versionId = queryParam(ctx, 'versionId');
  if (versionId !== null && versionId !== '' && versionId !== 'null')
    throw missingKey(`${path}?versionId=${versionId}`, storage);
}

/** GET: the file's bytes. */
export async function downloadFile(ctx, app, rawPath) {
  const path = normalizePath(rawPath);
  const storage = storageNameOf(queryParam(ctx, 'storageName'));
  checkVersion(ctx, path, storage);
  // From the disk storage, streamed (issue 13: files bigger than memory); a fault rule needs the whole body.
  const opened = ctx.fault ? null : await app.storage.openFile(storage, path);
  if (opened) sendStream(ctx, opened, baseName(path));
  else sendBytes(ctx, await app.storage.readFile(storage, path), baseName(path));
}

/** PUT (or POST, as the docs' cURL does): multipart upload to `{path}`. */
export async function uploadFile(ctx, app, rawPath) {
  const storage = storageNameOf(queryParam(ctx, 'storageName'));
  let path = normalizePath(rawPath);
  // The disk storage takes the upload as it arrives, into a temp file moved into place when complete.
  const upload = await readMultipart(ctx.req, app.options.maxUploadBytes, { stagingPath: app.storage.stagingPath() });
  try {
    // The path names the file; only a folder path (ending in "/") takes the name from the multipart part.
    if (namesFolder(rawPath)) {
      if (!upload.fileName)
        throw new ApiError(400, 'InvalidPath', 'The path names a folder and the file part has no filename.');
      path = joinPath(path, safeFileName(upload.fileName));
    }
    if (upload.staged) await app.storage.adoptFile(storage, path, upload.staged);
    else await app.storage.writeFile(storage, path, upload.data);
  } finally {
    await upload.staged?.discard();
  }
  sendJson(ctx, 200, { uploaded: [baseName(path)], errors: [] });
}

/** DELETE: removes the file; a missing one is a 404 with the S3 message. */
export async function deleteFile(ctx, app, rawPath) {
  const path = normalizePath(rawPath);
  const storage = storageNameOf(queryParam(ctx, 'storageName'));
  checkVersion(ctx, path, storage);
  await app.storage.deleteFile(storage, path);
  sendOk(ctx);
}

/**
 * Reads the copy/move parameters shared by files and folders.
 * @param {import('../http-util.js').RequestContext} ctx
 * @param {string} rawPath
 */
export function transferArgs(ctx, rawPath) {
  const destRaw = queryParam(ctx, 'destPath');
  if (destRaw === null) throw new ApiError(400, 'InvalidRequest', '"destPath" is required.');
  return {
    src: normalizePath(rawPath),
    dest: normalizePath(destRaw, { encoded: false, name: 'destPath' }),
    srcStorage: storageNameOf(queryParam(ctx, 'srcStorageName') ?? queryParam(ctx, 'storageName')),
    destStorage: storageNameOf(queryParam(ctx, 'destStorageName') ?? queryParam(ctx, 'storageName')),
  };
}

/** PUT file/copy/{srcPath}?destPath= */
export async function copyFile(ctx, app, rawPath) {
  const args = transferArgs(ctx, rawPath);
  checkVersion(ctx, args.src, args.srcStorage);
  await app.storage.transferFile({ ...args, move: false });
  sendOk(ctx);
}

/** PUT file/move/{srcPath}?destPath= */
export async function moveFile(ctx, app, rawPath) {
  const args = transferArgs(ctx, rawPath);
  checkVersion(ctx, args.src, args.srcStorage);
  await app.storage.transferFile({ ...args, move: true });
  sendOk(ctx);
}
