// SPDX-License-Identifier: MIT
// ConversionClient: the public facade over the core's private RawClient (bindings/RAW_API.md).
// The core does the HTTP, token, retry and polling work. This file is the class and its private plumbing:
// creating and closing the client, one call into the core (#call: AbortSignal to raw.cancel(), progress
// events to callbacks, parsed results, every failure an ApiError) and the access-token hooks. The public
// methods are the rows of methods.js and the flows of flow-methods.js, installed on the prototype here.

import { ApiError, abortError, errorFromCore, invalidArgument, messageOf, redact } from './errors.js';
import { readNetwork, readOptions } from './client-options.js';
import { flowMethods } from './flow-methods.js';
import { METHOD_ROWS, makeMethod } from './methods.js';
import { normalizeInput } from './inputs.js';
import { sinkFromOptions } from './sinks.js';

const INTERNAL = Symbol('ConversionClient.internal');

// JSON for the core. NaN and ±Infinity, which JSON.stringify would turn into null (that is, "not set"), go as
// text, so that the core refuses them as the numbers they are not.
/** @param {unknown} value */
const toJson = (value) =>
  JSON.stringify(value, (key, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
// Tokens a client has seen, kept for redaction. A handful covers every token that can still be in use.
const KEPT_TOKENS = 4;

/**
 * @typedef {import('./raw-module.js').RawClient} RawClient
 * @typedef {import('./raw-module.js').RawModule} RawModule
 * @typedef {import('./node-network.js').NodeNetwork} NodeNetwork
 */

/**
 * @typedef {object} Platform
 * @property {(options?: import('../index.js').ModuleLoadOptions) => Promise<RawModule>} loadModule
 * @property {((path: string | URL, stream?: boolean) => Promise<import('./inputs.js').NormalizedInput>) | undefined} readPath
 * @property {((path: string | URL, kind: 'file' | 'dir') => Promise<object>) | undefined} [fileSink]
 *   downloads written to files (node-files.js), where there is a file system
 * @property {(options: import('../index.js').ConversionClientOptions) => NodeNetwork | null} [network]
 *   a client's proxy and CAs (Node), handed to its RawClient as hooks.route (bindings/RAW_API.md)
 */

/**
 * What a core call resolves with: its answer's JSON, parsed, and the bytes of a binary answer (convert: one
 * array per file).
 * @typedef {{ value: any, bytes: FileValue | FileValue[] | undefined }} CoreAnswer
 * @typedef {import('./raw-module.js').FileValue} FileValue a file's bytes, or what the call's sink made of it
 */

/**
 * A core call's AbortSignal, the callback of its progress events (the core's JSON, parsed), and where its
 * downloaded files go (sinks.js; none: arrays).
 * @typedef {{ signal?: AbortSignal, onEvent?: (event: any) => void, sink?: object | null }} CallControl
 */

/**
 * What the methods (methods.js, flow-methods.js) get of a client's private plumbing. `client` is the
 * ConversionClient the method was called on.
 * @typedef {object} Internal
 * @property {(client: any, method: string, args: Record<string, unknown>, bytes: Uint8Array | Blob | object | null,
 *   control?: CallControl) => Promise<CoreAnswer>} call
 *   one core call: `args` are its arguments, the reliability options among them
 * @property {(client: any) => void} assertOpen  throws `closed` once the client is closed
 * @property {(client: any) => string[]} secrets  the text its errors must not contain (errors.js redact)
 * @property {(client: any, input: unknown) => Promise<import('./inputs.js').NormalizedInput>} readInput
 *   normalizeInput with the platform's readPath; a Blob stays a Blob where the module sends it unread, a path
 *   a file where the module streams it
 * @property {(core: Record<string, unknown>, method: string, pathKey: 'to' | 'outDir') => Promise<object | null>}
 *   sinkFor  the sink the options ask for (sinks.js), taking `as` and the path option out of them
 */

/**
 * Builds the ConversionClient class for one entry point (Node or browser), which differ only in how the
 * wasm module is loaded and whether a file path is an input.
 * @param {Platform} platform
 */
export function defineConversionClient(platform) {
  /** @typedef {import('../index.js').AccessTokenOptions['accessToken'] | undefined} AccessToken */

  /**
   * A client for the GroupDocs.Conversion Cloud API v2.0 (or the local server that speaks it).
   * Create it with `await ConversionClient.create(options)`; release it with `close()`.
   */
  class ConversionClient {
    /** @type {RawClient | null} null once closed */
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
    /** @type {AccessToken} */
    #accessToken;
    /** @type {unknown} the last error thrown by the accessToken function, kept as `cause` */
    #tokenError;
    /** Whether the module takes a Blob as an upload's bytes (browsers: the glue's gdconvBlobPayloads). */
    #blobs = false;
    /** Whether the module reads a file source as it sends it (Node: the glue's gdconvStreamPayloads). */
    #streams = false;
    /** @type {NodeNetwork | null} its proxy and CAs (Node), closed with it */
    #network = null;

    // The public methods (methods.js, flow-methods.js) reach the private plumbing through `internal`.
    static {
      /** @type {Internal} */
      const internal = {
        call: (client, method, args, bytes, options) => client.#call(method, args, bytes, options),
        assertOpen: (client) => client.#assertOpen(),
        secrets: (client) => client.#secrets,
        readInput: (client, input) => normalizeInput(input, platform.readPath, client.#blobs, client.#streams),
        sinkFor: (core, method, pathKey) => sinkFromOptions(core, method, platform.fileSink, pathKey),
      };
      /** @type {Record<string, Function>} */
      const methods = { ...flowMethods(internal) };
      for (const row of METHOD_ROWS) methods[row.name] = makeMethod(row, internal);
      for (const [name, fn] of Object.entries(methods)) {
        Object.defineProperty(ConversionClient.prototype, name, {
          value: fn,
          writable: true,
          configurable: true,
          enumerable: false,
        });
      }
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
     * Loads the wasm module (once per process or page) and creates a client (index.d.ts: create's options).
     * @param {import('../index.js').ConversionClientOptions} options
     * @returns {Promise<ConversionClient>}
     */
    static async create(options) {
      const config = readOptions(options);
      // Its agents are made on first use: nothing to release if loading fails.
      const network = readNetwork(options, platform.network);
      const loading = platform.loadModule({ locateFile: options.locateFile, wasmBinary: options.wasmBinary });
      const M = await loading;
      const client = new ConversionClient(INTERNAL);
      client.#init(M, config, options.accessToken, network);
      return client;
    }

    /**
     * @param {RawModule} M
     * @param {Record<string, unknown>} config the core's (client-options.js)
     * @param {AccessToken} accessToken
     * @param {NodeNetwork | null} network
     */
    #init(M, config, accessToken, network) {
      this.#network = network;
      if (config.clientSecret) this.#secrets.push(String(config.clientSecret));
      if (typeof accessToken === 'string') this.#secrets.push(accessToken);
      this.#secrets.push(...(network?.secrets ?? []));
      this.#fixedSecrets = this.#secrets.length;
      this.#accessToken = accessToken;
      this.#blobs = M.gdconvBlobPayloads === true;
      this.#streams = M.gdconvStreamPayloads === true;
      if (network?.explicit && M.gdconvRoutes !== true) {
        this.close();
        throw invalidArgument(
          'proxy and ca cannot take effect: a global XMLHttpRequest installed by the ' +
            "application makes this module's requests, not node:http",
        );
      }
      /** @type {import('./raw-module.js').RawHooks} */
      const hooks = { requestToken: (id) => this.#onTokenRequest(id), route: network?.route };
      try {
        this.#raw = new M.RawClient(toJson(config), hooks);
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
      // arrive later and are ignored. Then the client's own agents and their idle connections go.
      const network = this.#network;
      this.#network = null;
      const free = () => {
        raw?.delete();
        network?.close();
      };
      if (this.#depth > 0) queueMicrotask(free);
      else free();
    }

    // ----- plumbing -----

    #assertOpen() {
      if (this.#closed) throw new ApiError('closed', 'the client is closed');
    }

    /**
     * One call into the core (Internal.call). Resolves with the parsed JSON and the bytes the core returned.
     * `args` are the core's arguments (the reliability options among them); `signal` cancels, `onEvent` gets
     * progress.
     * @param {string} method
     * @param {Record<string, unknown>} args
     * @param {Uint8Array | Blob | object | null} bytes a Uint8Array, Blob or file source (inputs.js)
     * @param {CallControl} [control]
     * @returns {Promise<CoreAnswer>}
     */
    #call(method, args, bytes, control) {
      return new Promise((resolve, reject) => {
        const raw = this.#raw;
        if (this.#closed || !raw) return reject(new ApiError('closed', 'the client is closed'));
        const { signal, onEvent, sink } = control ?? {};
        if (signal?.aborted) return reject(abortError(signal.reason));
        let argsJson;
        try {
          argsJson = toJson(args);
        } catch (err) {
          return reject(invalidArgument(`${method}: the arguments cannot be sent as JSON (${this.#describe(err)})`));
        }
        /** @type {number | undefined} */
        let callId;
        let settled = false;
        const finish = () => {
          settled = true;
          if (callId !== undefined) this.#pending.delete(callId);
          signal?.removeEventListener('abort', onAbort);
        };
        /** @param {ApiError} error */
        const fail = (error) => {
          if (settled) return;
          finish();
          reject(error);
        };
        // Abort rejects at once; the core is told to stop its fetches and timers too, and the
        // `aborted` rejection it then sends is ignored.
        const onAbort = () => {
          if (settled) return;
          fail(abortError(signal?.reason));
          this.#cancelInCore(this.#raw, callId);
        };
        /** @type {import('./raw-module.js').RawCallbacks} */
        const callbacks = {
          resolve: (json, out) =>
            this.#inCallback(() => {
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
          reject: (errorJson) =>
            this.#inCallback(() => {
              if (settled) return;
              const error = errorFromCore(errorJson, this.#secrets);
              if (error.code === 'auth_failed' && this.#tokenError !== undefined && error.cause === undefined) {
                fail(new ApiError(error.code, error.message, { ...error, cause: this.#tokenError }));
              } else {
                fail(error);
              }
            }),
          progress: (eventJson) =>
            this.#inCallback(() => {
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
                fail(new ApiError('aborted', `the progress callback threw: ${messageOf(err)}`, { cause: err }));
                this.#cancelInCore(this.#raw, callId);
              }
            }),
        };
        if (sink) callbacks.sink = sink;
        // A file that cannot be read or written (missing, unreadable, disk full) ends the call with `io_error`
        // at once: sending or fetching it again would not help.
        /** @param {ApiError} error */
        const ioFailed = (error) => {
          if (settled) return;
          fail(error);
          this.#cancelInCore(this.#raw, callId);
        };
        for (const io of [bytes, sink]) if (io && typeof io === 'object' && 'onError' in io) io.onError = ioFailed;
        try {
          callId = raw.call(method, argsJson, /** @type {any} */ (bytes) ?? null, callbacks);
        } catch (err) {
          return fail(new ApiError('internal', `the client core failed: ${this.#describe(err)}`));
        }
        if (settled) return; // answered synchronously (e.g. invalid arguments)
        this.#pending.set(callId, { fail });
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    }

    /** @param {() => void} fn a core callback's work */
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
    /** @param {RawClient | null} raw @param {number | undefined} callId */
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

    /** @param {number} tokenRequestId */
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
            this.#raw?.provideToken(tokenRequestId, token);
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

    /** @param {number} tokenRequestId @param {string} message */
    #failToken(tokenRequestId, message) {
      const error = { code: 'auth_failed', status: 0, apiCode: '', requestId: '', retryable: false, message };
      this.#raw?.failToken(tokenRequestId, JSON.stringify(error));
    }

    /** @param {string} token */
    #remember(token) {
      if (this.#secrets.includes(token)) return;
      this.#secrets.push(token);
      if (this.#secrets.length > this.#fixedSecrets + KEPT_TOKENS) this.#secrets.splice(this.#fixedSecrets, 1);
    }

    /** @param {unknown} err */
    #describe(err) {
      const text = err instanceof Error ? err.message : typeof err === 'number' ? `code ${err}` : String(err);
      return redact(text, this.#secrets);
    }
  }

  // For leak tests only (tests/node/reliability-load.test.js), not part of the API: the shared module's wasm
  // memory size and the bytes its allocator has handed out.
  Object.defineProperty(ConversionClient, Symbol.for('groupdocs-conversion-wasm.heapStats'), {
    value: async () => (await platform.loadModule()).heapStats(),
  });

  // Installed like the methods; index.d.ts leaves them out (it says why on close()).
  const method = { writable: true, configurable: true, enumerable: false };
  if (typeof Symbol.dispose === 'symbol') {
    Object.defineProperty(ConversionClient.prototype, Symbol.dispose, {
      ...method,
      value: ConversionClient.prototype.close,
    });
  }
  if (typeof Symbol.asyncDispose === 'symbol') {
    Object.defineProperty(ConversionClient.prototype, Symbol.asyncDispose, {
      ...method,
      /** @this {ConversionClient} */
      value: async function asyncDispose() {
        this.close();
      },
    });
  }
  return ConversionClient;
}
