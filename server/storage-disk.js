// SPDX-License-Identifier: MIT
// On-disk storage backend (`--data DIR`): one directory per named storage under DIR/storages, real folders
// and files below it. Writes go to a temp file in DIR/tmp and are renamed into place, so a concurrent
// reader or a crash never sees a half-written file (rename is atomic within one file system). Uploads are
// written to such a temp file as they arrive (stagingPath, adopt) and downloads are read with a stream
// (open), so that a file larger than memory, or than the 2 GiB fs.readFile can return, keeps the server's
// memory flat (issue 13).

import { constants, createReadStream } from 'node:fs';
import { access, mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { StorageConflict } from './storage-memory.js';

/**
 * Storage names become directory names; `.` is escaped too so that `..` cannot name a parent directory.
 * @param {string} name
 * @returns {string}
 */
function encodeStorageName(name) {
  return encodeURIComponent(name).replace(/\./g, '%2E');
}

/** @param {NodeJS.ErrnoException} e @returns {boolean} */
const STALE_TEMP_MS = 24 * 3600 * 1000;

const isMissing = (e) => e.code === 'ENOENT' || e.code === 'ENOTDIR';

/** Keeps named storages in a directory tree. */
export class DiskBackend {
  /** @param {string} dataDir */
  constructor(dataDir) {
    this.root = join(dataDir, 'storages');
    // Each process writes its temp files in a folder of its own: several servers may share one --data folder
    // (issue 20 item 8), and one starting must not remove what another is writing.
    this.tmpRoot = join(dataDir, 'tmp');
    this.tmp = join(this.tmpRoot, randomUUID());
  }

  /** Whether files can be written now (GET /health): the storage folder exists and is writable. */
  async writable() {
    return access(this.root, constants.W_OK).then(
      () => true,
      () => false,
    );
  }

  /**
   * Creates the directories and removes temp files a crash may have left: those of processes that have not
   * touched them for a day (a live process's uploads are never that old).
   */
  async init() {
    await mkdir(this.root, { recursive: true });
    await mkdir(this.tmp, { recursive: true });
    for (const name of await readdir(this.tmpRoot)) {
      const path = join(this.tmpRoot, name);
      const info = await stat(path).catch(() => null);
      if (path !== this.tmp && info && Date.now() - info.mtimeMs > STALE_TEMP_MS)
        await rm(path, { recursive: true, force: true });
    }
  }

  /** Removes this process's temp folder (shutdown). */
  async close() {
    await rm(this.tmp, { recursive: true, force: true });
  }

  /** @param {string} storage @param {string} path @returns {string} */
  fsPath(storage, path) {
    return path === ''
      ? join(this.root, encodeStorageName(storage))
      : join(this.root, encodeStorageName(storage), ...path.split('/'));
  }

  /** @returns {Promise<string[]>} */
  async storageNames() {
    const entries = await readdir(this.root, { withFileTypes: true });
    return entries.filter((e) => e.isDirectory()).map((e) => decodeURIComponent(e.name));
  }

  /** @param {string} storage @param {string} path */
  async stat(storage, path) {
    if (path === '') return { isFolder: true, size: 0, modified: new Date(0) };
    try {
      const s = await stat(this.fsPath(storage, path));
      return { isFolder: s.isDirectory(), size: s.isDirectory() ? 0 : s.size, modified: s.mtime };
    } catch (e) {
      if (isMissing(e)) return null;
      throw e;
    }
  }

  /** @param {string} storage @param {string} path @returns {Promise<Buffer | null>} */
  async read(storage, path) {
    try {
      return await readFile(this.fsPath(storage, path));
    } catch (e) {
      if (isMissing(e) || e.code === 'EISDIR') return null;
      throw e;
    }
  }

  /** @param {string} storage @param {string} path */
  async mkdir(storage, path) {
    try {
      await mkdir(this.fsPath(storage, path), { recursive: true });
    } catch (e) {
      if (e.code === 'EEXIST' || e.code === 'ENOTDIR')
        throw new StorageConflict(`A file stands where the folder '${path}' would be.`);
      throw e;
    }
  }

  /**
   * Opens a file for reading as a stream: its size, and the stream over the handle opened here (a file
   * replaced meanwhile is read as it was when opened).
   * @param {string} storage
   * @param {string} path
   * @returns {Promise<{ size: number, stream: import('node:stream').Readable } | null>} null: no such file
   */
  async open(storage, path) {
    let handle;
    try {
      handle = await open(this.fsPath(storage, path), 'r');
    } catch (e) {
      if (isMissing(e) || e.code === 'EISDIR') return null;
      throw e;
    }
    const s = await handle.stat().catch(async (e) => {
      await handle.close();
      throw e;
    });
    if (!s.isFile()) {
      await handle.close();
      return null;
    }
    return { size: s.size, stream: createReadStream('', { fd: handle, highWaterMark: 1024 * 1024 }) };
  }

  /** @returns {string} a fresh temp file name for an upload to be written to, then adopted */
  stagingPath() {
    return join(this.tmp, randomUUID());
  }

  /** @param {string} storage @param {string} path @param {Buffer} data */
  async write(storage, path, data) {
    const temp = this.stagingPath();
    try {
      await writeFile(temp, data);
      await this.adopt(storage, path, temp);
    } finally {
      await rm(temp, { force: true });
    }
  }

  /**
   * Moves a complete temp file (from stagingPath) into place as `path`; the temp file is gone on success.
   * @param {string} storage
   * @param {string} path
   * @param {string} temp
   */
  async adopt(storage, path, temp) {
    const existing = await this.stat(storage, path);
    if (existing?.isFolder) throw new StorageConflict(`'${path}' is a folder, so it cannot be written as a file.`);
    const slash = path.lastIndexOf('/');
    await this.mkdir(storage, slash < 0 ? '' : path.slice(0, slash));
    try {
      await rename(temp, this.fsPath(storage, path));
    } catch (e) {
      if (e.code === 'EISDIR') throw new StorageConflict(`'${path}' is a folder, so it cannot be written as a file.`);
      throw e;
    }
  }

  /** @param {string} storage @param {string} path */
  async list(storage, path) {
    let entries;
    try {
      entries = await readdir(this.fsPath(storage, path), { withFileTypes: true });
    } catch (e) {
      if (isMissing(e)) return path === '' ? [] : null;
      throw e;
    }
    const out = [];
    for (const entry of entries) {
      const s = await this.stat(storage, path === '' ? entry.name : `${path}/${entry.name}`);
      if (s) out.push({ name: entry.name, ...s });
    }
    return out;
  }

  /** @param {string} storage @param {string} path */
  async walk(storage, path) {
    const out = { folders: [], files: [] };
    const visit = async (rel) => {
      const here = rel === '' ? path : path === '' ? rel : `${path}/${rel}`;
      const entries = (await this.list(storage, here)) ?? [];
      for (const e of entries) {
        const child = rel === '' ? e.name : `${rel}/${e.name}`;
        if (e.isFolder) {
          out.folders.push(child);
          await visit(child);
        } else {
          out.files.push({ path: child, size: e.size });
        }
      }
    };
    await visit('');
    out.folders.sort();
    return out;
  }

  /** @param {string} storage @param {string} path @returns {Promise<boolean>} */
  async removeFile(storage, path) {
    const s = await this.stat(storage, path);
    if (!s || s.isFolder) return false;
    await rm(this.fsPath(storage, path), { force: true });
    return true;
  }

  /** @param {string} storage @param {string} path */
  async removeFolder(storage, path) {
    await rm(this.fsPath(storage, path), { recursive: true, force: true });
  }

  /** @param {string} storage @returns {Promise<number>} */
  async usage(storage) {
    const { files } = await this.walk(storage, '');
    return files.reduce((sum, f) => sum + f.size, 0);
  }

  /** Drops every storage. */
  async reset() {
    await rm(this.root, { recursive: true, force: true });
    await mkdir(this.root, { recursive: true });
  }
}
