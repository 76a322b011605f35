// SPDX-License-Identifier: MIT
// Files on disk, for the entries of runtimes that have node:fs (Node, Deno, Bun): a file path as an input,
// downloads written to files (the file sink of bindings/RAW_API.md), and saveFile. The browser and workerd
// entries use web-files.js instead.
//
// Issue 13, files bigger than memory: where the module streams (Node's glue, `M.gdconvStreamPayloads`), a
// path input is a FileSource, read as it is sent and again for each retry, never whole; and a download to a
// path goes to disk chunk by chunk, into a temporary name beside the target that is renamed when the file is
// complete and removed when the call fails or is aborted, so that no half-written file is ever left under the
// target's name.

import { mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiError, invalidArgument, messageOf } from './errors.js';
import { bytesOf } from './inputs.js';
import { nodeFs } from './node-builtins.js';

// Bytes read from, or written to, a file at a time: large enough that a 1 GiB file is a thousand system
// calls, small enough that memory stays a few of them.
const CHUNK_BYTES = 1024 * 1024;

/** @param {string | URL} path */
const localPath = (path) => (path instanceof URL ? fileURLToPath(path) : path);

/**
 * @param {string} what @param {string} file @param {unknown} err
 * @returns {ApiError} `io_error` naming the file and what failed (Node's message: a code and the path)
 */
const ioError = (what, file, err) =>
  new ApiError('io_error', `could not ${what} ${file}: ${messageOf(err)}`, { cause: err });

/**
 * A file as an upload's payload (bindings/RAW_API.md, "file source"): its size, taken once, and its bytes read
 * from the start each time `stream()` is called (once per attempt). A read that fails tells `onError`, which
 * the client sets for the call: it rejects with `io_error` instead of retrying.
 */
export class FileSource {
  /** @type {((error: ApiError) => void) | null} */
  onError = null;

  /** @param {string} file @param {number} size */
  constructor(file, size) {
    this.file = file;
    this.size = size;
  }

  /** @returns {import('node:stream').Readable} */
  stream() {
    const stream = nodeFs().createReadStream(this.file, { highWaterMark: CHUNK_BYTES });
    stream.on('error', (err) => this.onError?.(ioError('read', this.file, err)));
    return stream;
  }
}

/**
 * An input given as a path or file: URL: a FileSource where the module streams files (`stream`), else read
 * whole.
 * @param {string | URL} path
 * @param {boolean} [stream]
 * @returns {Promise<{ bytes: Uint8Array | FileSource, name: string }>}
 */
export async function readPath(path, stream) {
  const file = localPath(path);
  try {
    if (!stream) return { bytes: await readFile(file), name: basename(file) };
    const info = await stat(file);
    if (!info.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'EISDIR' });
    return { bytes: new FileSource(file, info.size), name: basename(file) };
  } catch (err) {
    throw ioError('read', file, err);
  }
}

/**
 * The file sink: each downloaded file written to `target` (kind 'file'), or into the folder `target` under
 * the name its URL ends with (kind 'dir'); the folder is made now. Resolves a file to `{ path, size }`.
 * @param {string | URL} target
 * @param {'file' | 'dir'} kind
 */
export async function fileSink(target, kind) {
  const place = resolve(localPath(target));
  const folder = kind === 'dir' ? place : dirname(place);
  try {
    await mkdir(folder, { recursive: true });
  } catch (err) {
    throw ioError('create', folder, err);
  }
  /** @param {string} url */
  const fileFor = (url) => (kind === 'file' ? place : join(folder, nameOf(url)));
  const sink = {
    /** @type {((error: ApiError) => void) | null} set by the client for the call */
    onError: null,
    /** @param {{ url: string, size: number }} answer */
    open: ({ url }) => new FileWriter(fileFor(url), (error) => sink.onError?.(error)),
    /** A file that came back as an array after all (a host's own XMLHttpRequest ignores sinks). */
    async fromBytes(/** @type {Uint8Array} */ bytes, /** @type {string} */ url) {
      const writer = new FileWriter(fileFor(url), () => {});
      writer.write(bytes);
      return writer.finish();
    },
  };
  return sink;
}

// The file name a download's URL ends with: its last path segment (a storage path's base name), or, for an
// operation's result, its `name` query parameter.
/** @param {string} url */
function nameOf(url) {
  const parsed = new URL(url);
  const name = parsed.searchParams.get('name') || decodeURIComponent(parsed.pathname.split('/').pop() ?? '');
  const safe = basename(name.replace(/\\/g, '/'));
  if (!safe || safe === '.' || safe === '..') throw invalidArgument('the downloaded file has no usable name');
  return safe;
}

/** One file being written: to a temporary name beside it, renamed into place by finish(). */
class FileWriter {
  #stream;
  #temp;
  #final;
  #size = 0;
  /** @type {ApiError | null} */
  #error = null;
  #placed = false;
  /** @type {Promise<void> | null} the partial file's removal, once aborted */
  #removed = null;

  #failed;

  /** @param {string} final @param {(error: ApiError) => void} failed told of a failure to write */
  constructor(final, failed) {
    this.#final = final;
    this.#failed = failed;
    this.#temp = `${final}.${crypto.randomUUID().slice(0, 8)}.part`;
    this.#stream = nodeFs().createWriteStream(this.#temp, { flags: 'wx', highWaterMark: CHUNK_BYTES });
    this.#stream.on('error', (err) => this.#fail(err));
  }

  /** @param {Uint8Array} chunk @returns {boolean} false: wait for onDrain */
  write(chunk) {
    this.#size += chunk.length;
    return this.#stream.write(chunk);
  }

  /** @param {() => void} fn */
  onDrain(fn) {
    this.#stream.once('drain', fn);
  }

  /** @returns {Promise<{ path: string, size: number }>} once the file is complete under its name */
  async finish() {
    try {
      await new Promise((done, fail) => {
        this.#stream.once('error', fail);
        this.#stream.end(done);
      });
      await rename(this.#temp, this.#final);
    } catch (err) {
      const error = this.#fail(err);
      await this.#removed; // the caller sees the failure once the partial file is gone
      throw error;
    }
    this.#placed = true;
    return { path: this.#final, size: this.#size };
  }

  /** @param {unknown} err @returns {ApiError} */
  #fail(err) {
    if (!this.#error) {
      const error = ioError('write', this.#final, err);
      this.#error = error;
      this.abort();
      // The call fails once the partial file is gone, so that its caller never sees it.
      void this.#removed?.then(() => this.#failed(error));
    }
    return this.#error;
  }

  /** The download failed or was aborted: the partial file goes. */
  abort() {
    if (this.#placed || this.#removed) return;
    // Removed once closed: a stream destroyed before its file is open still creates it.
    const remove = () => unlink(this.#temp).catch(() => {});
    this.#removed = this.#stream.closed
      ? remove()
      : new Promise((done) => this.#stream.once('close', () => remove().then(done)).destroy());
  }
}

/**
 * Writes bytes (e.g. a downloaded or converted file) to a local path, creating missing parent folders.
 * Node, Deno and Bun.
 * @type {typeof import('../index.js').saveFile}
 */
export async function saveFile(data, path) {
  const bytes = bytesOf(data);
  if (!(typeof path === 'string' && path !== '') && !(path instanceof URL)) {
    throw invalidArgument('saveFile(data, path): path must be a non-empty string or a file: URL');
  }
  const file = localPath(path);
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, bytes);
  } catch (err) {
    throw ioError('write', file, err);
  }
}
