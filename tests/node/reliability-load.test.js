// SPDX-License-Identifier: MIT
// Load: 500 conversions through one client, 8 at a time, while faults chosen by a seeded generator hit
// whichever request comes next. Every conversion ends recovered (with the exact bytes) or with a typed
// ApiError; nothing is rejected unhandled; and the wasm heap does not grow: after 100 conversions of warm-up,
// 400 more leave the allocator's bytes in use and the memory size where they were (within a small bound).
// The server converts with the fake converter (tests/support/fake-converter.js): 500 LibreOffice runs on
// two cores would take minutes and test LibreOffice, not the env.client.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, ConversionClient } from 'groupdocs-conversion-wasm';
import { useClient } from '../support/local-server.js';

const SEED = 0x5eed;
const TOTAL = 500;
const WARM_UP = 100;
const CONCURRENCY = 8;
const FAULT_RATE = 0.3;
// In-use bytes may differ by what a few cached strings hold; a leak of even 100 bytes per call is 40 KB.
const USED_BYTES_BOUND = 32 * 1024;
const MEMORY_BYTES_BOUND = 1024 * 1024;
const TYPED_CODES = new Set(['http_error', 'network', 'timeout', 'bad_response', 'operation_failed', 'not_found']);

/** mulberry32: a small, fast, seedable generator, so a failing run can be replayed exactly. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ROUTES = [
  { method: 'PUT', path: '/v2.0/conversion/storage/file/' },
  { method: 'POST', path: '/v2.0/conversion/async' },
  { method: 'GET', path: '/v2.0/conversion/async' },
  { method: 'GET', path: '/v2.0/conversion/storage/file/' },
];
const FAULTS = [
  (route) => ({ ...route, status: 503, retryAfter: 0 }),
  (route) => ({ ...route, status: 429, retryAfter: 1 }),
  (route) => ({ ...route, status: 500 }),
  (route) => ({ ...route, status: 502 }),
  (route) => ({ ...route, status: 504 }),
  (route) => ({ ...route, action: 'drop', dropAt: 'request' }),
  (route) => ({ ...route, action: 'drop', dropAt: 'headers' }),
  (route) => ({ ...route, action: 'truncate' }),
  (route) => ({ ...route, action: 'malformed-json' }),
  // Held until the client's request timeout gives up on it (the server ends a delay when the client hangs
  // up): the request times out however late a loaded machine runs the client's timer.
  (route) => ({ ...route, delayMs: 600_000 }),
  'fail-next',
  'cancel-next',
  'expire-tokens',
];

describe('load: 500 conversions, random faults from a fixed seed, bounded heap', () => {
  const env = useClient({
    converter: 'fake',
    faults: true,
    workers: 4,
    client: { timeoutMs: 2000, retry: { baseDelayMs: 20, maxDelayMs: 200 } },
  });
  const unhandled = [];
  const onUnhandled = (reason) => unhandled.push(reason);
  before(() => process.on('unhandledRejection', onUnhandled));
  after(() => process.off('unhandledRejection', onUnhandled));

  test(
    'every conversion recovers or fails typed; nothing unhandled; the heap stays put',
    { timeout: 180_000 },
    async () => {
      const next = random(SEED);
      const heapStats = ConversionClient[Symbol.for('groupdocs-conversion-wasm.heapStats')];
      const outcomes = { recovered: 0, codes: {} };
      let injected = 0;

      async function inject() {
        if (next() >= FAULT_RATE) return;
        injected += 1;
        const fault = FAULTS[Math.floor(next() * FAULTS.length)];
        const route = ROUTES[Math.floor(next() * ROUTES.length)];
        if (fault === 'fail-next') await env.admin.failNext('Injected failure under load.');
        else if (fault === 'cancel-next') await env.admin.cancelNext();
        else if (fault === 'expire-tokens') await env.admin.expireTokens();
        else await env.admin.fault(fault(route));
      }

      async function convertOne(i) {
        const doc = new TextEncoder().encode(`FAKEDOC pages=1 load test document number ${i}`);
        await inject();
        try {
          const { files } = await env.client.convert(doc, { format: 'pdf', fileName: `doc-${i}.docx` });
          assert.equal(new TextDecoder().decode(files[0].bytes), `FAKE docx->pdf of ${doc.length} bytes`);
          outcomes.recovered += 1;
        } catch (err) {
          assert.ok(err instanceof ApiError, `conversion ${i}: not an ApiError: ${err}`);
          assert.ok(TYPED_CODES.has(err.code), `conversion ${i}: unexpected code ${err.code}: ${err.message}`);
          assert.equal(typeof err.status, 'number');
          if (err.mayHaveStarted) assert.equal(err.retryable, false);
          outcomes.codes[err.code] = (outcomes.codes[err.code] ?? 0) + 1;
        }
      }

      async function run(from, to) {
        let index = from;
        const worker = async () => {
          while (index < to) await convertOne(index++);
        };
        await Promise.all(Array.from({ length: CONCURRENCY }, worker));
        await env.admin.clearFaults(); // rules nobody consumed must not leak into the next phase
      }

      const started = Date.now();
      await run(0, WARM_UP);
      const warm = await heapStats();
      await run(WARM_UP, TOTAL);
      const end = await heapStats();
      const seconds = (Date.now() - started) / 1000;

      const failed = Object.values(outcomes.codes).reduce((a, b) => a + b, 0);
      const report = { seconds, injected, ...outcomes, failed, heap: { warm, end } };
      console.log(`load: ${JSON.stringify(report)}`);
      assert.equal(outcomes.recovered + failed, TOTAL);
      assert.ok(injected > 100, `only ${injected} faults injected`);
      assert.ok(outcomes.recovered > TOTAL / 2, `only ${outcomes.recovered} recovered`);
      assert.ok(failed > 0, 'no fault led to a typed error: the faults did not bite');
      assert.deepEqual(unhandled, []);
      assert.ok(
        end.usedBytes <= warm.usedBytes + USED_BYTES_BOUND,
        `malloc'd bytes grew from ${warm.usedBytes} to ${end.usedBytes} over ${TOTAL - WARM_UP} conversions`,
      );
      assert.ok(
        end.memoryBytes <= warm.memoryBytes + MEMORY_BYTES_BOUND,
        `wasm memory grew from ${warm.memoryBytes} to ${end.memoryBytes}`,
      );
    },
  );
});
