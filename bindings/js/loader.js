// SPDX-License-Identifier: MIT
// One memoised wasm module per entry point. Every client of a process shares it: instantiating costs
// ~10 ms and the module holds no per-client state (each client is its own RawClient object).

import { ApiError } from './errors.js';

/**
 * @typedef {object} LoadOptions
 * @property {(path: string, prefix: string) => string} [locateFile] where to fetch `gdconv.wasm` from
 * @property {ArrayBuffer | Uint8Array} [wasmBinary] the bytes of `gdconv.wasm`, when the caller has them
 */

/**
 * @param {(moduleArg: object) => Promise<any>} factory the Emscripten MODULARIZE factory of this entry
 * @returns {(options?: LoadOptions) => Promise<any>}
 */
export function createModuleLoader(factory) {
  let cached = null;
  // `locateFile` and `wasmBinary` only say where the bytes come from; the glue is fixed per entry, so the
  // first module that loads serves every later call whatever it passes. A failed load is not kept, so a
  // caller can retry with a corrected `locateFile`.
  return function loadModule(options = {}) {
    if (cached) return cached;
    const attempt = instantiate(factory, options);
    cached = attempt;
    attempt.catch(() => {
      if (cached === attempt) cached = null;
    });
    return attempt;
  };
}

/** @param {(moduleArg: object) => Promise<any>} factory @param {LoadOptions} options */
async function instantiate(factory, { locateFile, wasmBinary } = {}) {
  if (locateFile !== undefined && typeof locateFile !== 'function') {
    throw new ApiError('invalid_argument', 'locateFile must be a function (path, prefix) => url');
  }
  const diagnostics = [];
  const moduleArg = {
    // The runtime's own stderr lines (load failures, aborts) go into the error instead of the console.
    printErr: (line) => {
      diagnostics.push(String(line));
      if (diagnostics.length > 8) diagnostics.shift();
    },
  };
  if (locateFile) moduleArg.locateFile = locateFile;
  if (wasmBinary !== undefined) {
    if (!(wasmBinary instanceof ArrayBuffer || ArrayBuffer.isView(wasmBinary))) {
      throw new ApiError('invalid_argument', 'wasmBinary must be an ArrayBuffer or a Uint8Array');
    }
    moduleArg.wasmBinary = wasmBinary;
  }
  try {
    const M = await factory(moduleArg);
    if (typeof M?.RawClient !== 'function') throw new Error('the module has no RawClient');
    return M;
  } catch (err) {
    throw loadError(err, diagnostics);
  }
}

// The runtime reports one failure several times ("Aborted(X). Build with -s ASSERTIONS=1 …", "failed to
// asynchronously prepare wasm: X"); keep each distinct X once.
function essence(line) {
  return String(line)
    .replace(/\. Build with -s ASSERTIONS=1 for more info\.$/, '')
    .replace(/^Aborted\(([\s\S]*)\)$/, '$1')
    .replace(/^failed to asynchronously prepare wasm: /, '')
    .trim();
}

function loadError(err, diagnostics) {
  const lines = [err?.message ?? String(err), ...diagnostics].map(essence).filter(Boolean);
  const detail = [...new Set(lines)].join('; ');
  // The most common failure in the field: a 404 page served where the .wasm was expected
  // (https://github.com/sql-js/sql.js/issues/287).
  const hint = /magic word|expected magic|00 61 73 6d/i.test(detail)
    ? ' — the file served is not WebAssembly (an HTML error page?); check that gdconv.wasm is deployed ' +
      'next to the module or pass locateFile/wasmBinary'
    : ' — pass locateFile or wasmBinary if gdconv.wasm is hosted elsewhere';
  return new ApiError('load_failed', `could not load gdconv.wasm: ${detail}${hint}`, { cause: err });
}
