// SPDX-License-Identifier: MIT
// FolderApi: /conversion/storage/folder/{path} and its copy/move forms (reference §4).

import { booleanParam, queryParam, sendJson, sendOk } from '../http-util.js';
import { normalizePath } from '../paths.js';
import { storageFileOf, storageNameOf } from '../storage.js';
import { transferArgs } from './file.js';

/** GET: FilesList of the folder's direct children. `folder/` (empty path) is the root. */
export async function listFolder(ctx, app, rawPath) {
  const path = normalizePath(rawPath);
  const storage = storageNameOf(queryParam(ctx, 'storageName'));
  const entries = await app.storage.listFolder(storage, path);
  sendJson(ctx, 200, { value: entries.map(storageFileOf) });
}

/** PUT (or POST): creates the folder and its parents; an existing folder is fine. */
export async function createFolder(ctx, app, rawPath) {
  const path = normalizePath(rawPath);
  const storage = storageNameOf(queryParam(ctx, 'storageName'));
  await app.storage.createFolder(storage, path);
  sendOk(ctx);
}

/** DELETE: `recursive` defaults to false; a folder that does not exist is a success. */
export async function deleteFolder(ctx, app, rawPath) {
  const path = normalizePath(rawPath);
  const storage = storageNameOf(queryParam(ctx, 'storageName'));
  await app.storage.deleteFolder(storage, path, booleanParam(ctx, 'recursive', false));
  sendOk(ctx);
}

/** PUT folder/copy/{srcPath}?destPath= */
export async function copyFolder(ctx, app, rawPath) {
  await app.storage.transferFolder({ ...transferArgs(ctx, rawPath), move: false });
  sendOk(ctx);
}

/** PUT folder/move/{srcPath}?destPath= */
export async function moveFolder(ctx, app, rawPath) {
  await app.storage.transferFolder({ ...transferArgs(ctx, rawPath), move: true });
  sendOk(ctx);
}
