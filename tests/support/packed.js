// SPDX-License-Identifier: MIT
// The package as users get it: `npm pack` of this checkout, made once per content of what it packs and shared
// by every test that installs it (package.test.js, runtimes-*.test.js, tests/browser/runtimes.test.js): the
// tarball is cached in .cache/packed/, keyed by a hash of those files, and test files running in parallel
// wait for the one that packs.

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { withLock } from './file-lock.js';

const run = promisify(execFile);
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const PACKAGE_NAME = 'groupdocs-conversion-wasm';
const CACHE = join(ROOT, '.cache', 'packed');

/** Everything `npm pack` may take from the checkout (package.json "files", plus what npm always adds). */
const INPUTS = ['package.json', 'README.md', 'dist', 'bin', 'server'];

async function hashInputs() {
  const hash = createHash('sha256');
  const visit = async (rel) => {
    const path = join(ROOT, rel);
    const info = await stat(path).catch(() => null);
    if (!info) return;
    if (info.isDirectory()) {
      for (const name of (await readdir(path)).sort()) if (name !== 'node_modules') await visit(join(rel, name));
    } else {
      hash
        .update(`${rel}\0`)
        .update(await readFile(path))
        .update('\0');
    }
  };
  for (const input of INPUTS) await visit(input);
  return hash.digest('hex').slice(0, 16);
}

let packing = null;

/**
 * The packed package: npm pack's JSON report of it, and where its tarball is.
 * @returns {Promise<{ tarball: string, pack: { filename: string, size: number, files: { path: string }[] } }>}
 */
export function packedPackage() {
  packing ??= (async () => {
    const dir = join(CACHE, await hashInputs());
    const report = join(dir, 'pack.json');
    const read = async () => {
      const pack = JSON.parse(await readFile(report, 'utf8'));
      return { tarball: join(dir, pack.filename), pack };
    };
    const cached = await read().catch(() => null);
    if (cached) return cached;
    await mkdir(CACHE, { recursive: true });
    return withLock(join(CACHE, '.lock'), async () => {
      const done = await read().catch(() => null); // another test file packed it meanwhile
      if (done) return done;
      for (const old of await readdir(CACHE))
        if (!old.startsWith('.')) await rm(join(CACHE, old), { recursive: true, force: true });
      await mkdir(dir, { recursive: true });
      const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', dir, '--loglevel=error'], {
        cwd: ROOT,
        timeout: 180_000,
        maxBuffer: 16 << 20,
      });
      const [pack] = JSON.parse(stdout);
      await writeFile(report, JSON.stringify(pack));
      return read();
    });
  })().catch((err) => {
    packing = null;
    throw err;
  });
  return packing;
}

/**
 * A fresh project folder with the packed package installed from its tarball (its dependencies from npm's
 * cache or the registry, as a user's install), plus any `extra` packages.
 * @param {string} dir an empty folder
 * @param {{ type?: 'module' | 'commonjs', extra?: string[] }} [options]
 */
export async function installPacked(dir, { type = 'module', extra = [] } = {}) {
  const { tarball, pack } = await packedPackage();
  await writeFile(join(dir, 'package.json'), `${JSON.stringify({ name: 'consumer', private: true, type })}\n`);
  await run('npm', ['install', tarball, ...extra, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
    cwd: dir,
    timeout: 300_000,
    maxBuffer: 16 << 20,
  });
  return { tarball, pack, packageDir: resolve(dir, 'node_modules', PACKAGE_NAME) };
}
