// SPDX-License-Identifier: MIT
// Deno entry (`deno` condition). The web glue, whose requests go through fetch() (src/transport/js/
// fetch-xhr.pre.js), with gdconv.wasm imported as a compiled WebAssembly.Module by a source phase import: a
// module import needs no permission, where reading the file would need --allow-read. Only Deno reads this
// file (`import source` is syntax Node 20 does not parse). Files on disk through node:fs, as in Node.

import createGdConv from './gdconv.mjs';
import source gdconvWasm from './gdconv.wasm';
import { ApiError } from './errors.js';
import { createModuleLoader, preloader } from './loader.js';
import { defineConversionClient } from './client.js';
import { fileSink, readPath, saveFile } from './node-files.js';

const loadModule = createModuleLoader(createGdConv, { http: 'globals', compileWasm: () => gdconvWasm });
const ConversionClient = defineConversionClient({ loadModule, readPath, fileSink });
const preload = preloader(loadModule);

export { ConversionClient, ApiError, preload, saveFile };
