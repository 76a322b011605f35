// SPDX-License-Identifier: MIT
// Cloudflare Workers entry (`workerd` condition). Workers may not compile WebAssembly from bytes nor evaluate
// code, so gdconv.wasm is imported as a WebAssembly.Module (a CompiledWasm module: wrangler makes one of a
// `.wasm` import) and instantiated through the glue's instantiateWasm (loader.js); the glue is linked with
// -sDYNAMIC_EXECUTION=0. Requests go through fetch() (src/transport/js/fetch-xhr.pre.js). No file system.

import createGdConv from './gdconv.mjs';
import gdconvWasm from './gdconv.wasm';
import { ApiError } from './errors.js';
import { createModuleLoader, preloader } from './loader.js';
import { defineConversionClient } from './client.js';
import { readPath, saveFile } from './web-files.js';

const loadModule = createModuleLoader(createGdConv, { http: 'globals', compileWasm: () => gdconvWasm });
const ConversionClient = defineConversionClient({ loadModule, readPath });
const preload = preloader(loadModule);

export { ConversionClient, ApiError, preload, saveFile };
