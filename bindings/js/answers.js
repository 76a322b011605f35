// SPDX-License-Identifier: MIT
// The methods' answers (methods.js, flow-methods.js): what the core resolved with, shaped into what the
// method promises. An answer that is not what was promised is `bad_response`; a failure the server reports as
// a success (a refused upload, a failed operation) rejects as that failure.

import { ApiError, redact } from './errors.js';

/**
 * @typedef {{ method: string, args: Record<string, unknown>, secrets: string[], sink?: object | null }} AnswerContext
 * @typedef {(out: import('./client.js').CoreAnswer, context: AnswerContext) => unknown} Shape
 * @typedef {import('../index.js').Bytes} Bytes
 * @typedef {import('../index.js').ConvertedFile} ConvertedFile
 */

/** @type {Record<'value' | 'bytes' | 'operationId' | 'nothing' | 'upload', Shape>} */
export const ANSWERS = {
  value: ({ value }) => value,
  nothing: () => undefined,
  bytes: ({ bytes }, { method, sink }) => {
    if (sink) return sunk(bytes, sink, method);
    if (!(bytes instanceof Uint8Array)) throw new ApiError('bad_response', `${method} returned no bytes`);
    return bytes;
  },
  operationId: ({ value }) => {
    if (typeof value !== 'string' || value === '') {
      throw new ApiError('bad_response', 'the server did not answer with an operation id');
    }
    return value;
  },
  // The API answers a refused upload with 200 and an `errors` list (the official SDKs hand that back as a
  // success); a promise that resolves although nothing was stored is a trap, so it rejects.
  upload: ({ value }, { args, secrets }) => {
    const errors = Array.isArray(value?.errors) ? value.errors : [];
    const uploaded = Array.isArray(value?.uploaded) ? value.uploaded : [];
    if (errors.length > 0 && uploaded.length === 0) {
      const first = errors[0] ?? {};
      const text = redact(first.message || first.description || 'the server refused the file', secrets);
      throw new ApiError('http_error', `upload of ${args.path} failed: ${text}`, { apiCode: first.code, status: 200 });
    }
    return value;
  },
};

/**
 * A file that went to a sink (sinks.js): what the sink made of it (a Blob, a saved file's `{ path, size }`), or,
 * when the bytes came back as an array after all (a host's own XMLHttpRequest ignores sinks), the sink's
 * own handling of them.
 * @param {unknown} file @param {any} sink @param {string} method @param {string} [url] names the file
 * @returns {Promise<unknown>}
 */
async function sunk(file, sink, method, url = 'file:///download') {
  if (file instanceof Uint8Array) return sink.fromBytes(file, url);
  if (file == null) throw new ApiError('bad_response', `${method} returned no file`);
  return file;
}

/**
 * The core rejects a Failed/Canceled operation with operation_failed; should one ever arrive as a result, it
 * is still not a success.
 * @param {any} operation the core's answer
 * @param {string[]} secrets
 * @returns {import('../index.js').OperationResult}
 */
export function finishedOperation(operation, secrets) {
  const status = operation?.status;
  if (status === 'Failed' || status === 'Canceled') {
    const text = operation.error ? redact(operation.error, secrets) : `the operation was ${status.toLowerCase()}`;
    throw new ApiError('operation_failed', text, { apiCode: status });
  }
  if (status !== 'Finished') {
    throw new ApiError('bad_response', `waitForOperation ended with status ${String(status)}`);
  }
  return operation;
}

/**
 * convert()'s result: the core's `{ operation, files, ignoredOptions }` with each file's bytes, in order.
 * @param {import('./client.js').CoreAnswer} result
 * @param {any} [sink] where the files went (`outDir`, `as: 'blob'`): each entry then has `file` or `blob`
 *   instead of `bytes`
 * @returns {Promise<import('../index.js').ConvertResult>}
 */
export async function convertResult(result, sink) {
  const { operation, files, ignoredOptions } = result.value ?? {};
  const contents = result.bytes;
  if (!Array.isArray(files) || !Array.isArray(contents) || files.length !== contents.length) {
    throw new ApiError('bad_response', 'the conversion result does not match the downloaded files');
  }
  /** @param {any} file @param {number} i */
  const entry = async (file, i) => {
    const { name, path, size } = file;
    if (!sink) return { name, path, size, bytes: /** @type {Bytes} */ (contents[i]) };
    const made = /** @type {any} */ (await sunk(contents[i], sink, 'convert', `file:///${encodeURIComponent(name)}`));
    // `bytes` is left out: index.d.ts declares it for the default case, and says it is absent here.
    const entry = made instanceof Blob ? { name, path, size, blob: made } : { name, path, size, file: made.path };
    return /** @type {ConvertedFile} */ (/** @type {unknown} */ (entry));
  };
  return {
    operation,
    files: await Promise.all(files.map(entry)),
    ignoredOptions: Array.isArray(ignoredOptions) ? ignoredOptions : [],
  };
}
