// SPDX-License-Identifier: MIT
// StorageApi: exist, storage exist, disc usage, file versions (reference §4).

import { ApiError, missingKey, queryParam, sendJson } from '../http-util.js';
import { normalizePath } from '../paths.js';
import { storageFileOf, storageNameOf } from '../storage.js';

/** GET storage/exist/{path}: ObjectExist. The root exists and is a folder. */
export async function objectExists(ctx, app, rawPath) {
  const path = normalizePath(rawPath);
  const storage = storageNameOf(queryParam(ctx, 'storageName'));
  const versionId = queryParam(ctx, 'versionId');
  const stat = versionId && versionId !== 'null' ? null : await app.storage.stat(storage, path);
  sendJson(ctx, 200, { exists: Boolean(stat), isFolder: Boolean(stat?.isFolder) });
}

/** GET storage/{storageName}/exist: StorageExist. */
export async function storageExists(ctx, app, rawName) {
  let name;
  try {
    name = decodeURIComponent(rawName);
  } catch {
    throw new ApiError(400, 'InvalidStorageName', 'The storage name has a malformed percent-encoding.');
  }
  sendJson(ctx, 200, { exists: await app.storage.storageExists(storageNameOf(name)) });
}

/** GET storage/disc: DiscUsage against the configured quota. */
export async function discUsage(ctx, app) {
  const storage = storageNameOf(queryParam(ctx, 'storageName'));
  sendJson(ctx, 200, await app.storage.discUsage(storage));
}

/** GET storage/version/{path}: FileVersions with the single "null" version. */
export async function fileVersions(ctx, app, rawPath) {
  const path = normalizePath(rawPath);
  const storage = storageNameOf(queryParam(ctx, 'storageName'));
  const stat = path === '' ? null : await app.storage.stat(storage, path);
  if (!stat || stat.isFolder) throw missingKey(path, storage);
  const file = storageFileOf({ name: '', isFolder: false, size: stat.size, modified: stat.modified, path });
  sendJson(ctx, 200, { value: [{ ...file, versionId: 'null', isLatest: true }] });
}
