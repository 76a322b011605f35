// SPDX-License-Identifier: MIT
// The packed package in bundlers (issue 12): Vite, webpack 5 and esbuild build docs/runtimes.md's page with
// the commands given there, as written (no config file); each output holds the .wasm; the built page, served
// from the output folder beside the README's token route, asks the local server for its formats and converts a
// docx in Chromium, loading the .wasm the bundler emitted. esbuild for Node bundles the Node example, which runs
// and converts, and fails with load_failed once the .wasm beside it is gone: the bundle uses the copy it emitted.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { fixturePath } from '../support/fixtures.js';
import { startLocalServer, readPdf } from '../support/client-env.js';
import { build, bundlerWorkspace, isWasm, serveSite } from '../support/bundlers.js';
import { assertExampleOutput, assertFourPagePdf, credentialsEnv, runCommand } from '../support/runtimes.js';
import { docBlock } from '../support/readme.js';
import { launchBrowser, linkedBytes } from '../browser/support.js';

describe('the packed package built by Vite, webpack 5 and esbuild', { timeout: 900_000 }, () => {
  let api;
  let workspace;
  let browser;

  before(async () => {
    api = await startLocalServer();
    workspace = await bundlerWorkspace({
      html: (await docBlock('browser-html')).code,
      page: (await docBlock('bundler-page')).code,
      script: (await docBlock('runtime-node-esm')).code,
      commands: {
        vite: (await docBlock('bundler-vite')).code,
        webpack: (await docBlock('bundler-webpack')).code,
        esbuild: (await docBlock('bundler-esbuild')).code,
        'esbuild-node': (await docBlock('bundler-esbuild-node')).code,
      },
    });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await workspace?.remove();
    await api?.close();
  });

  /** The emitted .wasm files of a build: exactly one, and WebAssembly. */
  function emittedWasm(built) {
    const wasm = built.files.filter((f) => f.path.endsWith('.wasm'));
    assert.equal(wasm.length, 1, `dist/ holds ${built.files.map((f) => f.path).join(', ')}`);
    assert.ok(isWasm(wasm[0].bytes), `${wasm[0].path} is not WebAssembly`);
    return wasm[0];
  }

  for (const name of ['vite', 'webpack', 'esbuild']) {
    test(`${name}: docs/runtimes.md's command builds the page, emits the .wasm, and the page converts in Chromium`, async (t) => {
      const built = await build(workspace, name);
      const wasm = emittedWasm(built);
      assert.ok(
        built.files.some((f) => f.path === 'index.html'),
        'dist/index.html',
      );

      const site = await serveSite(built.out, api.url);
      t.after(() => site.close());
      const page = await browser.context.newPage();
      t.after(() => page.close());
      const problems = [];
      page.on('pageerror', (err) => problems.push(err.message));
      page.on('console', (msg) => msg.type() === 'error' && problems.push(msg.text()));
      const wasmLoads = [];
      page.on(
        'response',
        (r) => r.url().endsWith('.wasm') && wasmLoads.push({ path: new URL(r.url()).pathname, status: r.status() }),
      );
      // Awaited, not read off wasmLoads: Playwright may report the response after the page has used it.
      const firstWasm = page.waitForResponse((r) => r.url().endsWith('.wasm'), { timeout: 60_000 });

      await page.goto(`${site.url}/?api=${encodeURIComponent(api.url)}`);
      // getSupportedConversionTypes answered: the picker offers what converts to PDF.
      const input = page.locator('input[type=file]');
      // eslint-disable-next-line no-undef -- the function runs in the page, which has a document
      await page.waitForFunction(() => document.querySelector('input').accept.split(',').includes('.docx'), null, {
        timeout: 60_000,
      });
      assert.ok((await input.getAttribute('accept')).split(',').length > 1);
      // The page loaded the .wasm the bundler emitted, from the output folder (and no other .wasm: below).
      const loaded = await firstWasm;
      assert.deepEqual(
        { path: new URL(loaded.url()).pathname, status: loaded.status() },
        { path: `/${wasm.path}`, status: 200 },
      );

      await input.setInputFiles(await fixturePath('four-pages.docx'));
      const link = page.locator('a:not([hidden])');
      await link.waitFor({ timeout: 120_000 });
      assert.equal(await link.getAttribute('download'), 'four-pages.pdf');
      await assertFourPagePdf(await linkedBytes(page));
      assert.deepEqual(problems, []);
      assert.deepEqual(wasmLoads, [{ path: `/${wasm.path}`, status: 200 }], 'the .wasm is loaded once');
    });
  }

  test("esbuild --platform=node: the bundle of docs/runtimes.md's Node example converts, with the .wasm it emitted", async () => {
    const built = await build(workspace, 'esbuild-node');
    const wasm = emittedWasm(built);
    assert.equal(wasm.path, 'gdconv.wasm');
    assert.deepEqual(
      built.files.map((f) => f.path),
      ['convert.mjs', 'gdconv.wasm'],
    );
    const cwd = workspace.appDir('esbuild-node');
    const env = credentialsEnv(api.url);
    const { stdout } = await runCommand(process.execPath, ['dist/convert.mjs'], { cwd, env });
    assertExampleOutput(stdout);
    assert.equal((await readPdf(await readFile(join(cwd, 'report.pdf')))).pages, 4);

    // Without the emitted .wasm the bundle cannot load: it used that copy, not the one in node_modules.
    await rename(join(built.out, 'gdconv.wasm'), join(cwd, 'moved.wasm'));
    const failed = await runCommand(process.execPath, ['dist/convert.mjs'], { cwd, env }).catch((err) => err);
    assert.ok(failed instanceof Error, 'the bundle ran without its .wasm');
    assert.match(failed.message, /load_failed/);
    assert.match(failed.message, /could not load gdconv\.wasm: ENOENT[^\n]*dist\/gdconv\.wasm/);
  });
});
