// SPDX-License-Identifier: MIT
// Files where there is no file system (browsers, workers, Cloudflare Workers): no path inputs, and a saveFile
// that says what to do instead. node-files.js is the other side.

import { invalidArgument } from './errors.js';

/** Inputs are bytes or Blobs here: a path is refused by inputs.js, which names what to pass instead. */
export const readPath = undefined;

/**
 * Writes bytes to a local path in Node, Deno and Bun; here it rejects with `invalid_argument`. In a page,
 * offer the bytes as a download with `URL.createObjectURL(new Blob([bytes]))` instead.
 * @type {typeof import('../index.js').saveFile}
 */
export async function saveFile() {
  throw invalidArgument(
    'saveFile(data, path) writes to the file system and works only in Node, Deno and Bun; in a browser, offer ' +
      'the bytes with URL.createObjectURL(new Blob([bytes]))',
  );
}
