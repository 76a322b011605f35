// SPDX-License-Identifier: MIT
// Named storages over a backend (memory or disk), with quota accounting and the storage semantics the
// SDK tests rely on: implicit parent folders, idempotent folder delete, copy/move into folders that do not
// exist yet, and a single "null" version per file (reference §4, §8).
//
// Which storages exist: `First Storage` always; any storage that has been written to (a file uploaded or a
// folder created in it, even if since emptied); and the names configured with --storage. Reads and writes
// work with any valid name: writing to `week` is what makes `week` exist.

import { ApiError, missingKey } from './http-util.js';
import { baseName, joinPath } from './paths.js';
import { MemoryBackend, StorageConflict } from './storage-memory.js';
import { DiskBackend } from './storage-disk.js';

export const DEFAULT_STORAGE = 'First Storage';
const MAX_STORAGE_NAME = 128;

/**
 * Validates a storageName parameter; absent or empty means the default storage.
 * @param {unknown} name
 * @returns {string}
 */
export function storageNameOf(name) {
  if (name === undefined || name === null || name === '') return DEFAULT_STORAGE;
  if (typeof name !== 'string' || name.length > MAX_STORAGE_NAME || /[\u0000-\u001f\u007f/\\]/.test(name)) {
    throw new ApiError(
      400,
      'InvalidStorageName',
      `The storage name must be 1 to ${MAX_STORAGE_NAME} characters without "/", "\\" or control characters.`,
    );
  }
  return name;
}

/** Serialises mutations: writes are whole-buffer, so a queue of them is short and keeps quota exact. */
class Mutex {
  constructor() {
    this.tail = Promise.resolve();
  }

  /** @template T @param {() => Promise<T>} fn @returns {Promise<T>} */
  run(fn) {
    const result = this.tail.then(fn);
    this.tail = result.catch(() => {});
    return result;
  }
}

/** @param {unknown} e @returns {never} */
function rethrowConflict(e) {
  if (e instanceof StorageConflict) throw new ApiError(409, 'Conflict', e.message);
  throw e;
}

/** The storage service used by the routes. */
export class Storage {
  /**
   * @param {{ dataDir?: string, quotaBytes: number, storageNames?: string[] }} options
   */
  constructor({ dataDir, quotaBytes, storageNames = [] }) {
    this.backend = dataDir ? new DiskBackend(dataDir) : new MemoryBackend();
    this.quotaBytes = quotaBytes;
    this.configuredNames = new Set([DEFAULT_STORAGE, ...storageNames]);
    this.mutex = new Mutex();
    /** @type {Map<string, number>} bytes used per storage, computed once then kept up to date */
    this.used = new Map();
  }

  async init() {
    await this.backend.init?.();
  }

  /** Removes what only this process uses (its temp folder on disk). */
  async close() {
    await this.backend.close?.();
  }

  /** @param {string} storage @returns {Promise<number>} */
  async usedBytes(storage) {
    if (!this.used.has(storage)) this.used.set(storage, await this.backend.usage(storage));
    return this.used.get(storage);
  }

  /**
   * Where the files live, whether they can be written, and the bytes every storage holds (GET /health,
   * /metrics).
   * @returns {Promise<{ kind: 'disk' | 'memory', writable: boolean, bytes: number }>}
   */
  async status() {
    const names = new Set([...this.configuredNames, ...(await this.backend.storageNames())]);
    let bytes = 0;
    for (const name of names) bytes += await this.usedBytes(name);
    const writable = this.backend.writable ? await this.backend.writable() : true;
    return { kind: this.backend instanceof DiskBackend ? 'disk' : 'memory', writable, bytes };
  }

  /** @param {string} storage @returns {Promise<boolean>} */
  async storageExists(storage) {
    if (this.configuredNames.has(storage)) return true;
    return (await this.backend.storageNames()).includes(storage);
  }

  /** @param {string} storage @returns {Promise<{ usedSize: number, totalSize: number }>} */
  async discUsage(storage) {
    return { usedSize: await this.usedBytes(storage), totalSize: this.quotaBytes };
  }

  /** @param {string} storage @param {string} path */
  stat(storage, path) {
    return this.backend.stat(storage, path);
  }

  /**
   * @param {string} storage
   * @param {string} path
   * @returns {Promise<Buffer>} the bytes, or a 404 with the S3 missing-key message
   */
  async readFile(storage, path) {
    const data = path === '' ? null : await this.backend.read(storage, path);
    if (!data) throw missingKey(path, storage);
    return data;
  }

  /**
   * Opens a file as a stream when the backend can (the disk), so that it is sent without being read whole.
   * @param {string} storage
   * @param {string} path
   * @returns {Promise<{ size: number, stream: import('node:stream').Readable } | null>} null: read it with
   *   readFile instead (the memory backend, which holds it anyway)
   * @throws {ApiError} 404 with the S3 missing-key message when there is no such file
   */
  async openFile(storage, path) {
    if (!this.backend.open) return null;
    const opened = path === '' ? null : await this.backend.open(storage, path);
    if (!opened) throw missingKey(path, storage);
    return opened;
  }

  /**
   * Where an upload may be written as it arrives, to be moved into place by adoptFile (the disk backend);
   * undefined when uploads are collected in memory (the memory backend keeps a Buffer anyway).
   * @returns {string | undefined}
   */
  stagingPath() {
    return this.backend.stagingPath?.();
  }

  /**
   * Moves an upload written to stagingPath() into place as `path`, within the quota (checked now that the
   * size is known); the staged file is removed if it is refused.
   * @param {string} storage
   * @param {string} path
   * @param {import('./multipart.js').StagedFile} staged
   */
  adoptFile(storage, path, staged) {
    return this.mutex.run(async () => {
      try {
        if (path === '') throw new ApiError(400, 'InvalidPath', 'A file path is required.');
        const after = await this.sizeAfterWrite(storage, path, staged.size);
        await this.backend.adopt(storage, path, staged.path).catch(rethrowConflict);
        this.used.set(storage, after);
      } finally {
        await staged.discard();
      }
    });
  }

  /**
   * The storage's use once `path` holds `size` bytes; a 507 when that is over the quota.
   * @param {string} storage
   * @param {string} path
   * @param {number} size
   * @returns {Promise<number>}
   */
  async sizeAfterWrite(storage, path, size) {
    const used = await this.usedBytes(storage);
    const old = await this.backend.stat(storage, path);
    const replaced = old && !old.isFolder ? old.size : 0;
    const after = used - replaced + size;
    if (after > this.quotaBytes) {
      throw new ApiError(
        507,
        'QuotaExceeded',
        `Storage '${storage}' quota exceeded: writing ${size} bytes to '${path}' would use ${after} of ${this.quotaBytes} bytes.`,
      );
    }
    return after;
  }

  /**
   * Writes a whole file, creating parent folders, within the quota. Caller holds the mutex.
   * @param {string} storage
   * @param {string} path
   * @param {Buffer} data
   */
  async writeLocked(storage, path, data) {
    if (path === '') throw new ApiError(400, 'InvalidPath', 'A file path is required.');
    const after = await this.sizeAfterWrite(storage, path, data.length);
    await this.backend.write(storage, path, data).catch(rethrowConflict);
    this.used.set(storage, after);
  }

  /** @param {string} storage @param {string} path @param {Buffer} data */
  writeFile(storage, path, data) {
    return this.mutex.run(() => this.writeLocked(storage, path, data));
  }

  /**
   * Writes several files as one step, e.g. the pages of a conversion.
   * @param {string} storage
   * @param {Array<{ path: string, data: Buffer }>} files
   */
  writeFiles(storage, files) {
    return this.mutex.run(async () => {
      // Check the quota for the whole set first, so a refusal leaves no partial output behind.
      let after = await this.usedBytes(storage);
      for (const f of files) {
        const old = await this.backend.stat(storage, f.path);
        after += f.data.length - (old && !old.isFolder ? old.size : 0);
      }
      if (after > this.quotaBytes) {
        const total = files.reduce((sum, f) => sum + f.data.length, 0);
        throw new ApiError(
          507,
          'QuotaExceeded',
          `Storage '${storage}' quota exceeded: writing ${files.length} file(s) of ${total} bytes would use ${after} of ${this.quotaBytes} bytes.`,
        );
      }
      for (const f of files) await this.writeLocked(storage, f.path, f.data);
    });
  }

  /** @param {string} storage @param {string} path */
  createFolder(storage, path) {
    return this.mutex.run(() => this.backend.mkdir(storage, path).catch(rethrowConflict));
  }

  /** @param {string} storage @param {string} path */
  deleteFile(storage, path) {
    return this.mutex.run(async () => {
      const s = await this.backend.stat(storage, path);
      if (!s || s.isFolder || path === '') throw missingKey(path, storage);
      await this.backend.removeFile(storage, path);
      this.used.set(storage, (await this.usedBytes(storage)) - s.size);
    });
  }

  /**
   * Deletes a folder. A folder that does not exist is already deleted (the SDK tests' teardown relies on it).
   * @param {string} storage
   * @param {string} path
   * @param {boolean} recursive
   */
  deleteFolder(storage, path, recursive) {
    return this.mutex.run(() => this.deleteFolderLocked(storage, path, recursive));
  }

  /** @param {string} storage @param {string} path @param {boolean} recursive */
  async deleteFolderLocked(storage, path, recursive) {
    if (path === '') throw new ApiError(400, 'InvalidPath', 'The storage root cannot be deleted.');
    const s = await this.backend.stat(storage, path);
    if (!s) return;
    if (!s.isFolder)
      throw new ApiError(400, 'NotAFolder', `'${path}' is a file; use DELETE /conversion/storage/file to delete it.`);
    const content = await this.backend.walk(storage, path);
    if (!recursive && (content.files.length || content.folders.length)) {
      throw new ApiError(
        409,
        'FolderNotEmpty',
        `The folder '${path}' is not empty; pass recursive=true to delete it with its content.`,
      );
    }
    await this.backend.removeFolder(storage, path);
    const freed = content.files.reduce((sum, f) => sum + f.size, 0);
    this.used.set(storage, (await this.usedBytes(storage)) - freed);
  }

  /**
   * @param {string} storage
   * @param {string} path
   * @returns {Promise<Array<{ name: string, isFolder: boolean, size: number, modified: Date, path: string }>>}
   */
  async listFolder(storage, path) {
    const entries = await this.backend.list(storage, path);
    if (!entries) throw missingKey(path, storage);
    return entries
      .map((e) => ({ ...e, path: joinPath(path, e.name) }))
      .sort((a, b) => (a.isFolder === b.isFolder ? a.name.localeCompare(b.name) : a.isFolder ? -1 : 1));
  }

  /**
   * Copies (or moves) a file; destination folders are created as needed.
   * @param {{ srcStorage: string, src: string, destStorage: string, dest: string, move: boolean }} args
   */
  transferFile({ srcStorage, src, destStorage, dest, move }) {
    return this.mutex.run(async () => {
      const data = src === '' ? null : await this.backend.read(srcStorage, src);
      if (!data) throw missingKey(src, srcStorage);
      if (dest === '') throw new ApiError(400, 'InvalidPath', 'destPath must name a file.');
      if (srcStorage === destStorage && src === dest) return;
      await this.writeLocked(destStorage, dest, data);
      if (move) {
        await this.backend.removeFile(srcStorage, src);
        this.used.set(srcStorage, (await this.usedBytes(srcStorage)) - data.length);
      }
    });
  }

  /**
   * Copies (or moves) a folder with its content; the destination is merged into if it exists.
   * @param {{ srcStorage: string, src: string, destStorage: string, dest: string, move: boolean }} args
   */
  transferFolder({ srcStorage, src, destStorage, dest, move }) {
    return this.mutex.run(async () => {
      const s = await this.backend.stat(srcStorage, src);
      if (!s || !s.isFolder) throw missingKey(src, srcStorage);
      if (move && src === '') throw new ApiError(400, 'InvalidPath', 'The storage root cannot be moved.');
      if (srcStorage === destStorage) {
        if (src === dest) return;
        if (src === '' || dest.startsWith(`${src}/`)) {
          throw new ApiError(
            400,
            'InvalidPath',
            `'${dest}' is inside '${src}': a folder cannot be copied or moved into itself.`,
          );
        }
      }
      const content = await this.backend.walk(srcStorage, src);
      await this.backend.mkdir(destStorage, dest).catch(rethrowConflict);
      for (const folder of content.folders) {
        await this.backend.mkdir(destStorage, joinPath(dest, folder)).catch(rethrowConflict);
      }
      for (const file of content.files) {
        const data = await this.backend.read(srcStorage, joinPath(src, file.path));
        if (data) await this.writeLocked(destStorage, joinPath(dest, file.path), data);
      }
      if (move) await this.deleteFolderLocked(srcStorage, src, true);
    });
  }

  /** Empties every storage (fault-injection reset). */
  reset() {
    return this.mutex.run(async () => {
      await this.backend.reset();
      this.used.clear();
    });
  }
}

/**
 * The StorageFile model; folder paths end in `/` like the cloud's listings, and every path starts with `/`.
 * @param {{ name: string, isFolder: boolean, size: number, modified: Date, path: string }} entry
 */
export function storageFileOf(entry) {
  return {
    name: entry.name || baseName(entry.path),
    isFolder: entry.isFolder,
    modifiedDate: entry.modified.toISOString(),
    size: entry.size,
    path: `/${entry.path}${entry.isFolder ? '/' : ''}`,
  };
}
