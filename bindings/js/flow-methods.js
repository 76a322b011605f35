// SPDX-License-Identifier: MIT
// The methods of the basic flow: uploadFile, startConvertAndSave, getOperationStatus, downloadFile,
// waitForOperation, and convert, which runs the whole flow in the core. Each checks its arguments, hands them
// to one core method (bindings/RAW_API.md) and shapes the answer (results.js). Installed on
// ConversionClient.prototype by client.js, which passes the private plumbing in `internal`.

import { invalidArgument } from './errors.js';
import { checkCallback, checkOptional, checkSettings, checkString, checkTimeout, isObject } from './checks.js';
import { asBytes, checkUpload, convertResult, finishedOperation, operationId } from './results.js';

/**
 * The flow's methods, for `ConversionClient.prototype`.
 * @param {import('./client.js').Internal} internal
 */
export function flowMethods(internal) {
  const { call, assertOpen, secrets, readInput } = internal;

  return {
    /**
     * Uploads a file to cloud storage (PUT /conversion/storage/file/{path}).
     * @param {string} path storage path, e.g. 'WordProcessing/report.docx'
     * @param {Uint8Array | ArrayBuffer | ArrayBufferView | Blob | string | URL} data the bytes; in Node
     *   also a local file path. Your array itself is sent, without a copy: leave it unchanged until the
     *   promise settles; a browser sends a Blob/File without reading it
     * @param {{ storageName?: string, signal?: AbortSignal,
     *   onProgress?: (event: { type: 'upload', loaded: number, total: number }) => void }} [options]
     *   `onProgress` gets the request body's bytes as they go out: `total` is the whole body (the file and
     *   a few hundred bytes of multipart envelope); the last event has `loaded === total`
     * @returns {Promise<{ uploaded: string[], errors: object[] }>} the API's FilesUploadResult. An upload
     *   the server reports as failed (`errors` and nothing `uploaded`) rejects with `http_error` instead.
     */
    async uploadFile(path, data, options = {}) {
      assertOpen(this);
      checkString(path, 'uploadFile(path, data): path');
      const { storageName, onProgress } = options;
      checkCallback(onProgress, 'uploadFile(path, data, { onProgress })');
      const { bytes } = await readInput(this, data);
      const { value } = await call(this, 'uploadFile', { path, storageName }, bytes, { ...options, onEvent: onProgress });
      return checkUpload(value, path, secrets(this));
    },

    /**
     * Starts an asynchronous conversion of a stored file whose result is saved to storage
     * (POST /conversion/async).
     * @param {object} settings the API's ConvertSettings: `{ filePath, format, outputPath?, storageName?,
     *   loadOptions?, convertOptions?, fontsPath? }`
     * @param {{ signal?: AbortSignal }} [options]
     * @returns {Promise<string>} the operation id
     */
    async startConvertAndSave(settings, options = {}) {
      assertOpen(this);
      checkSettings(settings, 'startConvertAndSave(settings)');
      const { value } = await call(this, 'startConvertAndSave', settings, null, options);
      return operationId(value);
    },

    /**
     * Reads the state of an operation once (GET /conversion/async?id=).
     * @param {string} id
     * @param {{ signal?: AbortSignal }} [options]
     * @returns {Promise<object>} the API's OperationResult
     */
    async getOperationStatus(id, options = {}) {
      assertOpen(this);
      checkString(id, 'getOperationStatus(id): id');
      const { value } = await call(this, 'getOperationStatus', { id }, null, options);
      return value;
    },

    /**
     * Downloads a file from cloud storage (GET /conversion/storage/file/{path}).
     * @param {string} path storage path, e.g. a result's `path`
     * @param {{ storageName?: string, versionId?: string, signal?: AbortSignal,
     *   onProgress?: (event: { type: 'download', index: 0, count: 1, loaded: number, total: number }) => void }} [options]
     *   `onProgress` gets the bytes received so far; `total` is 0 until the size is known, and the last
     *   event has `loaded === total`
     * @returns {Promise<Uint8Array>}
     */
    async downloadFile(path, options = {}) {
      assertOpen(this);
      checkString(path, 'downloadFile(path): path');
      const { storageName, versionId, onProgress } = options;
      checkCallback(onProgress, 'downloadFile(path, { onProgress })');
      const { bytes } = await call(this, 'downloadFile', { path, storageName, versionId }, null,
        { ...options, onEvent: onProgress });
      return asBytes(bytes, 'the download');
    },

    /**
     * Polls an operation (with backoff) until it is `Finished`. Rejects with `operation_failed` and the
     * server's text when it is `Failed` or `Canceled`, with `timeout` after `timeoutMs`, with `aborted`
     * when `signal` aborts.
     * @param {string} id
     * @param {{ timeoutMs?: number, signal?: AbortSignal, onStatus?: (status: string) => void }} [options]
     *   `onStatus` is called with the first status seen and with every change
     * @returns {Promise<object>} the finished OperationResult
     */
    async waitForOperation(id, options = {}) {
      assertOpen(this);
      checkString(id, 'waitForOperation(id): id');
      const { timeoutMs, onStatus } = options;
      checkTimeout(timeoutMs, 'waitForOperation(id, { timeoutMs })');
      checkCallback(onStatus, 'waitForOperation(id, { onStatus })');
      const onEvent = onStatus && ((event) => {
        if (event.type === 'status') onStatus(event.status);
      });
      const { value } = await call(this, 'waitForOperation', { id }, null, { ...options, onEvent });
      return finishedOperation(value, secrets(this));
    },

    /**
     * Runs the whole flow: upload, start, wait, download every result file. With `direct: true` nothing
     * touches storage: the document goes up with `startConvert` and the results come back through
     * `getOperationResult` (their `path` is null).
     * @param {Uint8Array | ArrayBuffer | ArrayBufferView | Blob | string | URL} input the document; in Node
     *   also a local file path. Bytes without a name need `fileName`.
     * @param {object} options
     * @param {string} options.format target format, e.g. 'pdf'
     * @param {string} [options.fileName] the document's name (its extension tells the source format);
     *   taken from a File or a path when not given
     * @param {boolean} [options.direct=false] convert without storage (no `outputPath`, no `storageName`)
     * @param {string} [options.outputPath] storage folder for the results
     * @param {string} [options.storageName]
     * @param {boolean} [options.keepFiles=false] leave the call's storage folder (`<uuid>/`: the uploaded
     *   document and, without `outputPath`, the results) in place; by default it is deleted, best-effort,
     *   right after the promise settles
     * @param {object} [options.loadOptions] e.g. `{ password }`
     * @param {object} [options.convertOptions] e.g. `{ fromPage: 1, pagesCount: 2 }`
     * @param {number} [options.timeoutMs] overall time limit
     * @param {(event: object) => void} [options.onProgress] `{type:'stage', stage}` (token, upload,
     *   convert, download), `{type:'upload', loaded, total}` while the document goes up,
     *   `{type:'status', status}`, `{type:'download', index, count}` before each result file and
     *   `{type:'download', index, count, loaded, total}` while its bytes arrive. Byte counts grow during
     *   a request (one sent again counts from 0 again); each transfer ends with `loaded === total`.
     * @param {AbortSignal} [options.signal]
     * @returns {Promise<{ operation: object, files: { name: string, path: string | null, size: number,
     *   bytes: Uint8Array }[] }>}
     */
    async convert(input, options) {
      assertOpen(this);
      if (!isObject(options)) {
        throw invalidArgument("convert(input, options): options must be an object such as { format: 'pdf' }");
      }
      const { format, outputPath, storageName, loadOptions, convertOptions, timeoutMs, onProgress } = options;
      const direct = options.direct ?? false;
      checkString(format, 'convert(input, { format })');
      checkOptional(direct, 'boolean', 'convert(input, { direct })');
      const { keepFiles } = options;
      checkOptional(keepFiles, 'boolean', 'convert(input, { keepFiles })');
      if (direct && (outputPath !== undefined || storageName !== undefined)) {
        throw invalidArgument('convert(input, { direct: true }) uses no storage: drop outputPath and storageName');
      }
      checkTimeout(timeoutMs, 'convert(input, { timeoutMs })');
      checkCallback(onProgress, 'convert(input, { onProgress })');
      const { bytes, name } = await readInput(this, input);
      const fileName = options.fileName ?? name;
      // Storage needs a name to store the document under; the direct route can tell the format by content.
      if ((typeof fileName !== 'string' || fileName === '') && !(direct && fileName === undefined)) {
        throw invalidArgument(
          "convert(input, options): bytes carry no file name; pass { fileName: 'report.docx' }");
      }
      const args = direct
        ? { fileName, format, loadOptions, convertOptions }
        : { fileName, format, outputPath, storageName, loadOptions, convertOptions, keepFiles };
      const result = await call(this, direct ? 'convertDirect' : 'convert', args, bytes,
        { ...options, onEvent: onProgress });
      return convertResult(result);
    },
  };
}
