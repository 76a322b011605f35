// SPDX-License-Identifier: MIT
// Uploads in a browser send the caller's own File or Uint8Array (src/transport/js/blob-bodies.pre.js): the bytes never
// enter the wasm heap (the heap is searched for them afterwards), and the server stores exactly the bytes
// given, on the first attempt and on a retry alike.
//
// Nor does the heap take room for them (issue 13): the multipart body holds only its envelope and the glue
// inserts the payload as it sends, so the module's memory does not grow with the file.

import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createFakeConverter } from '../support/fake-converter.js';
import { adminOf } from '../support/reliability.js';
import { openPage, useDemoPage } from './support.js';

const MiB = 1024 * 1024;

/** Records every wasm memory a page instantiates (window.__wasmMemories), before any script runs. */
function captureWasmMemories(context) {
  return context.addInitScript(() => {
    const memories = (window.__wasmMemories = []);
    const keep = (result) => {
      const instance = result instanceof WebAssembly.Instance ? result : result?.instance;
      for (const value of Object.values(instance?.exports ?? {})) {
        if (value instanceof WebAssembly.Memory) memories.push(value);
      }
      return result;
    };
    const { instantiate, instantiateStreaming } = WebAssembly;
    WebAssembly.instantiate = (...args) => instantiate.apply(WebAssembly, args).then(keep);
    if (instantiateStreaming) {
      WebAssembly.instantiateStreaming = (...args) => instantiateStreaming.apply(WebAssembly, args).then(keep);
    }
  });
}

/**
 * In the page: builds `size` random bytes (a File, or the array itself), uploads them with the web entry and
 * reports the module's memory before and after, the bytes' SHA-256, the upload events, and whether 32 bytes
 * from the middle of the file are anywhere in a wasm memory afterwards.
 */
function uploadInPage(page, { size, asFile, path }) {
  return page.evaluate(
    async ({ size: n, asFile: file, path: target }) => {
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
        const bytes = new Uint8Array(n);
        for (let at = 0; at < n; at += 65536) crypto.getRandomValues(bytes.subarray(at, Math.min(n, at + 65536)));
        const sha256 = Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)))
          .map((b) => b.toString(16).padStart(2, '0'))
          .join('');
        const input = file ? new File([bytes], 'big.bin') : bytes;
        const before = await heapStats();
        const events = [];
        const result = await client.uploadFile(target, input, { onProgress: (e) => events.push([e.loaded, e.total]) });
        const after = await heapStats();
        const sample = bytes.slice(n >> 1, (n >> 1) + 32);
        let inHeap = false;
        for (const memory of window.__wasmMemories) {
          const heap = new Uint8Array(memory.buffer);
          for (let at = heap.indexOf(sample[0]); at >= 0 && !inHeap; at = heap.indexOf(sample[0], at + 1)) {
            inHeap = sample.every((b, i) => heap[at + i] === b);
          }
        }
        return {
          before,
          after,
          sha256,
          result,
          events,
          isFile: input instanceof File,
          inHeap,
          memories: window.__wasmMemories.length,
        };
      } finally {
        client.close();
      }
    },
    { size, asFile, path },
  );
}

async function storedSha256(server, path) {
  const { access_token: token } = await (await fetch(`${server.url}/demo/token`, { method: 'POST' })).json();
  const res = await fetch(`${server.url}/v2.0/conversion/storage/file/${path}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  assert.equal(res.status, 200, `GET ${path}`);
  const bytes = Buffer.from(await res.arrayBuffer());
  return { size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

describe(
  'browser uploads send the caller’s bytes without copying them into the wasm heap',
  { timeout: 300_000 },
  () => {
    const demo = useDemoPage({ converter: createFakeConverter(), faults: true });
    before(() => captureWasmMemories(demo.browser.context));

    for (const asFile of [true, false]) {
      const what = asFile ? 'a 50 MB File' : 'a 50 MB Uint8Array';
      test(`${what}: its bytes never enter the wasm heap, the server has the exact bytes`, async () => {
        const { page, problems } = await openPage(demo.browser.context, `${demo.server.url}/`);
        const path = `adopt/${asFile ? 'file' : 'array'}.bin`;
        const size = 50 * MiB;
        const out = await uploadInPage(page, { size, asFile, path });
        assert.equal(out.isFile, asFile);
        assert.ok(out.memories >= 1, 'the wasm memory was not captured');
        assert.equal(out.inHeap, false, "the file's bytes are in the wasm heap");
        assert.deepEqual(out.result.uploaded, [path.split('/').pop()]);
        const growth = out.after.memoryBytes - out.before.memoryBytes;
        console.log(
          `# ${what}: wasm memory ${out.before.memoryBytes} -> ${out.after.memoryBytes} bytes, ` +
            `${out.events.length} upload events`,
        );
        // Not even room for the file: the envelope is a few hundred bytes (issue 13).
        assert.ok(growth < 4 * MiB, `wasm memory grew by ${growth} bytes`);
        // Progress still covers the whole body: the file and its multipart envelope.
        const [loaded, total] = out.events.at(-1);
        assert.equal(loaded, total);
        assert.ok(total > size && total < size + 4096, `total ${total}`);
        const stored = await storedSha256(demo.server, path);
        assert.deepEqual(stored, { size, sha256: out.sha256 });
        assert.deepEqual(problems, []);
        await page.close();
      });
    }

    test('a retried upload sends the same bytes again (File and Uint8Array)', async () => {
      const { page, problems } = await openPage(demo.browser.context, `${demo.server.url}/`);
      for (const asFile of [true, false]) {
        const path = `adopt/retry-${asFile ? 'file' : 'array'}.bin`;
        const admin = adminOf(demo.server.url);
        const since = await admin.mark();
        await admin.fault({ method: 'PUT', path: `/v2.0/conversion/storage/file/${path}`, status: 503, times: 1 });
        const out = await uploadInPage(page, { size: 3 * MiB + 17, asFile, path });
        assert.deepEqual(out.result.uploaded, [path.split('/').pop()]);
        const entries = await admin.journal(since);
        const puts = entries.filter((e) => e.method === 'PUT' && e.path.endsWith(path));
        assert.deepEqual(
          puts.map((e) => e.status),
          [503, 200],
          JSON.stringify(puts),
        );
        assert.equal(out.inHeap, false);
        assert.deepEqual(await storedSha256(demo.server, path), { size: 3 * MiB + 17, sha256: out.sha256 });
      }
      // The browser logs the injected 503s, and nothing else.
      assert.deepEqual(
        problems.filter((p) => !/status of 503/.test(p)),
        [],
      );
      await page.close();
    });
  },
);
