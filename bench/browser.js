// SPDX-License-Identifier: MIT
// Module load → first answered request in Chromium (Debian's, driven by playwright-core): dist/ served by a
// small static server on one origin, the API on another (CORS, as a real page would have it). Each
// measurement runs in a fresh browser context, so nothing comes from the HTTP or code cache. Three places: the
// page's main thread, a module Web Worker (timed inside it, from its import() on) and a module Service Worker
// (timed by the page, from register() to the answer of a request the Service Worker makes; its own start is in
// both columns). A Service Worker has no XMLHttpRequest: the package makes its requests with fetch() there.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_LAUNCH } from '../tests/browser/chromium.js';
import { moduleWorkerAnswer } from '../tests/browser/page-workers.js';
import { listenLoopback, sendFile } from '../tests/support/static-site.js';
import { BENCH_DIR, CREDENTIALS, ROOT, median, round, rotations } from './lib.js';
import { plainFetchFirstRequest } from './plain-fetch.mjs';

const PAGE = '<!doctype html><meta charset="utf-8"><title>bench</title><p>bench</p>';

// The module Web Worker: `measure` (below) run inside it.
const workerScript = () => `const measure = ${measure.toString()};
self.onmessage = async ({ data }) => self.postMessage(await measure(data));`;

// The module Service Workers: GET /first makes the client and its first request (wasm), or the same two
// requests with fetch(); api and credentials come in the script's query. A Service Worker may not import()
// and its start is timed: the fetch one carries plainFetchFirstRequest's source rather than import it, so it
// loads no module at all, as before that function was shared.
const serviceWorkerScript = (who) => `${
  who === 'wasm' ? "import { ConversionClient } from '/dist/index.web.mjs';" : plainFetchFirstRequest.toString()
}
const q = new URL(self.location.href).searchParams;
const api = q.get('api');
const credentials = { clientId: q.get('id'), clientSecret: q.get('secret') };
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('fetch', (event) => {
  if (new URL(event.request.url).pathname !== '/first') return;
  event.respondWith((async () => {
    ${
      who === 'wasm'
        ? `const client = await ConversionClient.create({ baseUrl: api, ...credentials });
    const { exists } = await client.objectExists('bench/none');
    client.close();`
        : `const { exists } = await (await plainFetchFirstRequest(api, credentials)).json();`
    }
    return Response.json({ exists });
  })());
});`;

const NO_CACHE = { 'Cache-Control': 'no-cache' };

/** The page, its workers' scripts, the modules they import (plain-fetch.mjs, page-workers.js) and dist/. */
async function startStatic() {
  const scripts = {
    '/bench-worker.js': workerScript(),
    '/bench-sw-wasm.js': serviceWorkerScript('wasm'),
    '/bench-sw-fetch.js': serviceWorkerScript('fetch'),
    '/plain-fetch.mjs': await readFile(join(BENCH_DIR, 'plain-fetch.mjs'), 'utf8'),
    '/page-workers.js': await readFile(join(ROOT, 'tests', 'browser', 'page-workers.js'), 'utf8'),
  };
  return listenLoopback(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/') return res.writeHead(200, { 'Content-Type': 'text/html' }).end(PAGE);
    if (Object.hasOwn(scripts, path)) {
      return res.writeHead(200, { 'Content-Type': 'text/javascript', ...NO_CACHE }).end(scripts[path]);
    }
    if (path.startsWith('/dist/')) return sendFile(res, join(ROOT, 'dist'), path.slice('/dist'.length), NO_CACHE);
    res.writeHead(404).end();
  });
}

// Runs in the page (and, as it is, in the module Web Worker). For this client it also returns how long each
// step of its load took: the import() of the module; gdconv.wasm from its request to its last byte (Resource
// Timing); from there to the client ready (what of the compile did not overlap the download, instantiating,
// Embind's start, the client); and the first call.
async function measure({ api, who, credentials }) {
  // Imported before the clock starts: the fetch column times its two requests only.
  const plain = who === 'fetch' ? await import('/plain-fetch.mjs') : null;
  const t0 = performance.now();
  if (who === 'wasm') {
    const { ConversionClient } = await import('/dist/index.web.mjs');
    const imported = performance.now();
    const client = await ConversionClient.create({ baseUrl: api, ...credentials });
    const loaded = performance.now();
    const { exists } = await client.objectExists('bench/none');
    const first = performance.now();
    client.close();
    const wasm = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/gdconv.wasm'));
    return {
      loadMs: loaded - t0,
      firstRequestMs: first - t0,
      ok: exists === false,
      steps: {
        importMs: imported - t0,
        wasmFetchMs: wasm ? wasm.responseEnd - wasm.startTime : null,
        wasmToReadyMs: wasm ? loaded - wasm.responseEnd : null,
        firstCallMs: first - loaded,
      },
    };
  }
  const { exists } = await (await plain.plainFetchFirstRequest(api, credentials)).json();
  return { loadMs: 0, firstRequestMs: performance.now() - t0, ok: exists === false };
}

// Runs in the page: from registering the Service Worker to the answer of its first request (page-workers.js is
// imported before the clock starts).
async function inServiceWorker({ api, who, credentials }) {
  const { controllingServiceWorker } = await import('/page-workers.js');
  const t0 = performance.now();
  const query = new URLSearchParams({ api, id: credentials.clientId, secret: credentials.clientSecret });
  await controllingServiceWorker(`/bench-sw-${who}.js?${query}`);
  const { exists } = await (await fetch('/first')).json();
  return { loadMs: 0, firstRequestMs: performance.now() - t0, ok: exists === false };
}

/** How each place is measured, from a page of the static site. */
const PLACES = {
  page: (page, params) => page.evaluate(measure, params),
  worker: (page, params) => page.evaluate(moduleWorkerAnswer, { script: '/bench-worker.js', message: params }),
  serviceWorker: (page, params) => page.evaluate(inServiceWorker, params),
};

/**
 * @param {{ apiUrl: string, reps: number, places?: Array<keyof typeof PLACES> }} options
 * @returns the page's medians and samples at the top level (as before the other places), each other place's
 *   under its name
 */
export async function measureBrowser({ apiUrl, reps, places = Object.keys(PLACES) }) {
  const site = await startStatic();
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  const results = {};
  try {
    for (const place of places) {
      const samples = { wasm: [], fetch: [] };
      // One throw-away run each: the browser process itself warms up (first context, first page).
      for (const order of [['wasm', 'fetch'], ...rotations(['wasm', 'fetch'], reps)]) {
        for (const who of order) {
          const context = await browser.newContext();
          try {
            const page = await context.newPage();
            await page.goto(`${site.url}/`);
            const r = await PLACES[place](page, { api: apiUrl, who, credentials: CREDENTIALS });
            if (!r.ok) throw new Error(`chromium ${place} ${who}: ${JSON.stringify(r)}`);
            samples[who].push(r);
          } finally {
            await context.close();
          }
        }
      }
      for (const who of Object.keys(samples)) samples[who].shift(); // drop the warm-up
      const med = (pick) =>
        Object.fromEntries(Object.entries(samples).map(([k, s]) => [k, round(median(s.map(pick)))]));
      const stepNames = Object.keys(samples.wasm[0]?.steps ?? {});
      results[place] = {
        reps,
        loadMs: med((r) => r.loadMs),
        firstRequestMs: med((r) => r.firstRequestMs),
        // This client's steps, the median of each (see measure).
        ...(stepNames.length > 0 && {
          steps: Object.fromEntries(
            stepNames.map((k) => [k, round(median(samples.wasm.map((r) => r.steps[k]).filter((v) => v !== null)))]),
          ),
        }),
        samples: Object.fromEntries(
          Object.entries(samples).map(([k, s]) => [
            k,
            s.map((r) => ({ loadMs: round(r.loadMs), firstRequestMs: round(r.firstRequestMs) })),
          ]),
        ),
      };
    }
  } finally {
    await browser.close();
    await site.close();
  }
  const { page, ...others } = results;
  return { ...(page ?? {}), ...others };
}
