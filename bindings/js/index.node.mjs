// SPDX-License-Identifier: MIT
// Node entry (`node` condition, `import`; dist/index.cjs is the `require` build of this file, made by
// build-dist.mjs). It loads the CommonJS glue, whose pre-js supplies XMLHttpRequest over node:http
// (src/transport/js/node-xhr.pre.js), and adds what a runtime with a file system can do: read an input from a
// file path and save bytes to one; and what Node's transport can do: proxies and private CAs (node-network.js).
//
// It hands the glue node:http, node:https and the compiled gdconv.wasm (read from beside this file) rather than
// letting it `require` them and read the .wasm from its own folder: so the entry also works bundled into one
// ES module (esbuild --platform=node --format=esm), which has neither `require` nor `__dirname`, with the .wasm
// copied beside the bundle (docs/runtimes.md, "Bundlers").

import * as http from 'node:http';
import * as https from 'node:https';
import { readFile } from 'node:fs/promises';
import createGdConv from './gdconv.cjs';
import { ApiError } from './errors.js';
import { createModuleLoader } from './loader.js';
import { defineConversionClient } from './client.js';
import { fileSink, readPath, saveFile } from './node-files.js';
import { createNodeNetwork } from './node-network.js';

const compileWasm = async () => WebAssembly.compile(await readFile(new URL('./gdconv.wasm', import.meta.url)));
/** @type {import('./raw-module.js').ModuleFactory} */
const factory = (moduleArg) => createGdConv(Object.assign(moduleArg, { gdconvNodeHttp: http, gdconvNodeHttps: https }));

// The glue is linked with -sNODEJS_CATCH_EXIT=0 -sNODEJS_CATCH_REJECTION=0 (CMakeLists.txt), so loading it
// adds no process-wide 'uncaughtException'/'unhandledRejection' listener: the host keeps its own error
// handling (tests/node/client-package.test.js).
const ConversionClient = defineConversionClient({
  loadModule: createModuleLoader(factory, { http: 'node', compileWasm }),
  readPath,
  fileSink,
  // `proxy`, `ca` and the proxy environment variables (docs/runtimes.md, "Proxies and private CAs").
  network: (options) => createNodeNetwork(options, process.env),
});

export { ConversionClient, ApiError, saveFile };
