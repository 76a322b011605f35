// SPDX-License-Identifier: MIT
// Node entry (`node` condition, `import`; dist/index.cjs is the `require` build of this file, made by
// build-dist.mjs). It loads the CommonJS glue, whose pre-js supplies XMLHttpRequest over node:http
// (src/transport/js/node-xhr.pre.js), and adds what a runtime with a file system can do: read an input from a
// file path and save bytes to one.

import createGdConv from './gdconv.cjs';
import { ApiError } from './errors.js';
import { createModuleLoader } from './loader.js';
import { defineConversionClient } from './client.js';
import { readPath, saveFile } from './node-files.js';

// The glue is linked with -sNODEJS_CATCH_EXIT=0 -sNODEJS_CATCH_REJECTION=0 (CMakeLists.txt), so loading it
// adds no process-wide 'uncaughtException'/'unhandledRejection' listener: the host keeps its own error
// handling (tests/node/client-package.test.js).
const ConversionClient = defineConversionClient({
  loadModule: createModuleLoader(createGdConv, { http: 'node' }),
  readPath,
});

export { ConversionClient, ApiError, saveFile };
