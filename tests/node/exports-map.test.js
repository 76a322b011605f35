// SPDX-License-Identifier: MIT
// package.json's exports map (issue 12): each runtime's set of conditions picks a working entry. Every set is
// resolved by Node's algorithm (tests/support/exports-resolver.js); the sets Node itself can express
// (`--conditions`, on top of its own node + import/require) are resolved by Node too, and must agree. Each entry
// picked exists in dist/ and loads what its runtime needs.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { resolveExports } from '../support/exports-resolver.js';
import { ROOT } from '../support/packed.js';
import { WRANGLER_CONDITIONS } from '../support/workerd.js';

const run = promisify(execFile);
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

/** Who resolves with which conditions, and what they must get. */
const CASES = [
  {
    who: 'Node, import',
    conditions: ['node', 'import'],
    file: './dist/index.node.mjs',
    node: { flags: [], how: 'import' },
  },
  {
    who: 'Node, require',
    conditions: ['node', 'require'],
    file: './dist/index.cjs',
    node: { flags: [], how: 'require' },
  },
  {
    who: 'Deno',
    conditions: ['deno', 'node', 'import'],
    file: './dist/index.deno.mjs',
    node: { flags: ['--conditions=deno'], how: 'import' },
  },
  {
    who: 'Bun, import',
    conditions: ['bun', 'node', 'import'],
    file: './dist/index.bun.mjs',
    node: { flags: ['--conditions=bun'], how: 'import' },
  },
  {
    who: 'Bun, require',
    conditions: ['bun', 'node', 'require'],
    file: './dist/index.bun.mjs',
    node: { flags: ['--conditions=bun'], how: 'require' },
  },
  {
    who: 'wrangler (Cloudflare Workers)',
    conditions: WRANGLER_CONDITIONS,
    file: './dist/index.workerd.mjs',
    node: { flags: ['--conditions=workerd'], how: 'import' },
  },
  {
    who: 'a web worker bundle (webpack webworker)',
    conditions: ['worker', 'browser', 'import'],
    file: './dist/index.web.mjs',
  },
  {
    who: 'a browser bundle (Vite, esbuild, webpack web)',
    conditions: ['browser', 'import', 'module'],
    file: './dist/index.web.mjs',
  },
  { who: 'a runtime no condition names', conditions: ['import'], file: './dist/index.web.mjs' },
  { who: 'TypeScript, bundler resolution', conditions: ['types', 'import'], file: './dist/index.d.ts' },
  {
    who: 'TypeScript, node16 resolution of require',
    conditions: ['types', 'node', 'require'],
    file: './dist/index.d.cts',
  },
];

describe('the exports map', () => {
  for (const { who, conditions, file } of CASES) {
    test(`${who} [${conditions.join(', ')}] gets ${file}`, () => {
      assert.equal(resolveExports(pkg.exports, '.', conditions), file);
      assert.ok(existsSync(join(ROOT, file)), `${file} is built`);
    });
  }

  for (const { who, file, node } of CASES.filter((c) => c.node)) {
    test(`Node's own resolver agrees for ${who} (${[...node.flags, node.how].join(' ')})`, async () => {
      const args =
        node.how === 'import'
          ? [
              ...node.flags,
              '--input-type=module',
              '-e',
              "import { fileURLToPath } from 'node:url'; console.log(fileURLToPath(import.meta.resolve('groupdocs-conversion-wasm')));",
            ]
          : [...node.flags, '-e', "console.log(require.resolve('groupdocs-conversion-wasm'));"];
      const { stdout } = await run(process.execPath, args, { cwd: ROOT });
      assert.equal(stdout.trim(), join(ROOT, file));
    });
  }

  test('the .wasm subpath', () => {
    assert.equal(resolveExports(pkg.exports, './gdconv.wasm', ['browser', 'import']), './dist/gdconv.wasm');
  });

  test('each runtime entry brings the module the way its runtime allows', () => {
    const read = (file) => readFileSync(join(ROOT, 'dist', file), 'utf8');
    // Deno: a source phase import (a WebAssembly.Module, no --allow-read); workerd: a module import (no bytes
    // compiled, no eval); Bun: read from beside itself; both Deno and workerd through the web glue.
    assert.match(read('index.deno.mjs'), /import source \w+ from ?["']\.\/gdconv\.wasm["']/);
    assert.match(read('index.workerd.mjs'), /import \w+ from ?["']\.\/gdconv\.wasm["']/);
    assert.match(read('index.bun.mjs'), /gdconv\.wasm/);
    // The three share the web glue, in a chunk beside them (build-dist.mjs).
    const glueChunk = readdirSync(join(ROOT, 'dist')).filter(
      (f) => /^chunk-\w+\.mjs$/.test(f) && /Aborted\(/.test(read(f)),
    );
    assert.equal(glueChunk.length, 1, 'one chunk holds the web glue');
    for (const entry of ['index.deno.mjs', 'index.bun.mjs', 'index.workerd.mjs']) {
      assert.match(read(entry), new RegExp(`from ?["']\\./${glueChunk[0].replace('.', '\\.')}["']`), entry);
    }
    // The browser's is one module, the web glue bundled in (build-dist.mjs), and so is Node's `import`.
    for (const entry of ['index.web.mjs', 'index.node.mjs']) assert.doesNotMatch(read(entry), /from ?["']\.\//, entry);
    assert.doesNotMatch(read('index.workerd.mjs'), /node:/);
  });

  test('the glue has no dynamic code (workerd and strict CSPs forbid it), nor the browser bundle holding it', () => {
    const chunks = readdirSync(join(ROOT, 'dist')).filter((f) => /^chunk-\w+\.mjs$/.test(f));
    for (const file of ['index.web.mjs', ...chunks]) {
      const glue = readFileSync(join(ROOT, 'dist', file), 'utf8');
      assert.doesNotMatch(glue, /\bnew Function\b|\beval\(/, file);
    }
  });
});
