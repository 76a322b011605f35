// SPDX-License-Identifier: MIT
// In-memory storage backend: the default. A file is replaced by swapping one Map entry for a whole Buffer,
// so a reader sees either the old bytes or the new ones, never a mix.

import { parentOf, baseName } from './paths.js';

/** @typedef {{ isFolder: boolean, size: number, modified: Date }} Stat */

/**
 * A StorageConflict is raised when a file stands where a folder is needed, or the reverse.
 */
export class StorageConflict extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'StorageConflict';
  }
}

/** Holds every named storage in memory. */
export class MemoryBackend {
  constructor() {
    /** @type {Map<string, { files: Map<string, { data: Buffer, modified: Date }>, folders: Map<string, Date> }>} */
    this.storages = new Map();
  }

  /** @param {string} name @param {boolean} create */
  bucket(name, create) {
    let bucket = this.storages.get(name);
    if (!bucket && create) {
      bucket = { files: new Map(), folders: new Map() };
      this.storages.set(name, bucket);
    }
    return bucket;
  }

  /** @returns {Promise<string[]>} the storages that have been written to */
  async storageNames() {
    return [...this.storages.keys()];
  }

  /** @param {string} storage @param {string} path @returns {Promise<Stat | null>} */
  async stat(storage, path) {
    if (path === '') return { isFolder: true, size: 0, modified: new Date(0) };
    const bucket = this.bucket(storage, false);
    if (!bucket) return null;
    const file = bucket.files.get(path);
    if (file) return { isFolder: false, size: file.data.length, modified: file.modified };
    const folder = bucket.folders.get(path);
    if (folder) return { isFolder: true, size: 0, modified: folder };
    return null;
  }

  /** @param {string} storage @param {string} path @returns {Promise<Buffer | null>} */
  async read(storage, path) {
    return this.bucket(storage, false)?.files.get(path)?.data ?? null;
  }

  /**
   * Creates `path` and its ancestors as folders, refusing if a file is in the way.
   * @param {object} bucket
   * @param {string} path
   */
  ensureFolders(bucket, path) {
    const missing = [];
    for (let p = path; p !== ''; p = parentOf(p)) {
      if (bucket.files.has(p)) throw new StorageConflict(`'${p}' is a file, so it cannot be a folder.`);
      if (bucket.folders.has(p)) break;
      missing.push(p);
    }
    const now = new Date();
    for (const p of missing) bucket.folders.set(p, now);
  }

  /** @param {string} storage @param {string} path @param {Buffer} data */
  async write(storage, path, data) {
    const bucket = this.bucket(storage, true);
    if (bucket.folders.has(path))
      throw new StorageConflict(`'${path}' is a folder, so it cannot be written as a file.`);
    this.ensureFolders(bucket, parentOf(path));
    bucket.files.set(path, { data, modified: new Date() });
  }

  /** @param {string} storage @param {string} path */
  async mkdir(storage, path) {
    this.ensureFolders(this.bucket(storage, true), path);
  }

  /** @param {string} storage @param {string} path @returns {Promise<Array<Stat & { name: string }> | null>} */
  async list(storage, path) {
    const stat = await this.stat(storage, path);
    if (!stat?.isFolder) return null;
    const bucket = this.bucket(storage, false);
    if (!bucket) return [];
    const entries = [];
    for (const [p, modified] of bucket.folders) {
      if (parentOf(p) === path) entries.push({ name: baseName(p), isFolder: true, size: 0, modified });
    }
    for (const [p, file] of bucket.files) {
      if (parentOf(p) === path)
        entries.push({ name: baseName(p), isFolder: false, size: file.data.length, modified: file.modified });
    }
    return entries;
  }

  /**
   * Everything under a folder, deepest last.
   * @param {string} storage
   * @param {string} path
   * @returns {Promise<{ folders: string[], files: Array<{ path: string, size: number }> }>} paths relative to `path`
   */
  async walk(storage, path) {
    const bucket = this.bucket(storage, false);
    const out = { folders: [], files: [] };
    if (!bucket) return out;
    const prefix = path === '' ? '' : `${path}/`;
    for (const p of bucket.folders.keys()) if (p.startsWith(prefix)) out.folders.push(p.slice(prefix.length));
    for (const [p, f] of bucket.files)
      if (p.startsWith(prefix)) out.files.push({ path: p.slice(prefix.length), size: f.data.length });
    out.folders.sort();
    return out;
  }

  /** @param {string} storage @param {string} path @returns {Promise<boolean>} */
  async removeFile(storage, path) {
    return this.bucket(storage, false)?.files.delete(path) ?? false;
  }

  /** @param {string} storage @param {string} path removes the folder and its whole subtree */
  async removeFolder(storage, path) {
    const bucket = this.bucket(storage, false);
    if (!bucket) return;
    const prefix = `${path}/`;
    for (const p of [...bucket.files.keys()]) if (p.startsWith(prefix)) bucket.files.delete(p);
    for (const p of [...bucket.folders.keys()]) if (p === path || p.startsWith(prefix)) bucket.folders.delete(p);
  }

  /** @param {string} storage @returns {Promise<number>} bytes stored */
  async usage(storage) {
    let total = 0;
    for (const f of this.bucket(storage, false)?.files.values() ?? []) total += f.data.length;
    return total;
  }

  /** Drops every storage. */
  async reset() {
    this.storages.clear();
  }
}
