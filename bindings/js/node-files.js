// SPDX-License-Identifier: MIT
// Files on disk, for the entries of runtimes that have node:fs (Node, Deno, Bun): a file path as an input,
// and saveFile. The browser and workerd entries use web-files.js instead.

import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiError, invalidArgument, messageOf } from './errors.js';
import { bytesOf } from './inputs.js';

/**
 * An input given as a path or file: URL, read whole.
 * @param {string | URL} path
 * @returns {Promise<{ bytes: Uint8Array, name: string }>}
 */
export async function readPath(path) {
  const file = path instanceof URL ? fileURLToPath(path) : path;
  try {
    return { bytes: await readFile(file), name: basename(file) };
  } catch (err) {
    throw new ApiError('io_error', `could not read ${file}: ${messageOf(err)}`, { cause: err });
  }
}

/**
 * Writes bytes (e.g. a downloaded or converted file) to a local path, creating missing parent folders.
 * Node, Deno and Bun.
 * @type {typeof import('../index.js').saveFile}
 */
export async function saveFile(data, path) {
  const bytes = bytesOf(data);
  if (!(typeof path === 'string' && path !== '') && !(path instanceof URL)) {
    throw invalidArgument('saveFile(data, path): path must be a non-empty string or a file: URL');
  }
  const file = path instanceof URL ? fileURLToPath(path) : path;
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, bytes);
  } catch (err) {
    throw new ApiError('io_error', `could not write ${file}: ${messageOf(err)}`, { cause: err });
  }
}
