// SPDX-License-Identifier: MIT
// Browser and worker entry (`browser` and `default` conditions). No Node built-in is reachable from here:
// the ES-module glue finds gdconv.wasm through new URL('gdconv.wasm', import.meta.url), which bundlers
// recognise and emit as an asset.

import createGdConv from './gdconv.mjs';
import { ApiError, invalidArgument } from './errors.js';
import { createModuleLoader } from './loader.js';
import { defineConversionClient } from './client.js';

const ConversionClient = defineConversionClient({ loadModule: createModuleLoader(createGdConv), readPath: undefined });

/**
 * Node only: writes bytes to a local path. In a browser it rejects with `invalid_argument`;
 * offer the bytes as a download with `URL.createObjectURL(new Blob([bytes]))` instead.
 * @returns {Promise<never>}
 */
async function saveFile() {
  throw invalidArgument(
    'saveFile(data, path) writes to the file system and works only in Node; in a browser, offer the bytes ' +
    'with URL.createObjectURL(new Blob([bytes]))');
}

export { ConversionClient, ApiError, saveFile };
