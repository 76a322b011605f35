// SPDX-License-Identifier: MIT
// What users download: the .wasm and the JS each entry point loads (raw and gzip -9), and the installed
// footprint of `npm install` of the packed package against the official SDK's.

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { ROOT } from './lib.js';

const run = promisify(execFile);
const DIST = join(ROOT, 'dist');

const gz = (buf) => gzipSync(buf, { level: 9 }).length;

/** The dist files an entry loads: its static imports of './…', transitively (the .wasm is counted apart). */
async function graph(entry) {
  const seen = new Set();
  const visit = async (name) => {
    if (seen.has(name)) return;
    seen.add(name);
    const text = await readFile(join(DIST, name), 'utf8');
    const deps = [
      // Minified code too: `import{a as b}from"./x.js"`, several statements on one line.
      ...text.matchAll(/(?:^|[\n;])\s*(?:import|export)\b[^;'"]*?from\s*['"]\.\/([^'"]+)['"]/g),
      ...text.matchAll(/\brequire\(\s*['"]\.\/([^'"]+)['"]\s*\)/g),
    ];
    for (const m of deps) await visit(m[1]);
  };
  await visit(entry);
  return [...seen];
}

async function jsSet(entry) {
  const files = await graph(entry);
  let raw = 0;
  let gzip = 0;
  const all = [];
  for (const f of files) {
    const buf = await readFile(join(DIST, f));
    raw += buf.length;
    gzip += gz(buf);
    all.push(buf);
  }
  return { files, raw, gzip, gzipConcatenated: gz(Buffer.concat(all)) };
}

const du = async (path) => Number((await run('du', ['-sb', path])).stdout.split('\t')[0]);

async function npmInstall(dir, spec) {
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'footprint', version: '1.0.0', private: true }));
  await run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--no-package-lock',
      '--ignore-scripts',
      '--prefer-offline',
      '--loglevel=error',
      spec,
    ],
    { cwd: dir, timeout: 240_000, maxBuffer: 16 * 1024 * 1024 },
  );
  return du(join(dir, 'node_modules'));
}

async function footprint(log) {
  const tmp = await mkdtemp(join(tmpdir(), 'gdconv-footprint-'));
  try {
    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', tmp, '--loglevel=error'], {
      cwd: ROOT,
      maxBuffer: 16 * 1024 * 1024,
    });
    const [packed] = JSON.parse(stdout);
    const tarball = join(tmp, packed.filename);
    await run('mkdir', [join(tmp, 'wasm'), join(tmp, 'sdk')]);
    log?.(`footprint: installing ${packed.filename} and groupdocs-conversion-cloud@24.4.0 into empty folders`);
    const total = await npmInstall(join(tmp, 'wasm'), tarball);
    const pkgDir = join(tmp, 'wasm', 'node_modules', 'groupdocs-conversion-wasm');
    const pkg = await du(pkgDir);
    const client = await du(join(pkgDir, 'dist'));
    const deps = (await readdir(join(tmp, 'wasm', 'node_modules'))).filter(
      (d) => !d.startsWith('.') && d !== 'groupdocs-conversion-wasm',
    );
    const sdkTotal = await npmInstall(join(tmp, 'sdk'), 'groupdocs-conversion-cloud@24.4.0');
    const sdkDeps = (await readdir(join(tmp, 'sdk', 'node_modules'))).filter((d) => !d.startsWith('.'));
    return {
      wasm: {
        total,
        package: pkg,
        client,
        dependencies: total - pkg,
        dependencyNames: deps,
        tarball: packed.size,
        unpacked: packed.unpackedSize,
        note: `package ${pkg} B (client dist/ ${client} B), its ${deps.length} dependencies ${total - pkg} B`,
      },
      sdk: { total: sdkTotal, packages: sdkDeps.length },
    };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

export async function measureSizes({ footprint: withFootprint = true, log } = {}) {
  const wasmBytes = await readFile(join(DIST, 'gdconv.wasm'));
  return {
    wasm: { raw: wasmBytes.length, gzip: gz(wasmBytes) },
    js: { web: await jsSet('index.web.mjs'), node: await jsSet('index.node.mjs'), cjs: await jsSet('index.cjs') },
    footprint: withFootprint ? await footprint(log) : null,
  };
}
