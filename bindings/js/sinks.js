// SPDX-License-Identifier: MIT
// Where a call's downloaded files go when not into arrays (issue 13): the sink contract of bindings/RAW_API.md
// (`callbacks.sink`). This file: the Blob sink, for every runtime, and how a method's result is made of what a
// sink returned. The file sink (Node, Deno, Bun) is node-files.js.

import { invalidArgument } from './errors.js';

// Chunks are gathered into a Blob every this many bytes: a browser keeps a large Blob out of the page's
// memory (on disk), and the chunks can go.
const BLOB_PART_BYTES = 8 * 1024 * 1024;

/**
 * A sink that makes each file a Blob. A browser's own XMLHttpRequest is asked for the Blob directly (`blob`:
 * the glue switches its responseType); this build's adapters write the chunks to a BlobWriter.
 * @returns {{ blob: true, onError: null, open: () => BlobWriter, fromBytes: (bytes: Uint8Array) => Promise<Blob> }}
 */
export function blobSink() {
  return {
    blob: true,
    onError: null,
    open: () => new BlobWriter(),
    /** A file that came back as an array after all (a host's own XMLHttpRequest ignores sinks). */
    fromBytes: async (bytes) => new Blob([/** @type {BlobPart} */ (bytes)], { type: 'application/octet-stream' }),
  };
}

/** The writer of one file as a Blob: chunks gathered into Blob parts. */
class BlobWriter {
  /** @type {Blob[]} */
  #parts = [];
  /** @type {Uint8Array[]} */
  #chunks = [];
  #pending = 0;

  /** @param {Uint8Array} chunk fresh memory the writer may keep */
  write(chunk) {
    this.#chunks.push(chunk);
    this.#pending += chunk.length;
    if (this.#pending >= BLOB_PART_BYTES) this.#flush();
    return true;
  }

  /** @param {() => void} fn */
  onDrain(fn) {
    fn();
  }

  async finish() {
    this.#flush();
    return new Blob(this.#parts, { type: 'application/octet-stream' });
  }

  abort() {
    this.#parts = [];
    this.#chunks = [];
  }

  #flush() {
    if (this.#chunks.length === 0) return;
    this.#parts.push(new Blob(/** @type {BlobPart[]} */ (this.#chunks)));
    this.#chunks = [];
    this.#pending = 0;
  }
}

/**
 * A byte answer's destination from a method's options: `as: 'blob'`, or a path `to` (where the platform can
 * write files), or neither (arrays).
 * @param {Record<string, unknown>} core the options for the core, from which `as` and `to` are taken out
 * @param {string} method names the method in messages
 * @param {((path: string | URL, kind: 'file' | 'dir') => Promise<object>) | undefined} fileSink the platform's
 * @param {'to' | 'outDir'} pathKey what the option naming a path is called for this method
 * @returns {Promise<object | null>} the sink, or null
 */
export async function sinkFromOptions(core, method, fileSink, pathKey) {
  const { as, [pathKey]: target } = core;
  delete core.as;
  delete core[pathKey];
  if (as !== undefined && as !== 'blob' && as !== 'bytes') {
    throw invalidArgument(`${method}: options.as must be 'blob' or 'bytes'`);
  }
  if (target !== undefined) {
    if (as === 'blob') throw invalidArgument(`${method}: give options.${pathKey} or as: 'blob', not both`);
    if (!(typeof target === 'string' && target !== '') && !(target instanceof URL)) {
      throw invalidArgument(`${method}: options.${pathKey} must be a non-empty path or file: URL`);
    }
    if (!fileSink) {
      throw invalidArgument(
        `${method}: options.${pathKey} writes to the file system and works only in Node, Deno and Bun; ` +
          "in a browser use { as: 'blob' }",
      );
    }
    return fileSink(target, pathKey === 'to' ? 'file' : 'dir');
  }
  return as === 'blob' ? blobSink() : null;
}
