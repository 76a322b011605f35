// SPDX-License-Identifier: MIT
// Module load → first answered request in Chromium (Debian's, driven by playwright-core): dist/ served by a
// small static server on one origin, the API on another (CORS, as a real page would have it). Each
// measurement runs in a fresh browser context, so nothing comes from the HTTP or code cache. Three places: the
// page's main thread, a module Web Worker (timed inside it, from its import() on) and a module Service Worker
// (timed by the page, from register() to the answer of a request the Service Worker makes; its own start is in
// both columns). A Service Worker has no XMLHttpRequest: the package makes its requests with fetch() there.

import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import { chromium } from 'playwright-core';
import { CREDENTIALS, ROOT, median, round, rotations } from './lib.js';

const TYPES = {
  '.mjs': 'text/javascript',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.html': 'text/html',
};
const PAGE = '<!doctype html><meta charset="utf-8"><title>bench</title><p>bench</p>';

// The module Web Worker: `measure` (below) run inside it.
const workerScript = () => `const measure = ${measure.toString()};
self.onmessage = async ({ data }) => self.postMessage(await measure(data));`;

// The module Service Workers: GET /first makes the client and its first request (wasm), or the same two
// requests with fetch(); api and credentials come in the script's query.
const serviceWorkerScript = (who) => `${who === 'wasm' ? "import { ConversionClient } from '/dist/index.web.mjs';" : ''}
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
        : `const tokenAnswer = await fetch(api + '/connect/token', { method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: credentials.clientId, client_secret: credentials.clientSecret }) });
    const { access_token: token } = await tokenAnswer.json();
    const { exists } = await (await fetch(api + '/v2.0/conversion/storage/exist/bench/none', { headers: { Authorization: 'Bearer ' + token } })).json();`
    }
    return Response.json({ exists });
  })());
});`;

function startStatic() {
  const scripts = {
    '/bench-worker.js': workerScript(),
    '/bench-sw-wasm.js': serviceWorkerScript('wasm'),
    '/bench-sw-fetch.js': serviceWorkerScript('fetch'),
  };
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html' }).end(PAGE);
      return;
    }
    if (Object.hasOwn(scripts, path)) {
      res.writeHead(200, { 'Content-Type': 'text/javascript', 'Cache-Control': 'no-cache' }).end(scripts[path]);
      return;
    }
    const rel = normalize(path).replace(/^\/+/, '');
    if (!rel.startsWith('dist/') || rel.includes('..')) return res.writeHead(404).end();
    try {
      const body = await readFile(join(ROOT, rel));
      res
        .writeHead(200, {
          'Content-Type': TYPES[rel.slice(rel.lastIndexOf('.'))] ?? 'application/octet-stream',
          'Cache-Control': 'no-cache',
        })
        .end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      }),
    ),
  );
}

// Runs in the page.
async function measure({ api, who, credentials }) {
  const t0 = performance.now();
  if (who === 'wasm') {
    const { ConversionClient } = await import('/dist/index.web.mjs');
    const client = await ConversionClient.create({ baseUrl: api, ...credentials });
    const loaded = performance.now();
    const { exists } = await client.objectExists('bench/none');
    const first = performance.now();
    client.close();
    return { loadMs: loaded - t0, firstRequestMs: first - t0, ok: exists === false };
  }
  const tokenAnswer = await fetch(`${api}/connect/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
    }),
  });
  const { access_token: token } = await tokenAnswer.json();
  const answer = await fetch(`${api}/v2.0/conversion/storage/exist/bench/none`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  const { exists } = await answer.json();
  return { loadMs: 0, firstRequestMs: performance.now() - t0, ok: exists === false };
}

// Runs in the page: the measurement inside a module Web Worker.
function inWorker(params) {
  return new Promise((resolve, reject) => {
    // eslint-disable-next-line no-undef -- page.evaluate() runs this in the page, which has Worker
    const worker = new Worker('/bench-worker.js', { type: 'module' });
    worker.onmessage = ({ data }) => {
      worker.terminate();
      resolve(data);
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(e.message));
    };
    worker.postMessage(params);
  });
}

// Runs in the page: from registering the Service Worker to the answer of its first request.
async function inServiceWorker({ api, who, credentials }) {
  const t0 = performance.now();
  const query = new URLSearchParams({ api, id: credentials.clientId, secret: credentials.clientSecret });
  await navigator.serviceWorker.register(`/bench-sw-${who}.js?${query}`, { type: 'module' });
  await navigator.serviceWorker.ready;
  if (!navigator.serviceWorker.controller) {
    await new Promise((resolve) =>
      navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }),
    );
  }
  const { exists } = await (await fetch('/first')).json();
  return { loadMs: 0, firstRequestMs: performance.now() - t0, ok: exists === false };
}

const PLACES = { page: measure, worker: inWorker, serviceWorker: inServiceWorker };

/**
 * @param {{ apiUrl: string, reps: number, places?: Array<keyof typeof PLACES> }} options
 * @returns the page's medians and samples at the top level (as before the other places), each other place's
 *   under its name
 */
export async function measureBrowser({ apiUrl, reps, places = Object.keys(PLACES) }) {
  const site = await startStatic();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
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
            const r = await page.evaluate(PLACES[place], { api: apiUrl, who, credentials: CREDENTIALS });
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
      results[place] = {
        reps,
        loadMs: med((r) => r.loadMs),
        firstRequestMs: med((r) => r.firstRequestMs),
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
