// SPDX-License-Identifier: MIT
// How a page gets gdconv.wasm (issue 13): the web entry fetches it as it is imported, before any client, and
// compiles it as it downloads, or from its bytes when it is not served as application/wasm; preload() loads
// it without a client; a page that names another source in the task of its import aborts the default fetch. dist/ from a static site, the API (the local server, fake converter) on another origin.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_LAUNCH } from './chromium.js';
import { ROOT } from './support.js';
import { listenLoopback, sendFile } from '../support/static-site.js';
import { DEV_CREDENTIALS, startLocalServer } from '../support/local-server.js';

const PAGE = '<!doctype html><meta charset="utf-8"><title>wasm load</title>';

/** How late the 404 of a gdconv.wasm hosted elsewhere comes: longer than an import takes to abort it. */
const NOT_FOUND_DELAY_MS = 1000;

describe('gdconv.wasm in a page', { timeout: 180_000 }, () => {
  /** @type {string[]} the paths the static site was asked for, in order */
  let requested = [];
  let wasmType = 'application/wasm';
  /** Whether /dist/gdconv.wasm is there (a page that hosts it elsewhere has a 404 there). */
  let defaultWasm = true;
  let site;
  let api;
  let browser;
  before(async () => {
    api = await startLocalServer({ converter: 'fake' });
    site = await listenLoopback(async (req, res) => {
      const path = new URL(req.url, 'http://x').pathname;
      requested.push(path);
      if (path === '/') return res.writeHead(200, { 'Content-Type': 'text/html' }).end(PAGE);
      if (path === '/favicon.ico') return res.writeHead(204).end();
      // /dist/ as built; /elsewhere/gdconv.wasm: the same file, for a page that hosts it apart.
      const headers = path.endsWith('.wasm') ? { 'content-type': wasmType } : {};
      // The 404 comes late, so that whether the page aborted the request, or took its answer, shows (below).
      if (path === '/dist/gdconv.wasm' && !defaultWasm) {
        await new Promise((resolve) => setTimeout(resolve, NOT_FOUND_DELAY_MS));
        return res.writeHead(404).end();
      }
      if (path === '/elsewhere/gdconv.wasm') return sendFile(res, join(ROOT, 'dist'), 'gdconv.wasm', headers);
      if (path.startsWith('/dist/')) return sendFile(res, join(ROOT, 'dist'), path.slice('/dist'.length), headers);
      res.writeHead(404).end();
    });
    browser = await chromium.launch(CHROMIUM_LAUNCH);
  });
  after(async () => {
    await browser?.close();
    await site?.close();
    await api?.close();
  });

  /** A fresh context (nothing cached) on the site's page, recording console errors. */
  async function freshPage() {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(msg.text());
    });
    page.on('pageerror', (err) => problems.push(err.message));
    await page.goto(`${site.url}/`);
    requested = [];
    return { page, problems, close: () => context.close() };
  }

  // Runs in the page: import, then a first client and its first request.
  async function firstRequest({ api: baseUrl, credentials, options = {} }) {
    const { ConversionClient } = await import('/dist/index.web.mjs');
    const client = await ConversionClient.create({ baseUrl, ...credentials, ...options });
    const { exists } = await client.objectExists('wasm-load/none');
    client.close();
    return exists;
  }

  test('the import alone fetches gdconv.wasm; preload() then loads it, and a client uses it', async () => {
    const { page, problems, close } = await freshPage();
    try {
      await page.evaluate(() => import('/dist/index.web.mjs').then(() => undefined));
      // No client yet, no preload: the request is the import's.
      await page.waitForFunction(() =>
        performance.getEntriesByType('resource').some((e) => e.name.endsWith('/dist/gdconv.wasm')),
      );
      const preloaded = await page.evaluate(async () => (await import('/dist/index.web.mjs')).preload());
      assert.equal(preloaded, undefined);
      assert.equal(await page.evaluate(firstRequest, { api: api.url, credentials: DEV_CREDENTIALS }), false);
      assert.deepEqual(
        requested.filter((p) => p.endsWith('.wasm')),
        ['/dist/gdconv.wasm'],
        'fetched once, by the import',
      );
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  test('served as application/octet-stream, it is compiled from its bytes', async () => {
    wasmType = 'application/octet-stream';
    const { page, problems, close } = await freshPage();
    try {
      assert.equal(await page.evaluate(firstRequest, { api: api.url, credentials: DEV_CREDENTIALS }), false);
      assert.deepEqual(problems, []);
    } finally {
      wasmType = 'application/wasm';
      await close();
    }
  });

  test('locateFile passed in the task of the import: that URL is used, the default fetch is aborted', async () => {
    defaultWasm = false; // hosted elsewhere only: the default URL is a 404
    const { page, problems, close } = await freshPage();
    try {
      const exists = await page.evaluate(
        ({ api: baseUrl, credentials }) =>
          import('/dist/index.web.mjs').then(async ({ ConversionClient, preload }) => {
            await preload({ locateFile: () => '/elsewhere/gdconv.wasm' });
            const client = await ConversionClient.create({ baseUrl, ...credentials });
            const answer = await client.objectExists('wasm-load/none');
            client.close();
            return answer.exists;
          }),
        { api: api.url, credentials: DEV_CREDENTIALS },
      );
      assert.equal(exists, false);
      assert.deepEqual(
        requested.filter((p) => p.endsWith('.wasm') && p !== '/dist/gdconv.wasm'),
        ['/elsewhere/gdconv.wasm'],
      );
      // The default fetch was aborted before its answer: once the (late) 404 would have come, no answer was
      // taken and none is in the console.
      const answered = await page.evaluate(async (lateMs) => {
        await new Promise((resolve) => setTimeout(resolve, lateMs));
        return performance
          .getEntriesByType('resource')
          .filter((e) => e.name.endsWith('/dist/gdconv.wasm') && e.responseStatus !== 0).length;
      }, NOT_FOUND_DELAY_MS + 500);
      assert.equal(answered, 0);
      assert.deepEqual(problems, []);
    } finally {
      defaultWasm = true;
      await close();
    }
  });
});
