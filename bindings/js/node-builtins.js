// SPDX-License-Identifier: MIT
// Node built-ins loaded when first used, not when the entry is imported (issue 13: module load + client set-up
// in ≤ 15 ms). node:https with node:tls takes ~10 ms to load and node:http ~5 ms; a client of an http:// server
// never needs the first, and a process that only imports the package needs neither. `createRequire` works in
// the ES-module entry, in its CommonJS build and in an ES-module bundle of either (docs/runtimes.md,
// "Bundlers"): a built-in resolves by name wherever the requiring file is.

import { createRequire } from 'node:module';

const requireBuiltin = createRequire(import.meta.url);

/**
 * @template T
 * @param {string} name a built-in, 'node:…'
 * @returns {() => T} the module, loaded on the first call
 */
function lazy(name) {
  /** @type {T | undefined} */
  let loaded;
  return () => (loaded ??= requireBuiltin(name));
}

/** @type {() => typeof import('node:http')} */
export const nodeHttp = lazy('node:http');
/** @type {() => typeof import('node:https')} */
export const nodeHttps = lazy('node:https');
/** @type {() => typeof import('node:tls')} */
export const nodeTls = lazy('node:tls');
/** @type {() => typeof import('node:crypto')} */
export const nodeCrypto = lazy('node:crypto');

/**
 * Loads the built-in that requests to `baseUrl` go through: a client calls it as it is created, while its
 * wasm compiles off the main thread (index.node.mjs), so that its first request does not pay for the load.
 * Anything but an http:// URL (the default API, or a URL the core will refuse) is taken as https.
 * @param {unknown} baseUrl
 */
export function transportFor(baseUrl) {
  return typeof baseUrl === 'string' && /^http:/i.test(baseUrl) ? nodeHttp() : nodeHttps();
}
