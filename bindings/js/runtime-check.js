// SPDX-License-Identifier: MIT
// What a runtime must have for the client to work, checked before anything is loaded, so that a runtime that
// cannot work fails at ConversionClient.create with one typed error naming what it lacks (issue 12), not
// with whatever the wasm glue happens to trip over first.

import { ApiError } from './errors.js';

/**
 * @typedef {'globals' | 'node'} HttpSource where an entry's requests go through: the runtime's own
 *   XMLHttpRequest or fetch() (the web glue: src/transport/js/glue-xhr.pre.js), or node:http (Node's glue)
 */

/**
 * The names of what this runtime lacks, [] when nothing.
 * @param {HttpSource} http
 * @returns {string[]}
 */
export function missingFeatures(http) {
  const missing = [];
  if (typeof WebAssembly !== 'object' || typeof WebAssembly?.instantiate !== 'function') missing.push('WebAssembly');
  if (http === 'globals' && typeof globalThis.XMLHttpRequest !== 'function') {
    // The fetch() adapter needs both (src/transport/js/fetch-xhr.pre.js).
    if (typeof globalThis.fetch !== 'function') missing.push('fetch() (or XMLHttpRequest)');
    else if (typeof globalThis.AbortController !== 'function') missing.push('AbortController');
  }
  return missing;
}

/**
 * Throws `unsupported_runtime` naming what is missing.
 * @param {HttpSource} http
 */
export function assertRuntime(http) {
  const missing = missingFeatures(http);
  if (missing.length === 0) return;
  throw new ApiError(
    'unsupported_runtime',
    `this JavaScript runtime has no ${missing.join(' and no ')}, which groupdocs-conversion-wasm needs ` +
      '(WebAssembly, and fetch() or XMLHttpRequest to make HTTP requests)',
  );
}
