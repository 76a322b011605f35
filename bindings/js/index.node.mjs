// SPDX-License-Identifier: MIT
// Node entry (`node` condition, `import`; dist/index.cjs is the `require` build of this file, made by
// build-dist.mjs). It loads the CommonJS glue, whose pre-js supplies XMLHttpRequest over node:http
// (src/transport/js/node-xhr.pre.js), and adds what a runtime with a file system can do: read an input from a
// file path and save bytes to one; and what Node's transport can do: proxies and private CAs (node-network.js).
//
// It hands the glue node:http, node:https and the compiled gdconv.wasm (read from beside this file) rather than
// letting it `require` them and read the .wasm from its own folder: so the entry also works bundled into one
// ES module (esbuild --platform=node --format=esm), which has neither `require` nor `__dirname`, with the .wasm
// copied beside the bundle (docs/runtimes.md, "Bundlers"). dist/index.node.mjs is itself such a bundle, of this
// file and the glue (build-dist.mjs): Node then parses one ES module, where importing the CommonJS glue would
// cost a scan of its source for exports (issue 13).
//
// Start-up (issue 13): gdconv.wasm is read and compiled off the main thread from the import on (loader.js,
// `early`); node:fs, node:http and node:https load when first used (node-builtins.js).

import createGdConv from './gdconv.cjs';
import { ApiError } from './errors.js';
import { createModuleLoader, preloader } from './loader.js';
import { defineConversionClient } from './client.js';
import { fileSink, readPath, saveFile } from './node-files.js';
import { createNodeNetwork } from './node-network.js';
import { nodeFs, nodeHttp, nodeHttps } from './node-builtins.js';

// Read at once: the compile then runs on V8's background threads from the import on. An asynchronous read
// would give its bytes to the compile only when the main thread next turns the event loop, which a caller's
// synchronous work after the import holds back (by ~10 ms when that loaded node:http).
const compileWasm = () => WebAssembly.compile(nodeFs().readFileSync(new URL('./gdconv.wasm', import.meta.url)));
/**
 * @typedef {import('node:http').RequestOptions} RequestOptions
 */
// The adapter calls only `request(url, options)` of these (node-xhr.pre.js), so each built-in loads when first
// requested.
const transport = {
  gdconvNodeHttp: { request: (/** @type {URL} */ url, /** @type {RequestOptions} */ o) => nodeHttp().request(url, o) },
  gdconvNodeHttps: {
    request: (/** @type {URL} */ url, /** @type {RequestOptions} */ o) => nodeHttps().request(url, o),
  },
};
/** @type {import('./raw-module.js').ModuleFactory} */
const factory = (moduleArg) => createGdConv(Object.assign(moduleArg, transport));
const loadModule = createModuleLoader(factory, { http: 'node', compileWasm, early: true });

// The glue is linked with -sNODEJS_CATCH_EXIT=0 -sNODEJS_CATCH_REJECTION=0 (CMakeLists.txt), so loading it
// adds no process-wide 'uncaughtException'/'unhandledRejection' listener: the host keeps its own error
// handling (tests/node/client-package.test.js).
const ConversionClient = defineConversionClient({
  loadModule,
  readPath,
  fileSink,
  // `proxy`, `ca` and the proxy environment variables (docs/runtimes.md, "Proxies and private CAs").
  network: (options) => createNodeNetwork(options, process.env),
});
const preload = preloader(loadModule);

export { ConversionClient, ApiError, preload, saveFile };
