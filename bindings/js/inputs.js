// SPDX-License-Identifier: MIT
// Input normalisation: every accepted input becomes one Uint8Array for the core, without copying bytes
// that are already in memory; in a browser a Blob/File stays a Blob, unread, and in Node a path stays a file,
// read as it is sent (node-files.js). The core does not copy either:
// the upload sends the caller's object in the payload's place (src/transport/js/body-contract.pre.js), so a File
// streams from disk. Only where the glue cannot adopt a Blob (Node, a host's own XMLHttpRequest) is a Blob
// read into an array first.

import { ApiError, invalidArgument, messageOf } from './errors.js';

/** @param {unknown} value */
const tag = (value) => Object.prototype.toString.call(value);

// Duck-typed so that Blobs from another realm (an iframe, jsdom, a polyfill) work too.
/** @type {(value: any) => value is Blob} */
const isBlob = (value) =>
  value != null &&
  typeof value === 'object' &&
  typeof value.arrayBuffer === 'function' &&
  typeof value.size === 'number' &&
  typeof value.type === 'string';

/** @param {unknown} value @returns {string} */
function describe(value) {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  return value.constructor?.name ?? tag(value).slice(8, -1);
}

/**
 * @typedef {object} NormalizedInput
 * @property {Uint8Array | Blob | import('./node-files.js').FileSource} bytes  a view of the caller's memory
 *   (never a copy), the file's bytes, a file read as it is sent (only when `streamFiles`), or the caller's
 *   Blob itself (only when `keepBlob`)
 * @property {string} [name]     the file name the input carries (File.name, a path's base name)
 */

/**
 * @param {unknown} input Uint8Array (and so Buffer), any other ArrayBufferView, ArrayBuffer, Blob, File,
 *   or a file path / file: URL where `readPath` is given (Node)
 * @param {((path: string | URL, stream?: boolean) => Promise<NormalizedInput>) | undefined} readPath
 * @param {boolean} [keepBlob] the module sends Blobs as they are (the glue's `gdconvBlobPayloads`): a Blob
 *   of this realm is passed on unread (RawClient.call takes it, bindings/RAW_API.md)
 * @param {boolean} [streamFiles] the module reads a file source as it sends it (`gdconvStreamPayloads`): a
 *   path is not read here (node-files.js, FileSource)
 * @returns {Promise<NormalizedInput>}
 */
export async function normalizeInput(input, readPath, keepBlob, streamFiles) {
  if (input instanceof Uint8Array) return { bytes: input };
  if (ArrayBuffer.isView(input)) {
    return { bytes: new Uint8Array(input.buffer, input.byteOffset, input.byteLength) };
  }
  if (input instanceof ArrayBuffer || tag(input) === '[object ArrayBuffer]') {
    return { bytes: new Uint8Array(/** @type {ArrayBuffer} */ (input)) };
  }
  if (isBlob(input)) {
    const blob = /** @type {Blob & { name?: unknown }} */ (input);
    const name = typeof blob.name === 'string' && blob.name ? blob.name : undefined;
    if (keepBlob && input instanceof Blob) return name ? { bytes: input, name } : { bytes: input };
    let buffer;
    try {
      buffer = await blob.arrayBuffer();
    } catch (err) {
      throw new ApiError('io_error', `could not read the Blob/File: ${messageOf(err)}`, { cause: err });
    }
    return name ? { bytes: new Uint8Array(buffer), name } : { bytes: new Uint8Array(buffer) };
  }
  if (typeof input === 'string' || input instanceof URL) {
    if (!readPath) {
      throw invalidArgument(
        'a file path works only in Node; in a browser pass a File, Blob, ArrayBuffer or Uint8Array',
      );
    }
    if (input === '') throw invalidArgument('the file path is empty');
    return readPath(input, streamFiles);
  }
  throw invalidArgument(
    `unsupported input (${describe(input)}): pass a Uint8Array, Buffer, ArrayBuffer, Blob, File` +
      (readPath ? ' or a file path' : ''),
  );
}

/**
 * Accepts the bytes a caller wants written somewhere (a Node Buffer, Uint8Array, other view, ArrayBuffer).
 * @param {unknown} data
 * @returns {Uint8Array}
 */
export function bytesOf(data) {
  if (data instanceof Uint8Array) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof ArrayBuffer || tag(data) === '[object ArrayBuffer]') {
    return new Uint8Array(/** @type {ArrayBuffer} */ (data));
  }
  throw invalidArgument(`expected a Uint8Array, Buffer or ArrayBuffer, got ${describe(data)}`);
}
