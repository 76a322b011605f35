// SPDX-License-Identifier: MIT
// Shared by tests/node/bundlers.test.js and bench/bundlers.js: the packed package built into an app by Vite,
// webpack 5 and esbuild (browser and Node), each with the command docs/runtimes.md ("Bundlers") gives, run as
// written; what each build wrote; and a static server for a built site beside its token route (issue 12).
// The callers look the docs' blocks up (DocSources).
//
// One consumer folder holds the package and the bundlers (the versions the root's devDependencies pin, so
// npm's cache has them); each bundler builds in a folder of its own inside it, from the same page and script.

import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fixturePath } from './fixtures.js';
import { installPacked, ROOT } from './packed.js';
import { runCommand } from './runtimes.js';
import { listenLoopback, sendFile, sendToken, TOKEN_ROUTE } from './static-site.js';

/** Each build, and whether its output is a page (else a Node script). */
export const BUILDS = {
  vite: { page: true },
  webpack: { page: true },
  esbuild: { page: true },
  'esbuild-node': { page: false },
};

const BUNDLER_PACKAGES = ['vite', 'webpack', 'webpack-cli', 'esbuild'];

/** `name@version` of each bundler, as the root's devDependencies pin it. */
async function bundlerSpecs() {
  const { devDependencies } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
  return BUNDLER_PACKAGES.map((name) => {
    if (!devDependencies[name]) throw new Error(`package.json has no devDependency ${name}`);
    return `${name}@${devDependencies[name]}`;
  });
}

/**
 * What the builds are made of, from the docs (the caller looks each block up: tests/support/readme.js's KINDS
 * names the test that runs it).
 * @typedef {object} DocSources
 * @property {string} html the page (README.md's `browser-html`)
 * @property {string} page its main.js (docs/runtimes.md's `bundler-page`)
 * @property {string} script the Node script esbuild bundles for Node (docs/runtimes.md's `runtime-node-esm`)
 * @property {Record<keyof typeof BUILDS, string>} commands each build's shell block
 */

/**
 * A fresh folder with the packed package and the bundlers installed, and one app folder per build holding
 * what its command expects: `index.html` and `main.js` for pages, `convert.mjs` and `report.docx` for Node.
 * `remove()` deletes it all.
 * @param {DocSources} sources
 */
export async function bundlerWorkspace(sources) {
  const dir = await mkdtemp(join(tmpdir(), 'gdconv-bundlers-'));
  try {
    await installPacked(dir, { extra: await bundlerSpecs() });
    const { html, page, script } = sources;
    for (const [name, { page: isPage }] of Object.entries(BUILDS)) {
      const app = join(dir, name);
      await mkdir(app);
      if (isPage) {
        await writeFile(join(app, 'index.html'), html);
        await writeFile(join(app, 'main.js'), page);
      } else {
        await writeFile(join(app, 'convert.mjs'), script);
        await copyFile(await fixturePath('four-pages.docx'), join(app, 'report.docx'));
      }
    }
    return {
      dir,
      commands: sources.commands,
      appDir: (name) => join(dir, name),
      remove: () => rm(dir, { recursive: true, force: true }),
    };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

/**
 * Runs a build's command block in its app folder, line by line as a shell would, and lists what it wrote.
 * @param {Awaited<ReturnType<typeof bundlerWorkspace>>} workspace
 * @param {keyof typeof BUILDS} name
 * @returns {Promise<{ ms: number, out: string, files: { path: string, bytes: Buffer }[] }>} `files`: every file
 *   under dist/, by path relative to it
 */
export async function build(workspace, name) {
  const cwd = workspace.appDir(name);
  const out = join(cwd, 'dist');
  await rm(out, { recursive: true, force: true });
  const commands = workspace.commands[name].trim().split('\n');
  const started = performance.now();
  for (const command of commands) await runCommand('bash', ['-c', command], { cwd, timeout: 300_000 });
  const ms = performance.now() - started;
  return { ms, out, files: await filesUnder(out) };
}

async function filesUnder(dir, root = dir) {
  const found = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await filesUnder(path, root)));
    else found.push({ path: relative(root, path), bytes: await readFile(path) });
  }
  return found.sort((a, b) => a.path.localeCompare(b.path));
}

/** Whether bytes start with WebAssembly's magic number. */
export const isWasm = (bytes) => bytes.subarray(0, 4).equals(Buffer.from([0, 0x61, 0x73, 0x6d]));

/**
 * Serves a built site as a static host would, with the README's token route beside it (static-site.js).
 * @param {string} dir the site
 * @param {string} apiUrl the API that mints tokens
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export function serveSite(dir, apiUrl) {
  return listenLoopback(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path === TOKEN_ROUTE) return sendToken(res, apiUrl);
    if (path === '/favicon.ico') return res.writeHead(204).end();
    return sendFile(res, dir, path === '/' ? 'index.html' : path);
  });
}
