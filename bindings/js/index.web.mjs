// SPDX-License-Identifier: MIT
// Browser and worker entry (`browser`, `worker` and `default` conditions): pages, dedicated and Service
// Workers. No Node built-in is reachable from here: the ES-module glue finds gdconv.wasm through
// new URL('gdconv.wasm', import.meta.url), which bundlers recognise and emit as an asset, and makes requests
// with the page's XMLHttpRequest, or with fetch() where there is none (a Service Worker:
// src/transport/js/fetch-xhr.pre.js).

import createGdConv from './gdconv.mjs';
import { ApiError } from './errors.js';
import { createModuleLoader } from './loader.js';
import { defineConversionClient } from './client.js';
import { readPath, saveFile } from './web-files.js';

const ConversionClient = defineConversionClient({
  loadModule: createModuleLoader(createGdConv, { http: 'globals' }),
  readPath,
});

export { ConversionClient, ApiError, saveFile };
