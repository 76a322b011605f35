// SPDX-License-Identifier: MIT
// Big files in Chromium (issue 13): a File made in the page from one 1 MiB random Blob repeated (the parts are
// references to the same Blob, so making it costs no memory), uploaded with uploadFile and downloaded with
// downloadFile(path, { as: 'blob' }), while the wasm heap is watched through the test hook
// ConversionClient[Symbol.for('groupdocs-conversion-wasm.heapStats')]. The page is served from one origin
// (dist/ and a blank page) and the API is another, as in bench/browser.js.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_LAUNCH } from '../tests/browser/chromium.js';
import { listenLoopback, sendFile } from '../tests/support/static-site.js';
import { CREDENTIALS, ROOT } from './lib.js';

const PAGE = '<!doctype html><meta charset="utf-8"><title>bench: big files</title><p>bench</p>';

// Runs in the page: one upload and one download of a File of `size` bytes (a whole number of MiB).
async function roundTrip({ api, credentials, size, path, timeoutMs }) {
  const MiB = 1024 * 1024;
  const { ConversionClient } = await import('/dist/index.web.mjs');
  const heapStats = ConversionClient[Symbol.for('groupdocs-conversion-wasm.heapStats')];
  const client = await ConversionClient.create({ baseUrl: api, ...credentials, timeoutMs });
  try {
    await client.objectExists('bench/none'); // module, token and connection ready
    const chunk = new Uint8Array(MiB);
    for (let at = 0; at < MiB; at += 65536) crypto.getRandomValues(chunk.subarray(at, at + 65536));
    const part = new Blob([chunk]);
    const file = new File(Array(size / MiB).fill(part), 'big.bin');
    const sameAsChunk = async (blob) => {
      const got = new Uint8Array(await blob.arrayBuffer());
      return got.length === MiB && got.every((x, i) => x === chunk[i]);
    };
    const before = await heapStats();
    const t0 = performance.now();
    await client.uploadFile(path, file);
    const t1 = performance.now();
    const blob = await client.downloadFile(path, { as: 'blob' });
    const t2 = performance.now();
    const after = await heapStats();
    // The size, and the first and the last MiB, byte for byte (the stored file is the chunk repeated).
    const intact =
      blob instanceof Blob &&
      blob.size === size &&
      (await sameAsChunk(blob.slice(0, MiB))) &&
      (await sameAsChunk(blob.slice(size - MiB)));
    await client.deleteFile(path);
    return {
      ok: intact,
      uploadMs: t1 - t0,
      downloadMs: t2 - t1,
      heapGrowthBytes: after.memoryBytes - before.memoryBytes,
      heapUsedGrowthBytes: after.usedBytes - before.usedBytes,
      heapBytes: after.memoryBytes,
    };
  } catch (err) {
    return { ok: false, error: String(err?.message ?? err) };
  } finally {
    client.close();
  }
}

/**
 * One round trip per size, each in a fresh page of one browser. The browser keeps its profile in a temporary
 * folder, as a user's browser does, rather than in an off-the-record context (browser.newContext()): there the
 * 2.5 GiB round trip fails with "The requested file could not be read…" (measured), as Chromium keeps an
 * off-the-record context's Blobs in memory, within its limit, and pages them to the profile's folder otherwise.
 * @param {{ apiUrl: string, sizes: number[], log?: (line: string) => void }} options
 * @returns {Promise<Array<{ size: number, ok: boolean, error?: string, uploadMs?: number, downloadMs?: number,
 *   heapGrowthBytes?: number, heapUsedGrowthBytes?: number, heapBytes?: number }>>}
 */
export async function measureBrowserBigFiles({ apiUrl, sizes, log = () => {} }) {
  const site = await listenLoopback(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/') return res.writeHead(200, { 'Content-Type': 'text/html' }).end(PAGE);
    if (path.startsWith('/dist/')) return sendFile(res, join(ROOT, 'dist'), path.slice('/dist'.length));
    res.writeHead(404).end();
  });
  const profile = await mkdtemp(join(tmpdir(), 'gdconv-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, CHROMIUM_LAUNCH);
  const results = [];
  try {
    for (const size of sizes) {
      const page = await context.newPage();
      try {
        await page.goto(`${site.url}/`);
        const r = await page.evaluate(roundTrip, {
          api: apiUrl,
          credentials: CREDENTIALS,
          size,
          path: `bench/big/browser-${size}.bin`,
          timeoutMs: 30 * 60_000,
        });
        results.push({ size, ...r });
        log(`chromium ${size} B: ${JSON.stringify(r)}`);
      } finally {
        await page.close();
      }
    }
  } finally {
    await context.close();
    await site.close();
    await rm(profile, { recursive: true, force: true });
  }
  return results;
}
