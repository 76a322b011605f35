// SPDX-License-Identifier: MIT
// One memoised wasm module per entry point. Every client of a process shares it: instantiating costs
// ~10 ms and the module holds no per-client state (each client is its own RawClient object).
//
// An entry that brings its own gdconv.wasm (compileWasm) may have it compiled before anyone asks (issue 13):
// the fetch or file read and the compile run off the main thread from the import on, and the first load that
// uses the default source takes the compile in flight. Only the compile starts early, not the load: a
// `locateFile` or `wasmBinary` passed later is still honoured, and a first load that passes one aborts the
// early compile (a page that does so in the task of its import sends no request for the default URL at all).

import { ApiError, messageOf } from './errors.js';
import { assertRuntime, missingFeatures } from './runtime-check.js';

/**
 * @typedef {import('../index.js').ModuleLoadOptions} ModuleLoadOptions
 * @typedef {import('./raw-module.js').ModuleFactory} ModuleFactory
 * @typedef {import('./raw-module.js').ModuleArg} ModuleArg
 * @typedef {import('./raw-module.js').RawModule} RawModule
 * @typedef {{ path: string, prefix: string, url: string }} Located where a load found gdconv.wasm
 * @typedef {{ module: Promise<RawModule>, options: ModuleLoadOptions, located: () => Located | undefined }} Load
 */

/**
 * How an entry loads its module.
 * @typedef {object} EntrySource
 * @property {import('./runtime-check.js').HttpSource} http where its requests go through (checked first)
 * @property {(signal: AbortSignal) => WebAssembly.Module | Promise<WebAssembly.Module>} [compileWasm] the
 *   compiled gdconv.wasm, for runtimes where the glue cannot find it itself (Deno, Bun, workerd; Node's glue
 *   when bundled: bindings/js/index.*.mjs), or finds it later (browsers: wasm-fetch.js); used unless the
 *   caller passes locateFile or wasmBinary. `signal` aborts when such a caller makes the compile unneeded
 * @property {boolean} [early] begin compileWasm as the entry is imported, not at the first load
 */

/**
 * @param {ModuleFactory} factory the Emscripten MODULARIZE factory of this entry
 * @param {EntrySource} source
 * @returns {(options?: ModuleLoadOptions) => Promise<RawModule>}
 */
export function createModuleLoader(factory, { http, compileWasm, early }) {
  /** @type {Load | null} */
  let cached = null;
  const compileOwn = compileWasm && retryableOnce(compileWasm);
  // A runtime that cannot work fails at create with unsupported_runtime, not here.
  if (compileOwn && early && missingFeatures(http).length === 0) compileOwn.get().catch(() => {});
  // The first load (in flight or done) serves every later call: the glue is fixed per entry, and `locateFile`
  // and `wasmBinary` only say where its bytes come from. A later call that names another source would be
  // silently ignored, so it is refused instead; one that repeats the first's, or passes none, is served. A
  // failed load is not kept, so a caller can retry with a corrected `locateFile`.
  return function loadModule(options = {}) {
    try {
      assertRuntime(http);
      checkLoadOptions(options);
    } catch (err) {
      return Promise.reject(err);
    }
    if (cached) {
      const differs = differingOption(cached, options);
      return differs ? Promise.reject(sourceConflict(differs, cached.options)) : cached.module;
    }
    const { locateFile, wasmBinary } = options;
    /** @type {Located | undefined} where the first load found the wasm */
    let located;
    /** @type {ModuleLoadOptions['locateFile']} */
    const locate =
      locateFile &&
      ((path, prefix) => {
        const url = locateFile(path, prefix);
        if (/\.wasm$/.test(path)) located = { path, prefix, url: String(url) };
        return url;
      });
    const own = locateFile === undefined && wasmBinary === undefined ? compileOwn?.get : undefined;
    if (!own) compileOwn?.abandon();
    const attempt = instantiate(factory, { locateFile: locate, wasmBinary }, own);
    const entry = { module: attempt, options: { locateFile, wasmBinary }, located: () => located };
    cached = entry;
    attempt.catch(() => {
      if (cached === entry) cached = null;
    });
    return attempt;
  };
}

/**
 * The entry's `preload(options?)` (index.d.ts): loads the module now, as create() would, so that a page can
 * begin before it has a client to make, or choose where gdconv.wasm comes from before anything else loads it.
 * @param {(options?: ModuleLoadOptions) => Promise<RawModule>} loadModule
 * @returns {(options?: ModuleLoadOptions) => Promise<void>}
 */
export const preloader = (loadModule) => (options) => loadModule(options).then(() => undefined);

/**
 * `compile`, called once and shared while it has not failed: a failed compile (a 404, a file not copied
 * beside a bundle) is not kept, so the next load tries again. `abandon()` aborts one in flight.
 * @param {NonNullable<EntrySource['compileWasm']>} compile
 */
function retryableOnce(compile) {
  /** @type {{ promise: Promise<WebAssembly.Module>, controller: AbortController } | null} */
  let current = null;
  return {
    /** @returns {Promise<WebAssembly.Module>} */
    get() {
      if (!current) {
        const controller = new AbortController();
        const attempt = { promise: new Promise((resolve) => resolve(compile(controller.signal))), controller };
        current = attempt;
        attempt.promise.catch(() => {
          if (current === attempt) current = null;
        });
      }
      return current.promise;
    },
    abandon() {
      current?.controller.abort();
      current = null;
    },
  };
}

/**
 * The option of `later` that names another source of the module than the first load's did, or '' when none
 * does. Only options `later` passes count. A `locateFile` is the same when it puts gdconv.wasm where the
 * first one did (a new arrow function per create() that says the same is fine); bytes are the same when they
 * are equal, so reading gdconv.wasm again for a second client is fine.
 * @param {Load} first
 * @param {ModuleLoadOptions} later
 * @returns {'locateFile' | 'wasmBinary' | ''}
 */
function differingOption({ options: first, located }, later) {
  if (later.locateFile !== undefined && later.locateFile !== first.locateFile) {
    const where = located();
    if (!where || String(later.locateFile(where.path, where.prefix)) !== where.url) return 'locateFile';
  }
  if (later.wasmBinary !== undefined && !sameBytes(later.wasmBinary, first.wasmBinary)) return 'wasmBinary';
  return '';
}

/** @param {ArrayBuffer | ArrayBufferView} a @param {ArrayBuffer | ArrayBufferView | undefined} b */
function sameBytes(a, b) {
  if (a === b) return true;
  if (b === undefined) return false;
  const x = asUint8(a);
  const y = asUint8(b);
  if (x.byteLength !== y.byteLength) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** @param {ArrayBuffer | ArrayBufferView} bytes */
function asUint8(bytes) {
  if (!ArrayBuffer.isView(bytes)) return new Uint8Array(bytes);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** @param {'locateFile' | 'wasmBinary'} option @param {ModuleLoadOptions} first */
function sourceConflict(option, first) {
  const firstHad = first[option] === undefined ? `without ${option}` : `with another ${option}`;
  const same = option === 'locateFile' ? 'a locateFile that finds the same URL' : 'the same bytes';
  return new ApiError(
    'invalid_argument',
    `${option} differs from the first load's: gdconv.wasm is loaded once per process or page, and it ` +
      `was loaded ${firstHad}. Pass ${same} to every ConversionClient.create, or leave ${option} out ` +
      'after the first',
  );
}

/** @param {ModuleLoadOptions} options */
function checkLoadOptions(options) {
  if (typeof options !== 'object' || options === null) {
    throw new ApiError('invalid_argument', 'the load options must be an object { locateFile?, wasmBinary? }');
  }
  const { locateFile, wasmBinary } = options;
  if (locateFile !== undefined && typeof locateFile !== 'function') {
    throw new ApiError('invalid_argument', 'locateFile must be a function (path, prefix) => url');
  }
  if (wasmBinary !== undefined && !(wasmBinary instanceof ArrayBuffer || ArrayBuffer.isView(wasmBinary))) {
    throw new ApiError('invalid_argument', 'wasmBinary must be an ArrayBuffer or a Uint8Array');
  }
}

/**
 * @param {ModuleFactory} factory
 * @param {ModuleLoadOptions} options
 * @param {(() => Promise<WebAssembly.Module>) | undefined} compileWasm the entry's own compiled module, if it
 *   brings one and the caller named no other source
 */
async function instantiate(factory, { locateFile, wasmBinary }, compileWasm) {
  /** @type {string[]} */
  const diagnostics = [];
  /** @type {ModuleArg} */
  const moduleArg = {
    // The runtime's own stderr lines (load failures, aborts) go into the error instead of the console.
    printErr: (line) => {
      diagnostics.push(String(line));
      if (diagnostics.length > 8) diagnostics.shift();
    },
  };
  if (locateFile) moduleArg.locateFile = locateFile;
  if (wasmBinary !== undefined) moduleArg.wasmBinary = wasmBinary;
  let compiled = null;
  if (compileWasm) compiled = instantiateFromModule(moduleArg, compileWasm);
  try {
    // The glue never settles its promise when instantiateWasm fails: the failure is raced in.
    const M = await (compiled ? Promise.race([factory(moduleArg), compiled]) : factory(moduleArg));
    if (typeof M?.RawClient !== 'function') throw new Error('the module has no RawClient');
    return M;
  } catch (err) {
    throw loadError(err, diagnostics);
  }
}

/**
 * Makes the glue instantiate the module `compileWasm` gives (Emscripten's Module.instantiateWasm) instead of
 * fetching gdconv.wasm: the way where compiling from bytes is forbidden (workerd) or reading a file needs a
 * permission (Deno). Returns a promise that only ever rejects, with why that failed.
 * @param {ModuleArg} moduleArg @param {() => Promise<WebAssembly.Module>} compileWasm
 * @returns {Promise<never>}
 */
function instantiateFromModule(moduleArg, compileWasm) {
  /** @type {(reason: unknown) => void} */
  let fail;
  /** @type {Promise<never>} */
  const failed = new Promise((_, reject) => {
    fail = reject;
  });
  // The glue resolves gdconv.wasm's URL at start-up even when it will not fetch it; workerd has no
  // import.meta.url to resolve it against.
  moduleArg.locateFile = (path) => path;
  moduleArg.instantiateWasm = (imports, receive) => {
    Promise.resolve()
      .then(() => compileWasm())
      .then((module) => WebAssembly.instantiate(module, imports).then((instance) => receive(instance, module)))
      .catch(fail);
    return {}; // asynchronous: the exports arrive through receive()
  };
  return failed;
}

/**
 * The runtime reports one failure several times ("Aborted(X). Build with -s ASSERTIONS=1 …", "failed to
 * asynchronously prepare wasm: X"); keep each distinct X once.
 * @param {string} line
 */
function essence(line) {
  return String(line)
    .replace(/\. Build with -s ASSERTIONS=1 for more info\.$/, '')
    .replace(/^Aborted\(([\s\S]*)\)$/, '$1')
    .replace(/^failed to asynchronously prepare wasm: /, '')
    .trim();
}

/** @param {unknown} err what the factory threw @param {string[]} diagnostics the runtime's stderr lines */
function loadError(err, diagnostics) {
  const lines = [messageOf(err), ...diagnostics].map(essence).filter(Boolean);
  const detail = [...new Set(lines)].join('; ');
  // The most common failure in the field: a 404 page served where the .wasm was expected
  // (https://github.com/sql-js/sql.js/issues/287).
  const hint = /magic word|expected magic|00 61 73 6d/i.test(detail)
    ? ' — the file served is not WebAssembly (an HTML error page?); check that gdconv.wasm is deployed ' +
      'next to the module or pass locateFile/wasmBinary'
    : ' — a bundle needs gdconv.wasm beside it (esbuild copies it only when named as an entry point), or pass ' +
      'locateFile or wasmBinary if gdconv.wasm is hosted elsewhere';
  return new ApiError('load_failed', `could not load gdconv.wasm: ${detail}${hint}`, { cause: err });
}
