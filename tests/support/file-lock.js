// SPDX-License-Identifier: MIT
// A lock between the processes of one `node --test` run (each test file is its own process): whoever
// creates the lock directory (mkdir is atomic) does the work; the others wait. A dead or ancient owner's
// lock is broken. Used to build shared things once: fixtures.js, packed.js.

import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

const mtime = async (path) => (await stat(path).catch(() => null))?.mtimeMs ?? 0;

/**
 * Runs `fn` holding the lock directory `lock` (its parent must exist).
 * @template T
 * @param {string} lock
 * @param {() => Promise<T>} fn
 * @returns {Promise<T>}
 */
export async function withLock(lock, fn) {
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      const owner = Number.parseInt(await readFile(join(lock, 'pid'), 'utf8').catch(() => ''), 10);
      const age = Date.now() - (await mtime(lock));
      if ((owner && !alive(owner)) || age > 10 * 60_000) await rm(lock, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    await writeFile(join(lock, 'pid'), String(process.pid));
    return await fn();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}
