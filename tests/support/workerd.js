// SPDX-License-Identifier: MIT
// Cloudflare's workerd (npm's `workerd`) running one Worker module that imports the installed package by name,
// as tests/node/runtimes-workerd.test.js and the bench need it. Without wrangler to bundle, the config lists the
// modules itself: the package's `workerd` entry (found through its exports map, as wrangler finds it) under the
// package's name, every file it imports under the name its relative import resolves to, and gdconv.wasm as a
// compiled WebAssembly module (`wasm`), which is what wrangler makes of a .wasm import.

import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join, posix, relative } from 'node:path';
import { closedPort } from './client-env.js';
import { resolveExports } from './exports-resolver.js';
import { PACKAGE_NAME } from './packed.js';
import { RUNTIME } from './runtimes.js';

/** wrangler's conditions for a Worker (its esbuild config: workerd, worker, browser; then import). */
export const WRANGLER_CONDITIONS = ['workerd', 'worker', 'browser', 'import'];

/** The entry file and every module it imports (relative imports, transitively), as paths under `packageDir`. */
async function moduleGraph(packageDir) {
  const pkg = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8'));
  const entry = posix.normalize(resolveExports(pkg.exports, '.', WRANGLER_CONDITIONS));
  const files = [];
  const visit = async (file) => {
    if (files.includes(file)) return;
    files.push(file);
    if (file.endsWith('.wasm')) return;
    const text = await readFile(join(packageDir, file), 'utf8');
    for (const [, spec] of text.matchAll(/(?:^|[\n;])\s*(?:import|export)\b[^;'"]*?from\s*['"](\.[^'"]+)['"]/g)) {
      await visit(posix.join(posix.dirname(file), spec));
    }
  };
  await visit(entry);
  return { entry, files };
}

const quote = (text) => JSON.stringify(text);

/**
 * Writes `dir/workerd.capnp` for the Worker module `dir/worker.js` and starts workerd on a free loopback port.
 * `stop()` ends it.
 * @param {{ dir: string, packageDir?: string, bindings: Record<string, string>, ownModules?: string[],
 *   waitReady?: boolean }} options
 *   without `packageDir` the Worker gets no package (the bench's plain fetch() Worker); `ownModules`: more ES
 *   module files in `dir` that worker.js imports (`./name`); with `waitReady: false` it resolves as soon as
 *   workerd is started (the bench times the cold start itself)
 */
export async function startWorker({ dir, packageDir, bindings, ownModules = [], waitReady = true }) {
  const { entry, files } = packageDir ? await moduleGraph(packageDir) : { entry: null, files: [] };
  const entryDir = entry ? posix.dirname(entry) : null;
  const modules = files.map((file) => {
    const embed = relative(dir, join(packageDir, file));
    const name = file === entry ? PACKAGE_NAME : posix.relative(entryDir, file);
    if (name.startsWith('..'))
      throw new Error(`${file}: outside the entry's folder, it has no name a relative import resolves to`);
    return `(name = ${quote(name)}, ${file.endsWith('.wasm') ? 'wasm' : 'esModule'} = embed ${quote(embed)})`;
  });
  const port = await closedPort();
  const config = `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    # Subrequests may go to the loopback address of the local server (workerd allows only public ones by default).
    (name = "internet", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [
    ${['worker.js', ...ownModules]
      .map((file) => `(name = ${quote(file)}, esModule = embed ${quote(file)})`)
      .concat(modules)
      .join(',\n    ')},
  ],
  compatibilityDate = "2025-01-01",
  globalOutbound = "internet",
  bindings = [ ${Object.entries(bindings)
    .map(([name, text]) => `(name = ${quote(name)}, text = ${quote(text)})`)
    .join(', ')} ],
);
`;
  await writeFile(join(dir, 'workerd.capnp'), config);
  const child = spawn(RUNTIME.workerd, ['serve', 'workerd.capnp'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => {
    output += d;
  });
  child.stderr.on('data', (d) => {
    output += d;
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  // Ready when it answers (the Worker's own answer to a GET).
  if (waitReady) {
    for (let i = 0; ; i++) {
      if (child.exitCode !== null) throw new Error(`workerd exited: ${output}`);
      if (
        await fetch(url).then(
          () => true,
          () => false,
        )
      )
        break;
      if (i > 300) {
        await stop();
        throw new Error(`workerd did not start listening: ${output}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { url, stop, output: () => output, modules: files, entry };
}
