// SPDX-License-Identifier: MIT
// Browser and worker entry (`browser`, `worker` and `default` conditions): pages, dedicated and Service
// Workers. No Node built-in is reachable from here. Requests go through the page's XMLHttpRequest, or fetch()
// where there is none (a Service Worker: src/transport/js/fetch-xhr.pre.js).
//
// dist/index.web.mjs is this file bundled with the ES-module glue into one module (build-dist.mjs: one request
// instead of a dozen one after the other, issue 13). gdconv.wasm is found through
// new URL('gdconv.wasm', import.meta.url), which bundlers recognise and emit as an asset, fetched and compiled
// here from the import on (wasm-fetch.js, loader.js), or by the glue when the caller passes locateFile or
// wasmBinary.

import createGdConv from './gdconv.mjs';
import { ApiError } from './errors.js';
import { createModuleLoader, preloader } from './loader.js';
import { defineConversionClient } from './client.js';
import { readPath, saveFile } from './web-files.js';
import { canFetchEarly, fetchAndCompile } from './wasm-fetch.js';

const wasmUrl = new URL('gdconv.wasm', import.meta.url);
const loadModule = createModuleLoader(createGdConv, {
  http: 'globals',
  compileWasm: (signal) => fetchAndCompile(wasmUrl, signal),
  early: canFetchEarly(wasmUrl),
});

const ConversionClient = defineConversionClient({ loadModule, readPath });
const preload = preloader(loadModule);

export { ConversionClient, ApiError, preload, saveFile };
