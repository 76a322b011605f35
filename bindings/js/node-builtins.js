// SPDX-License-Identifier: MIT
// Node built-ins loaded when first used, not when the entry is imported (issue 13: module load + client set-up
// in ≤ 15 ms). node:https with node:tls takes ~10 ms to load and node:http ~5 ms; a client of an http:// server
// never needs the first, and a process that only imports the package needs neither: each loads with the first
// request through it, as fetch() loads its own HTTP stack. `createRequire` works in
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

// node:fs too: as an ES import it loads node's streams (~3 ms), which only a streamed file needs.
/** @type {() => typeof import('node:fs')} */
export const nodeFs = lazy('node:fs');
/** @type {() => typeof import('node:http')} */
export const nodeHttp = lazy('node:http');
/** @type {() => typeof import('node:https')} */
export const nodeHttps = lazy('node:https');
/** @type {() => typeof import('node:tls')} */
export const nodeTls = lazy('node:tls');
/** @type {() => typeof import('node:crypto')} */
export const nodeCrypto = lazy('node:crypto');
