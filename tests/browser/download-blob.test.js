// SPDX-License-Identifier: MIT
// Issue 13 in a browser: a File uploaded and the result downloaded with `as: 'blob'` never pass through the
// wasm heap, so the module's memory does not grow with them (the browser's XHR hands the file over as its own
// Blob). At 20 MiB against a 16 MiB heap, either would have to grow it.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createFakeConverter } from '../support/fake-converter.js';
import { openPage, useDemoPage } from './support.js';

const MiB = 1024 * 1024;

describe("browser downloads with { as: 'blob' } stay out of the wasm heap", { timeout: 300_000 }, () => {
  const demo = useDemoPage({ converter: createFakeConverter() });

  test('a 20 MiB File goes up and comes back as a Blob, byte for byte, and the heap does not grow', async () => {
    const { page, problems } = await openPage(demo.browser.context, `${demo.server.url}/`);
    const out = await page.evaluate(async (size) => {
      const { ConversionClient } = await import('/dist/index.web.mjs');
      const heapStats = ConversionClient[Symbol.for('groupdocs-conversion-wasm.heapStats')];
      const client = await ConversionClient.create({
        baseUrl: location.origin,
        accessToken: () =>
          fetch('/demo/token', { method: 'POST' })
            .then((r) => r.json())
            .then((j) => j.access_token),
      });
      try {
        const bytes = new Uint8Array(size);
        for (let at = 0; at < size; at += 65536) crypto.getRandomValues(bytes.subarray(at, Math.min(size, at + 65536)));
        const digest = async (data) => Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', data))).join();
        await client.objectExists('warm-up');
        const before = await heapStats();
        await client.uploadFile('blob/in.bin', new File([bytes], 'in.bin'));
        const events = [];
        const blob = await client.downloadFile('blob/in.bin', { as: 'blob', onProgress: (e) => events.push(e.loaded) });
        const after = await heapStats();
        const asBytes = await client.downloadFile('blob/in.bin', { as: 'bytes' });
        return {
          growth: after.memoryBytes - before.memoryBytes,
          isBlob: blob instanceof Blob,
          size: blob.size,
          same: (await digest(await blob.arrayBuffer())) === (await digest(bytes)),
          arraySame: asBytes instanceof Uint8Array && (await digest(asBytes)) === (await digest(bytes)),
          lastEvent: events.at(-1),
        };
      } finally {
        client.close();
      }
    }, 20 * MiB);
    assert.equal(out.isBlob, true);
    assert.equal(out.size, 20 * MiB);
    assert.equal(out.same, true);
    assert.equal(out.arraySame, true);
    assert.equal(out.lastEvent, 20 * MiB, 'download progress reaches the end');
    assert.ok(out.growth < 4 * MiB, `wasm memory grew by ${out.growth} bytes`);
    assert.deepEqual(problems, []);
    await page.close();
  });
});
