// SPDX-License-Identifier: MIT
// The packages as users get them: `npm pack` of this checkout's two packages, the client (the root:
// groupdocs-conversion-wasm) and the local server (the `server` workspace: groupdocs-conversion-local-server),
// each made once per content of what it packs and shared by every test that installs it (package.test.js,
// runtimes-*.test.js, tests/browser/runtimes.test.js): the tarballs are cached in .cache/packed/, keyed by a
// hash of those files, and test files running in parallel wait for the one that packs.

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
export const SERVER_PACKAGE_NAME = 'groupdocs-conversion-local-server';
const CACHE = join(ROOT, '.cache', 'packed');

/**
 * Each package: the folder `npm pack` runs in, and everything it may take from the checkout (package.json
 * "files", plus what npm always adds).
 */
const PACKAGES = {
  client: { dir: ROOT, inputs: ['package.json', 'README.md', 'dist', 'bin'] },
  server: { dir: join(ROOT, 'server'), inputs: ['server'] },
};

/** @param {string[]} inputs */
async function hashInputs(inputs) {
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
  for (const input of inputs) await visit(input);
  return hash.digest('hex').slice(0, 16);
}

/** @type {Record<string, Promise<any> | undefined>} */
const packing = {};

/**
 * A packed package: npm pack's JSON report of it, and where its tarball is.
 * @param {'client' | 'server'} [which]
 * @returns {Promise<{ tarball: string, pack: { name: string, filename: string, size: number, files: { path: string }[] } }>}
 */
export function packedPackage(which = 'client') {
  const { dir: source, inputs } = PACKAGES[which];
  packing[which] ??= (async () => {
    const dir = join(CACHE, `${which}-${await hashInputs(inputs)}`);
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
      // This package's older tarballs go, and any folder that names no package (an older cache's layout).
      for (const old of await readdir(CACHE)) {
        const stale = old.startsWith(`${which}-`) || !/^(\.|client-|server-)/.test(old);
        if (stale) await rm(join(CACHE, old), { recursive: true, force: true });
      }
      await mkdir(dir, { recursive: true });
      const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', dir, '--loglevel=error'], {
        cwd: source,
        timeout: 180_000,
        maxBuffer: 16 << 20,
      });
      const [pack] = JSON.parse(stdout);
      await writeFile(report, JSON.stringify(pack));
      return read();
    });
  })().catch((err) => {
    packing[which] = undefined;
    throw err;
  });
  return packing[which];
}

/**
 * A fresh project folder with the packed client installed from its tarball (its dependencies from npm's
 * cache or the registry, as a user's install), plus, with `server`, the packed local server, and any `extra`
 * packages.
 * @param {string} dir an empty folder
 * @param {{ type?: 'module' | 'commonjs', server?: boolean, extra?: string[] }} [options]
 */
export async function installPacked(dir, { type = 'module', server = false, extra = [] } = {}) {
  const { tarball, pack } = await packedPackage('client');
  const tarballs = [tarball];
  if (server) tarballs.push((await packedPackage('server')).tarball);
  await writeFile(join(dir, 'package.json'), `${JSON.stringify({ name: 'consumer', private: true, type })}\n`);
  await run(
    'npm',
    ['install', ...tarballs, ...extra, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'],
    {
      cwd: dir,
      timeout: 300_000,
      maxBuffer: 16 << 20,
    },
  );
  return { tarball, pack, packageDir: resolve(dir, 'node_modules', PACKAGE_NAME) };
}
