// SPDX-License-Identifier: MIT
// Node entry (`import` condition; dist/index.cjs is the `require` build of this file, made by build-dist.mjs).
// It loads the CommonJS glue, whose pre-js supplies XMLHttpRequest over Node's fetch(), and adds what only
// Node can do: read an input from a file path and save bytes to one.

import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import createGdConv from './gdconv.cjs';
import { ApiError, invalidArgument } from './errors.js';
import { bytesOf } from './inputs.js';
import { createModuleLoader } from './loader.js';
import { defineConversionClient } from './client.js';

/** @param {string | URL} path */
async function readPath(path) {
  const file = path instanceof URL ? fileURLToPath(path) : path;
  try {
    return { bytes: await readFile(file), name: basename(file) };
  } catch (err) {
    throw new ApiError('io_error', `could not read ${file}: ${err.message}`, { cause: err });
  }
}

// Emscripten 3.1.6's Node glue adds process-wide 'uncaughtException' and 'unhandledRejection' listeners
// that rethrow (its NODEJS_CATCH_EXIT / NODEJS_CATCH_REJECTION defaults; sql.js hit the same, issues #173
// and #262). A library must not change how the host process handles its own errors, so whatever listeners
// the factory adds are removed again. The glue adds them synchronously inside the call, so no listener of
// the application's can be mistaken for one of them.
const PROCESS_EVENTS = ['uncaughtException', 'unhandledRejection'];
function withoutProcessListeners(factory) {
  return (moduleArg) => {
    const before = PROCESS_EVENTS.map((event) => new Set(process.listeners(event)));
    try {
      return factory(moduleArg);
    } finally {
      PROCESS_EVENTS.forEach((event, i) => {
        for (const listener of process.listeners(event)) {
          if (!before[i].has(listener)) process.removeListener(event, listener);
        }
      });
    }
  };
}

const ConversionClient = defineConversionClient({
  loadModule: createModuleLoader(withoutProcessListeners(createGdConv)),
  readPath,
});

/**
 * Writes bytes (e.g. a downloaded or converted file) to a local path, creating missing parent folders.
 * Node only.
 * @param {Uint8Array | ArrayBuffer} data
 * @param {string | URL} path
 * @returns {Promise<void>}
 */
async function saveFile(data, path) {
  const bytes = bytesOf(data);
  if (!(typeof path === 'string' && path !== '') && !(path instanceof URL)) {
    throw invalidArgument('saveFile(data, path): path must be a non-empty string or a file: URL');
  }
  const file = path instanceof URL ? fileURLToPath(path) : path;
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, bytes);
  } catch (err) {
    throw new ApiError('io_error', `could not write ${file}: ${err.message}`, { cause: err });
  }
}

export { ConversionClient, ApiError, saveFile };
