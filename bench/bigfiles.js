// SPDX-License-Identifier: MIT
// Files bigger than memory (issue 13, the `bigfiles` suite). Its own bench server (bench/server.js, stub
// converter) keeps its storage on disk, which streams uploads and downloads, with the upload limit raised past
// the biggest file. Node: one input file made on disk once (random bytes: not compressible), then, interleaved,
// in a fresh process each (bench/bigfiles-child.js): this client's convert(path, { outDir }), and an upload from
// the path and a download to a path by this client and by the official SDK, whose result must be the input
// (size and SHA-256). Chromium: a File uploaded and downloaded as a Blob (bench/bigfiles-browser.js), at the
// Node size and at one past the wasm32 heap's 2 GiB.

import { createHash, randomFillSync } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { BENCH_DIR, childJson, median, round, rotations, startServerProcess } from './lib.js';
import { measureBrowserBigFiles } from './bigfiles-browser.js';

const MiB = 1024 * 1024;
const KINDS = ['convert', 'wasm', 'sdk']; // convert: this client's convert(); wasm, sdk: the round trip

/**
 * Writes `size` random bytes to `path` (16 MiB at a time) and returns their SHA-256.
 * @param {string} path
 * @param {number} size
 */
async function makeFile(path, size) {
  const hash = createHash('sha256');
  const block = Buffer.allocUnsafe(16 * MiB);
  const file = await open(path, 'w');
  try {
    for (let at = 0; at < size; at += block.length) {
      const part = block.subarray(0, Math.min(block.length, size - at));
      randomFillSync(part);
      hash.update(part);
      await file.write(part);
    }
  } finally {
    await file.close();
  }
  return hash.digest('hex');
}

/** @param {string} path @returns {Promise<string>} the file's SHA-256 */
async function sha256Of(path) {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path, { highWaterMark: 4 * MiB }), hash);
  return hash.digest('hex');
}

/**
 * @param {{ nodeBytes: number, browserBytes: number, hugeBytes: number, reps: number,
 *   log: (line: string) => void }} options sizes in whole MiB
 */
export async function measureBigFiles({ nodeBytes, browserBytes, hugeBytes, reps, log }) {
  const dir = await mkdtemp(join(tmpdir(), 'gdconv-bench-big-'));
  const server = await startServerProcess([
    '--stub-converter',
    '--data',
    join(dir, 'data'),
    '--max-upload-bytes',
    String(Math.max(nodeBytes, browserBytes, hugeBytes)),
  ]);
  try {
    const input = join(dir, 'big.docx'); // the stub converter takes a .docx by its name
    const inputHash = await makeFile(input, nodeBytes);
    const samples = Object.fromEntries(KINDS.map((k) => [k, []]));
    for (const order of rotations(KINDS, reps)) {
      for (const kind of order) {
        const out = join(dir, `out-${kind}`);
        const args =
          kind === 'convert'
            ? ['convert', 'wasm', server.url, input, out]
            : ['roundtrip', kind, server.url, input, `${out}.bin`];
        const r = await childJson([join(BENCH_DIR, 'bigfiles-child.js'), ...args], { timeoutMs: 30 * 60_000 });
        if (kind !== 'convert') {
          const intact = r.size === nodeBytes && (await stat(`${out}.bin`)).size === nodeBytes;
          if (!intact || (await sha256Of(`${out}.bin`)) !== inputHash) throw new Error(`${kind}: the result differs`);
        } else if (!(r.size > 0)) {
          throw new Error(`convert: ${JSON.stringify(r)}`);
        }
        await rm(kind === 'convert' ? out : `${out}.bin`, { recursive: true, force: true });
        samples[kind].push({
          ms: round(r.ms),
          idleRssMiB: round(r.idleRssMiB, 1),
          maxRssMiB: round(r.maxRssMiB, 1),
          aboveIdleMiB: round(r.maxRssMiB - r.idleRssMiB, 1),
        });
        log(`bigfiles ${kind}: ${JSON.stringify(samples[kind].at(-1))}`);
      }
    }
    await rm(input, { force: true });
    const med = (kind, key) => round(median(samples[kind].map((s) => s[key])), 1);
    const summary = (kind) => ({
      ms: med(kind, 'ms'),
      idleRssMiB: med(kind, 'idleRssMiB'),
      maxRssMiB: med(kind, 'maxRssMiB'),
      aboveIdleMiB: med(kind, 'aboveIdleMiB'),
    });
    const browser = await measureBrowserBigFiles({ apiUrl: server.url, sizes: [browserBytes, hugeBytes], log });
    return {
      reps,
      node: {
        bytes: nodeBytes,
        convert: summary('convert'),
        roundtrip: { wasm: summary('wasm'), sdk: summary('sdk') },
        samples,
      },
      browser: browser.map((b) => ({
        ...b,
        uploadMs: round(b.uploadMs),
        downloadMs: round(b.downloadMs),
      })),
    };
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}
