// SPDX-License-Identifier: MIT
// Bun entry (`bun` condition). The web glue, whose requests go through fetch() (src/transport/js/
// fetch-xhr.pre.js; Bun has no XMLHttpRequest), with gdconv.wasm read from beside this file and compiled
// here, from the import on (loader.js, `early`). Files on disk through node:fs, as in Node.

import { readFile } from 'node:fs/promises';
import createGdConv from './gdconv.mjs';
import { ApiError } from './errors.js';
import { createModuleLoader, preloader } from './loader.js';
import { defineConversionClient } from './client.js';
import { fileSink, readPath, saveFile } from './node-files.js';

/** @param {AbortSignal} signal */
const compileWasm = async (signal) =>
  WebAssembly.compile(await readFile(new URL('./gdconv.wasm', import.meta.url), { signal }));

const loadModule = createModuleLoader(createGdConv, { http: 'globals', compileWasm, early: true });
const ConversionClient = defineConversionClient({ loadModule, readPath, fileSink });
const preload = preloader(loadModule);

export { ConversionClient, ApiError, preload, saveFile };
