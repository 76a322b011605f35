// SPDX-License-Identifier: MIT
// The packed package in Chromium (Debian's, through playwright-core): on a page's main thread, in a module
// Web Worker, and in a module Service Worker that converts what the page POSTs to it (docs/runtimes.md's
// example, as written). A Service Worker has no XMLHttpRequest: there the glue makes its requests with the
// fetch() adapter. Scripts import the package by name; the static server resolves the name through the
// package's exports map with the browser's conditions (worker scripts with `worker` first), as a bundler or
// dev server does (issue 12).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalServer } from '../support/client-env.js';
import { resolveExports } from '../support/exports-resolver.js';
import { PACKAGE_NAME } from '../support/packed.js';
import { assertFourPagePdf, consumerFolder, docBlock } from '../support/runtimes.js';
import { listenLoopback, sendFile, sendToken, TOKEN_ROUTE } from '../support/static-site.js';
import { controllingServiceWorker, moduleWorkerAnswer } from './page-workers.js';
import { launchBrowser } from './support.js';

const ASSETS = fileURLToPath(new URL('./assets/runtimes/', import.meta.url));
const PAGE = '<!doctype html><meta charset="utf-8"><title>runtimes</title><p>runtimes';

/**
 * Serves the consumer folder (its node_modules), the test's scripts and the Service Worker, a token route for
 * them, and resolves `from 'groupdocs-conversion-wasm'` in the scripts it serves.
 */
async function startSite({ dir, packageDir, apiUrl, serviceWorker }) {
  const pkg = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8'));
  const resolved = (conditions) =>
    `/node_modules/${PACKAGE_NAME}/${normalize(resolveExports(pkg.exports, '.', conditions))}`;
  const scripts = {
    '/sw.js': serviceWorker,
    '/page.js': await readFile(join(ASSETS, 'page.js'), 'utf8'),
    '/worker.js': await readFile(join(ASSETS, 'worker.js'), 'utf8'),
  };
  return listenLoopback(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
    if (path === '/favicon.ico') return res.writeHead(204).end();
    if (path === TOKEN_ROUTE) return sendToken(res, apiUrl);
    if (Object.hasOwn(scripts, path)) {
      const inWorker = ['worker', 'serviceworker'].includes(req.headers['sec-fetch-dest']);
      const target = resolved(inWorker ? ['worker', 'browser', 'import'] : ['browser', 'import']);
      const code = scripts[path].replaceAll(`from '${PACKAGE_NAME}'`, `from '${target}'`);
      return res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' }).end(code);
    }
    return sendFile(res, dir, path);
  });
}

describe('the packed package in Chromium: page, module worker, Service Worker', { timeout: 600_000 }, () => {
  let api;
  let consumer;
  let site;
  let browser;
  let page;
  const problems = [];

  before(async () => {
    api = await startLocalServer();
    consumer = await consumerFolder('browser');
    site = await startSite({
      dir: consumer.dir,
      packageDir: consumer.packageDir,
      apiUrl: api.url,
      serviceWorker: await docBlock('runtime-service-worker'),
    });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('console', (msg) => msg.type() === 'error' && problems.push(msg.text()));
    await page.goto(`${site.url}/`);
  });

  after(async () => {
    await browser?.close();
    await site?.close();
    await consumer?.remove();
    await api?.close();
  });

  const params = () => ({ api: api.url, documentUrl: '/report.docx' });

  test('the main thread', async () => {
    const result = await page.evaluate(async (p) => (await import('/page.js')).convertHere(p), params());
    assert.ok(result.formats > 0);
    assert.equal(result.name, 'report.pdf');
    await assertFourPagePdf(Uint8Array.from(result.bytes));
    assert.deepEqual(problems, []);
  });

  test('a module Web Worker', async () => {
    const result = await page.evaluate(moduleWorkerAnswer, { script: '/worker.js', message: params() });
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.equal(result.hasXhr, true);
    assert.ok(result.formats > 0);
    await assertFourPagePdf(Uint8Array.from(result.bytes));
    assert.deepEqual(problems, []);
  });

  test('a module Service Worker converts the file the page posts to it (docs/runtimes.md)', async () => {
    await page.evaluate(controllingServiceWorker, `/sw.js?api=${encodeURIComponent(api.url)}`);
    const result = await page.evaluate(async ({ documentUrl }) => {
      const formats = await (await fetch('/formats?format=docx')).json();
      const file = await (await fetch(documentUrl)).blob();
      const answer = await fetch('/convert-to-pdf?name=report.docx', { method: 'POST', body: file });
      const bytes = Array.from(new Uint8Array(await answer.arrayBuffer()));
      return { formats, status: answer.status, type: answer.headers.get('content-type'), bytes };
    }, params());
    // A Service Worker has no XMLHttpRequest: the glue there made its requests with its fetch() adapter.
    const [serviceWorker] = browser.context.serviceWorkers();
    assert.ok(serviceWorker, 'the Service Worker is running');
    assert.equal(await serviceWorker.evaluate(() => typeof XMLHttpRequest), 'undefined');
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).unregister());
    assert.equal(result.status, 200, Buffer.from(result.bytes).toString());
    assert.equal(result.type, 'application/pdf');
    assert.ok(result.formats[0].targetFormats.includes('pdf'), JSON.stringify(result.formats));
    await assertFourPagePdf(Uint8Array.from(result.bytes));
    assert.deepEqual(problems, []);
  });
});
