// SPDX-License-Identifier: MIT
// The local server as a service (issue 20): docx → PDF conversions per second and their p50/p95 latency at
// concurrency 1, 4 and 16, through HTTP (PUT /conversion, the sync route) against the real converter with its
// two workers, next to a cold `soffice --headless --convert-to pdf` of the same document in the same run.
// Targets: warm p50 at concurrency 1 ≤ 0.5 × the cold soffice run; throughput at 4 ≥ 1.5 × at 1 (2 cores).

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { coldRun } from './converter.js';
import { CREDENTIALS, median, now, round } from './lib.js';

/** The value below which `p` of the sorted `values` lie (nearest rank). */
function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

async function tokenOf(url) {
  const body = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: CREDENTIALS.clientId,
    client_secret: CREDENTIALS.clientSecret,
  });
  const r = await fetch(`${url}/connect/token`, { method: 'POST', body });
  return (await r.json()).access_token;
}

/**
 * @param {{ url: string, levels?: number[], perLevel: (level: number) => number, coldReps: number,
 *   log: (line: string) => void }} o the real server's URL; how many conversions each concurrency level makes
 */
export async function measureService({ url, levels = [1, 4, 16], perLevel, coldReps, log }) {
  const { fixturePath } = await import('../tests/support/fixtures.js');
  const input = await fixturePath('one-page.docx');
  const bytes = await readFile(input);
  const token = await tokenOf(url);
  const convertOnce = async () => {
    const form = new FormData();
    form.append('File', new Blob([bytes]), 'one-page.docx');
    const t = now();
    const r = await fetch(`${url}/v2.0/conversion?format=pdf`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${token}` },
      body: form,
    });
    const pdf = Buffer.from(await r.arrayBuffer());
    if (r.status !== 200 || pdf.subarray(0, 5).toString() !== '%PDF-')
      throw new Error(`conversion failed: ${r.status}`);
    return now() - t;
  };
  for (let i = 0; i < 4; i += 1) await convertOnce(); // both workers warm

  const results = {};
  for (const level of levels) {
    const total = perLevel(level);
    const latencies = [];
    let next = 0;
    const start = now();
    await Promise.all(
      Array.from({ length: level }, async () => {
        while (next < total) {
          next += 1;
          latencies.push(await convertOnce());
        }
      }),
    );
    const seconds = (now() - start) / 1000;
    results[level] = {
      conversions: total,
      perSecond: round(total / seconds, 2),
      p50Ms: round(percentile(latencies, 0.5)),
      p95Ms: round(percentile(latencies, 0.95)),
    };
    log(
      `service: concurrency ${level}: ${results[level].perSecond}/s, p50 ${results[level].p50Ms} ms, p95 ${results[level].p95Ms} ms`,
    );
  }

  const tmp = await mkdtemp(join(tmpdir(), 'gdconv-bench-service-'));
  try {
    const profile = join(tmp, 'profile');
    await coldRun(input, profile, join(tmp, 'out')); // makes the profile, as a user's second run has one
    const cold = [];
    for (let i = 0; i < Math.max(1, coldReps); i += 1) cold.push(await coldRun(input, profile, join(tmp, 'out')));
    const coldMs = round(median(cold));
    log(`service: cold soffice --convert-to ${coldMs} ms`);
    return { levels: results, coldSofficeMs: coldMs, coldSamples: cold.map((x) => round(x)) };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
