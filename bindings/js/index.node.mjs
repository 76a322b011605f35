// SPDX-License-Identifier: MIT
// Node entry (`import` condition; dist/index.cjs is the `require` build of this file, made by build-dist.mjs).
// It loads the CommonJS glue, whose pre-js supplies XMLHttpRequest over node:http (src/transport/js/), and
// adds what only Node can do: read an input from a file path and save bytes to one.

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

// The glue is linked with -sNODEJS_CATCH_EXIT=0 -sNODEJS_CATCH_REJECTION=0 (CMakeLists.txt), so loading it
// adds no process-wide 'uncaughtException'/'unhandledRejection' listener: the host keeps its own error
// handling (tests/node/client-package.test.js).
const ConversionClient = defineConversionClient({
  loadModule: createModuleLoader(createGdConv),
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
