// SPDX-License-Identifier: MIT
// ConversionClient: the public facade over the core's private RawClient (bindings/RAW_API.md).
// The core does the HTTP, token, retry and polling work; this layer turns it into camelCase async methods
// with option objects, normalises inputs, maps AbortSignal to raw.cancel() and progress events to
// callbacks, parses results, and makes every failure an ApiError.

import { ApiError, errorFromCore, invalidArgument, redact } from './errors.js';
import { normalizeInput } from './inputs.js';
import { installApiMethods } from './api-methods.js';
import { readCallReliability, readClientReliability } from './reliability.js';

const DEFAULT_BASE_URL = 'https://api.groupdocs.cloud';
const INTERNAL = Symbol('ConversionClient.internal');
// Tokens a client has seen, kept for redaction. A handful covers every token that can still be in use.
const KEPT_TOKENS = 4;

/**
 * @typedef {object} Platform
 * @property {(options: { locateFile?: Function, wasmBinary?: ArrayBuffer | Uint8Array }) => Promise<any>} loadModule
 * @property {((path: string | URL) => Promise<{ bytes: Uint8Array, name?: string }>) | undefined} readPath
 */

/**
 * Builds the ConversionClient class for one entry point (Node or browser), which differ only in how the
 * wasm module is loaded and whether a file path is an input.
 * @param {Platform} platform
 */
export function defineConversionClient(platform) {
  /**
   * A client for the GroupDocs.Conversion Cloud API v2.0 (or the local server that speaks it).
   * Create it with `await ConversionClient.create(options)`; release it with `close()`.
   */
  class ConversionClient {
    /** @type {any} the RawClient; null once closed */
    #raw = null;
    /** @type {string[]} the client secret and recent tokens: text that must never appear in an error */
    #secrets = [];
    /** How many leading entries of #secrets are permanent (the client secret, a fixed token). */
    #fixedSecrets = 0;
    /** @type {Map<number, { fail: (error: ApiError) => void }>} calls in flight, by core call id */
    #pending = new Map();
    /** How many core callbacks are on the stack; re-entering the core from one is deferred. */
    #depth = 0;
    #closed = false;
    /** @type {string | (() => string | Promise<string>) | undefined} */
    #accessToken;
    /** @type {unknown} the last error thrown by the accessToken function, kept as `cause` */
    #tokenError;

    // The rest of the API (api-methods.js) reaches the private plumbing through these.
    static {
      installApiMethods(ConversionClient, {
        call: (client, method, args, bytes, options) => client.#call(method, args, bytes, options),
        assertOpen: (client) => client.#assertOpen(),
        readPath: platform.readPath,
      });
    }

    /**
     * Use `ConversionClient.create()`: the wasm module must be loaded first.
     * @param {symbol} token
     */
    constructor(token) {
      if (token !== INTERNAL) {
        throw invalidArgument('use `await ConversionClient.create(options)` to make a client');
      }
    }

    /**
     * Loads the wasm module (once per process or page) and creates a client.
     *
     * Authenticate with either `clientId` + `clientSecret` (Node, or a trusted backend) or `accessToken`
     * (a token, or a function that returns one, e.g. fetched from your own backend), so that a client
     * secret never has to reach a web page.
     *
     * @param {object} options
     * @param {string} [options.baseUrl='https://api.groupdocs.cloud'] the API's origin (the local server:
     *   'http://127.0.0.1:8080')
     * @param {string} [options.clientId]
     * @param {string} [options.clientSecret]
     * @param {string | (() => string | Promise<string>)} [options.accessToken] a bearer token, or a
     *   function called whenever the client needs a new one
     * @param {number} [options.timeoutMs=300000] the limit of each HTTP request (a call can override it with
     *   `requestTimeoutMs`); 0 means none
     * @param {number} [options.maxRetries=2] extra attempts after a network error, a timeout, 408, 429, 500,
     *   502, 503 or 504 (a conversion request only when the server cannot have started it); 0 disables retries
     * @param {{ maxAttempts?: number, baseDelayMs?: number, maxDelayMs?: number, deadlineMs?: number }}
     *   [options.retry] the retry policy in full: attempts per request (default 3, the first included), the
     *   backoff (full jitter from 250 ms, capped at 8 s; a server's Retry-After wins) and how long one request
     *   may keep being retried (default 60 s)
     * @param {(path: string, prefix: string) => string} [options.locateFile] where `gdconv.wasm` is
     * @param {ArrayBuffer | Uint8Array} [options.wasmBinary] the bytes of `gdconv.wasm`
     * @returns {Promise<ConversionClient>}
     */
    static async create(options) {
      const config = readOptions(options);
      const M = await platform.loadModule({ locateFile: options.locateFile, wasmBinary: options.wasmBinary });
      const client = new ConversionClient(INTERNAL);
      client.#init(M, config, options.accessToken);
      return client;
    }

    #init(M, config, accessToken) {
      if (config.clientSecret) this.#secrets.push(config.clientSecret);
      if (typeof accessToken === 'string') this.#secrets.push(accessToken);
      this.#fixedSecrets = this.#secrets.length;
      this.#accessToken = accessToken;
      const hooks = { requestToken: (id) => this.#onTokenRequest(id) };
      try {
        this.#raw = new M.RawClient(JSON.stringify(config), hooks);
      } catch (err) {
        throw new ApiError('internal', `could not create the client core: ${this.#describe(err)}`);
      }
      const problem = this.#raw.configError();
      if (problem) {
        this.close();
        throw invalidArgument(redact(problem, this.#secrets));
      }
    }

    /**
     * Uploads a file to cloud storage (PUT /conversion/storage/file/{path}).
     * @param {string} path storage path, e.g. 'WordProcessing/report.docx'
     * @param {Uint8Array | ArrayBuffer | ArrayBufferView | Blob | string | URL} data the bytes; in Node
     *   also a local file path. Node sends your array itself, without a copy: leave it unchanged until
     *   the promise settles
     * @param {{ storageName?: string, signal?: AbortSignal,
     *   onProgress?: (event: { type: 'upload', loaded: number, total: number }) => void }} [options]
     *   `onProgress` gets the request body's bytes as they go out: `total` is the whole body (the file and
     *   a few hundred bytes of multipart envelope); the last event has `loaded === total`
     * @returns {Promise<{ uploaded: string[], errors: object[] }>} the API's FilesUploadResult. An upload
     *   the server reports as failed (`errors` and nothing `uploaded`) rejects with `http_error` instead.
     */
    async uploadFile(path, data, options = {}) {
      this.#assertOpen();
      checkString(path, 'uploadFile(path, data): path');
      const { storageName, onProgress } = options;
      checkCallback(onProgress, 'uploadFile(path, data, { onProgress })');
      const { bytes } = await normalizeInput(data, platform.readPath);
      const { value } = await this.#call('uploadFile', { path, storageName }, bytes, { ...options, onEvent: onProgress });
      return checkUpload(value, path, this.#secrets);
    }

    /**
     * Starts an asynchronous conversion of a stored file whose result is saved to storage
     * (POST /conversion/async).
     * @param {object} settings the API's ConvertSettings: `{ filePath, format, outputPath?, storageName?,
     *   loadOptions?, convertOptions?, fontsPath? }`
     * @param {{ signal?: AbortSignal }} [options]
     * @returns {Promise<string>} the operation id
     */
    async startConvertAndSave(settings, options = {}) {
      this.#assertOpen();
      if (settings === null || typeof settings !== 'object') {
        throw invalidArgument('startConvertAndSave(settings): settings must be an object');
      }
      checkString(settings.filePath, 'startConvertAndSave(settings): settings.filePath');
      checkString(settings.format, 'startConvertAndSave(settings): settings.format');
      const { value } = await this.#call('startConvertAndSave', settings, null, options);
      if (typeof value !== 'string' || value === '') {
        throw new ApiError('bad_response', 'the server did not answer with an operation id');
      }
      return value;
    }

    /**
     * Reads the state of an operation once (GET /conversion/async?id=).
     * @param {string} id
     * @param {{ signal?: AbortSignal }} [options]
     * @returns {Promise<object>} the API's OperationResult
     */
    async getOperationStatus(id, options = {}) {
      this.#assertOpen();
      checkString(id, 'getOperationStatus(id): id');
      const { value } = await this.#call('getOperationStatus', { id }, null, options);
      return value;
    }

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
      this.#assertOpen();
      checkString(path, 'downloadFile(path): path');
      const { storageName, versionId, onProgress } = options;
      checkCallback(onProgress, 'downloadFile(path, { onProgress })');
      const { bytes } = await this.#call('downloadFile', { path, storageName, versionId }, null,
        { ...options, onEvent: onProgress });
      if (!(bytes instanceof Uint8Array)) throw new ApiError('bad_response', 'the download returned no bytes');
      return bytes;
    }

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
      this.#assertOpen();
      checkString(id, 'waitForOperation(id): id');
      const { timeoutMs, onStatus } = options;
      checkTimeout(timeoutMs, 'waitForOperation(id, { timeoutMs })');
      checkCallback(onStatus, 'waitForOperation(id, { onStatus })');
      const onEvent = onStatus && ((event) => {
        if (event.type === 'status') onStatus(event.status);
      });
      const { value } = await this.#call('waitForOperation', { id }, null, { ...options, onEvent });
      return finishedOperation(value, this.#secrets);
    }

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
      this.#assertOpen();
      if (options === null || typeof options !== 'object') {
        throw invalidArgument("convert(input, options): options must be an object such as { format: 'pdf' }");
      }
      const { format, outputPath, storageName, loadOptions, convertOptions, timeoutMs, onProgress } = options;
      const direct = options.direct ?? false;
      checkString(format, 'convert(input, { format })');
      if (typeof direct !== 'boolean') throw invalidArgument('convert(input, { direct }) must be a boolean');
      const { keepFiles } = options;
      if (keepFiles !== undefined && typeof keepFiles !== 'boolean') {
        throw invalidArgument('convert(input, { keepFiles }) must be a boolean');
      }
      if (direct && (outputPath !== undefined || storageName !== undefined)) {
        throw invalidArgument('convert(input, { direct: true }) uses no storage: drop outputPath and storageName');
      }
      checkTimeout(timeoutMs, 'convert(input, { timeoutMs })');
      checkCallback(onProgress, 'convert(input, { onProgress })');
      const { bytes, name } = await normalizeInput(input, platform.readPath);
      const fileName = options.fileName ?? name;
      // Storage needs a name to store the document under; the direct route can tell the format by content.
      if ((typeof fileName !== 'string' || fileName === '') && !(direct && fileName === undefined)) {
        throw invalidArgument(
          "convert(input, options): bytes carry no file name; pass { fileName: 'report.docx' }");
      }
      const args = direct
        ? { fileName, format, loadOptions, convertOptions }
        : { fileName, format, outputPath, storageName, loadOptions, convertOptions, keepFiles };
      const result = await this.#call(direct ? 'convertDirect' : 'convert', args, bytes,
        { ...options, onEvent: onProgress });
      const { operation, files } = result.value ?? {};
      const contents = result.bytes;
      if (!Array.isArray(files) || !Array.isArray(contents) || files.length !== contents.length) {
        throw new ApiError('bad_response', 'the conversion result does not match the downloaded files');
      }
      return {
        operation,
        files: files.map((file, i) => ({ name: file.name, path: file.path, size: file.size, bytes: contents[i] })),
      };
    }

    /**
     * Aborts the calls in flight (they reject with `aborted`) and frees the client's wasm memory.
     * Later calls reject with `closed`. Closing twice does nothing.
     */
    close() {
      if (this.#closed) return;
      this.#closed = true;
      const raw = this.#raw;
      this.#raw = null;
      const error = new ApiError('aborted', 'the client was closed while the call was running');
      for (const call of [...this.#pending.values()]) call.fail(error);
      // delete() also aborts the core's requests and timers of those calls; their `aborted` rejections
      // arrive later and are ignored.
      const free = () => raw?.delete();
      if (this.#depth > 0) queueMicrotask(free);
      else free();
    }

    // ----- plumbing -----

    #assertOpen() {
      if (this.#closed) throw new ApiError('closed', 'the client is closed');
    }

    /**
     * One call into the core. Resolves with the parsed JSON and the bytes the core returned.
     * `options` is the caller's options object: `signal`, the reliability options (reliability.js), and
     * `onEvent` for progress.
     * @returns {Promise<{ value: any, bytes: any }>}
     */
    #call(method, args, bytes, options = {}) {
      return new Promise((resolve, reject) => {
        if (this.#closed) return reject(new ApiError('closed', 'the client is closed'));
        const { signal, onEvent } = options ?? {};
        args = { ...args, ...readCallReliability(options, method) };
        if (signal?.aborted) return reject(abortError(signal.reason));
        let callId;
        let settled = false;
        const finish = () => {
          settled = true;
          this.#pending.delete(callId);
          signal?.removeEventListener('abort', onAbort);
        };
        const fail = (error) => {
          if (settled) return;
          finish();
          reject(error);
        };
        // Abort rejects at once; the core is told to stop its fetches and timers too, and the
        // `aborted` rejection it then sends is ignored.
        const onAbort = () => {
          if (settled) return;
          fail(abortError(signal.reason));
          this.#cancelInCore(this.#raw, callId);
        };
        const callbacks = {
          resolve: (json, out) => this.#inCallback(() => {
            if (settled) return;
            let value;
            try {
              value = JSON.parse(json);
            } catch (err) {
              return fail(new ApiError('bad_response', 'the client core returned unreadable JSON', { cause: err }));
            }
            finish();
            resolve({ value, bytes: out });
          }),
          reject: (errorJson) => this.#inCallback(() => {
            if (settled) return;
            const error = errorFromCore(errorJson, this.#secrets);
            if (error.code === 'auth_failed' && this.#tokenError !== undefined && error.cause === undefined) {
              fail(new ApiError(error.code, error.message, { ...error, cause: this.#tokenError }));
            } else {
              fail(error);
            }
          }),
          progress: (eventJson) => this.#inCallback(() => {
            if (settled || !onEvent) return;
            let event;
            try {
              event = JSON.parse(eventJson);
            } catch {
              return; // a progress event is advisory; a garbled one is dropped
            }
            try {
              onEvent(event);
            } catch (err) {
              // A throwing callback must not unwind through the core; the call stops and reports it.
              fail(new ApiError('aborted', `the progress callback threw: ${err?.message ?? err}`, { cause: err }));
              this.#cancelInCore(this.#raw, callId);
            }
          }),
        };
        try {
          callId = this.#raw.call(method, JSON.stringify(args), bytes ?? null, callbacks);
        } catch (err) {
          return fail(new ApiError('internal', `the client core failed: ${this.#describe(err)}`));
        }
        if (settled) return; // answered synchronously (e.g. invalid arguments)
        this.#pending.set(callId, { fail });
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    }

    #inCallback(fn) {
      this.#depth++;
      try {
        fn();
      } finally {
        this.#depth--;
      }
    }

    // The core may be on the stack (e.g. abort() called from onProgress); cancelling then would re-enter
    // it, so it waits for the stack to unwind.
    #cancelInCore(raw, callId) {
      if (!raw || callId === undefined) return;
      const cancel = () => {
        try {
          raw.cancel(callId);
        } catch {
          // the call already ended in the core or the client was deleted: nothing left to stop
        }
      };
      if (this.#depth > 0) queueMicrotask(cancel);
      else cancel();
    }

    #onTokenRequest(tokenRequestId) {
      const source = this.#accessToken;
      // Answered asynchronously even for a fixed token: the core is on the stack now.
      Promise.resolve()
        .then(() => (typeof source === 'function' ? source() : source))
        .then(
          (token) => {
            if (this.#closed) return;
            if (typeof token !== 'string' || token === '') {
              this.#tokenError = undefined;
              this.#failToken(tokenRequestId, 'accessToken() must return a non-empty string');
              return;
            }
            this.#remember(token);
            this.#tokenError = undefined;
            this.#raw.provideToken(tokenRequestId, token);
          },
          (err) => {
            if (this.#closed) return;
            this.#tokenError = err;
            this.#failToken(tokenRequestId, `accessToken() failed: ${this.#describe(err)}`);
          },
        )
        .catch(() => {
          // provideToken/failToken threw: the client was deleted meanwhile; nothing waits for the token
        });
    }

    #failToken(tokenRequestId, message) {
      const error = { code: 'auth_failed', status: 0, apiCode: '', requestId: '', retryable: false, message };
      this.#raw.failToken(tokenRequestId, JSON.stringify(error));
    }

    #remember(token) {
      if (this.#secrets.includes(token)) return;
      this.#secrets.push(token);
      if (this.#secrets.length > this.#fixedSecrets + KEPT_TOKENS) this.#secrets.splice(this.#fixedSecrets, 1);
    }

    #describe(err) {
      const text = err instanceof Error ? err.message : typeof err === 'number' ? `code ${err}` : String(err);
      return redact(text, this.#secrets);
    }
  }

  // For leak tests only (tests/node/reliability-load.test.js), not part of the API: the shared module's wasm
  // memory size and the bytes its allocator has handed out.
  ConversionClient[Symbol.for('groupdocs-conversion-wasm.heapStats')] = async () =>
    (await platform.loadModule()).heapStats();

  if (typeof Symbol.dispose === 'symbol') {
    ConversionClient.prototype[Symbol.dispose] = ConversionClient.prototype.close;
  }
  if (typeof Symbol.asyncDispose === 'symbol') {
    ConversionClient.prototype[Symbol.asyncDispose] = async function asyncDispose() {
      this.close();
    };
  }
  return ConversionClient;
}

// ----- helpers -----

function readOptions(options) {
  if (options === null || typeof options !== 'object') {
    throw invalidArgument('ConversionClient.create(options): options must be an object');
  }
  const { clientId, clientSecret, accessToken } = options;
  const hasCredentials = clientId !== undefined || clientSecret !== undefined;
  if (hasCredentials && accessToken !== undefined) {
    throw invalidArgument('pass either clientId + clientSecret or accessToken, not both');
  }
  if (accessToken !== undefined) {
    if (!(typeof accessToken === 'function' || (typeof accessToken === 'string' && accessToken !== ''))) {
      throw invalidArgument('accessToken must be a non-empty string or a function returning one');
    }
  } else if (typeof clientId !== 'string' || clientId === '' ||
             typeof clientSecret !== 'string' || clientSecret === '') {
    throw invalidArgument(
      'pass clientId and clientSecret (Node, a trusted backend) or accessToken (a token or a function ' +
      'that fetches one from your backend)');
  }
  // Checked here and not only by the loader, which ignores them once the module is loaded.
  checkCallback(options.locateFile, 'ConversionClient.create({ locateFile })');
  const { wasmBinary } = options;
  if (wasmBinary !== undefined && !(wasmBinary instanceof ArrayBuffer || ArrayBuffer.isView(wasmBinary))) {
    throw invalidArgument('ConversionClient.create({ wasmBinary }) must be an ArrayBuffer or a Uint8Array');
  }
  return {
    baseUrl: readBaseUrl(options.baseUrl),
    clientId: accessToken === undefined ? clientId : '',
    clientSecret: accessToken === undefined ? clientSecret : '',
    tokenProvider: accessToken !== undefined,
    ...readClientReliability(options),
  };
}

function readBaseUrl(baseUrl = DEFAULT_BASE_URL) {
  let url;
  try {
    url = new URL(baseUrl);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash) {
    throw invalidArgument(`baseUrl must be an http(s) origin such as ${DEFAULT_BASE_URL}, got ${String(baseUrl)}`);
  }
  // The API paths are appended to it (…/connect/token, …/v2.0/…): no trailing slash, so no '//'.
  return url.href.replace(/\/+$/, '');
}

function checkString(value, what) {
  if (typeof value !== 'string' || value === '') throw invalidArgument(`${what} must be a non-empty string`);
}

function checkTimeout(value, what) {
  if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
    throw invalidArgument(`${what} must be a number of milliseconds >= 0`);
  }
}

function checkCallback(value, what) {
  if (value !== undefined && typeof value !== 'function') throw invalidArgument(`${what} must be a function`);
}

function abortError(reason) {
  if (reason?.name === 'TimeoutError') {
    return new ApiError('timeout', 'the call timed out (its AbortSignal fired)', { cause: reason, retryable: true });
  }
  return new ApiError('aborted', 'the call was aborted', { cause: reason });
}

// The core rejects a Failed/Canceled operation with operation_failed; should one ever arrive as a result,
// it is still not a success.
function finishedOperation(operation, secrets) {
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

// The API answers a refused upload with 200 and an `errors` list (the official SDKs hand that back as a
// success); a promise that resolves although nothing was stored is a trap, so it rejects.
function checkUpload(result, path, secrets) {
  const errors = Array.isArray(result?.errors) ? result.errors : [];
  const uploaded = Array.isArray(result?.uploaded) ? result.uploaded : [];
  if (errors.length > 0 && uploaded.length === 0) {
    const first = errors[0] ?? {};
    const text = redact(first.message || first.description || 'the server refused the file', secrets);
    throw new ApiError('http_error', `upload of ${path} failed: ${text}`, { apiCode: first.code, status: 200 });
  }
  return result;
}
