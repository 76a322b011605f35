// SPDX-License-Identifier: MIT
// A folder of the calling suite's own under the OS temp dir: made before its tests, removed after them.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';

/**
 * @param {string} prefix the folder's name starts with it (`gdconv-…`), so a leftover says whose it is
 * @returns {{ path: string }} `path` is set by the time the suite's tests run
 */
export function useTempDir(prefix) {
  const dir = { path: '' };
  before(async () => {
    dir.path = await mkdtemp(join(tmpdir(), prefix));
  });
  after(async () => {
    if (dir.path) await rm(dir.path, { recursive: true, force: true });
  });
  return dir;
}
