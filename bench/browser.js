// SPDX-License-Identifier: MIT
// Module load → first answered request in Chromium (Debian's, driven by playwright-core): dist/ served by a
// small static server on one origin, the API on another (CORS, as a real page would have it). Each
// measurement runs in a fresh browser context, so nothing comes from the HTTP or code cache.

import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import { chromium } from 'playwright-core';
import { CREDENTIALS, ROOT, median, round, rotations } from './lib.js';

const TYPES = { '.mjs': 'text/javascript', '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };
const PAGE = '<!doctype html><meta charset="utf-8"><title>bench</title><p>bench</p>';

function startStatic() {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html' }).end(PAGE);
      return;
    }
    const rel = normalize(path).replace(/^\/+/, '');
    if (!rel.startsWith('dist/') || rel.includes('..')) return res.writeHead(404).end();
    try {
      const body = await readFile(join(ROOT, rel));
      res.writeHead(200, { 'Content-Type': TYPES[rel.slice(rel.lastIndexOf('.'))] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((done) => { server.closeAllConnections(); server.close(() => done()); }),
  })));
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
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: credentials.clientId, client_secret: credentials.clientSecret }),
  });
  const { access_token: token } = await tokenAnswer.json();
  const answer = await fetch(`${api}/v2.0/conversion/storage/exist/bench/none`, { headers: { Authorization: `Bearer ${token}` } });
  const { exists } = await answer.json();
  return { loadMs: 0, firstRequestMs: performance.now() - t0, ok: exists === false };
}

export async function measureBrowser({ apiUrl, reps }) {
  const site = await startStatic();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const samples = { wasm: [], fetch: [] };
  try {
    // One throw-away run each: the browser process itself warms up (first context, first page).
    for (const order of [['wasm', 'fetch'], ...rotations(['wasm', 'fetch'], reps)]) {
      for (const who of order) {
        const context = await browser.newContext();
        try {
          const page = await context.newPage();
          await page.goto(`${site.url}/`);
          const r = await page.evaluate(measure, { api: apiUrl, who, credentials: CREDENTIALS });
          if (!r.ok) throw new Error(`chromium ${who}: ${JSON.stringify(r)}`);
          samples[who].push(r);
        } finally {
          await context.close();
        }
      }
    }
  } finally {
    await browser.close();
    await site.close();
  }
  for (const who of Object.keys(samples)) samples[who].shift(); // drop the warm-up
  const med = (pick) => Object.fromEntries(Object.entries(samples).map(([k, s]) => [k, round(median(s.map(pick)))]));
  return {
    reps,
    loadMs: med((r) => r.loadMs),
    firstRequestMs: med((r) => r.firstRequestMs),
    samples: Object.fromEntries(Object.entries(samples).map(([k, s]) => [k, s.map((r) => ({ loadMs: round(r.loadMs), firstRequestMs: round(r.firstRequestMs) }))])),
  };
}
