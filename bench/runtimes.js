// SPDX-License-Identifier: MIT
// Module load → first answered request in the runtimes besides Node 20 and Chromium (issue 12): Node 22, Deno
// and Bun (a fresh process per measurement, bench/runtime-child.mjs) and Cloudflare's workerd (a fresh workerd
// per measurement, bench/runtime-worker.js: from its start to the Worker's first answer, so workerd's own start
// is in both columns). Each next to plain fetch() in the same runtime, interleaved. The package is the packed
// one, installed into a temporary folder as a user installs it (tests/support/packed.js).

import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_DIR, CREDENTIALS, childJson, median, now, round, rotations } from './lib.js';

/** From workerd's start to the Worker's first answer to GET /first. */
async function workerdFirstAnswer(startWorker, dir, packageDir, who, apiUrl) {
  const t0 = now();
  const worker = await startWorker({
    dir,
    packageDir: who === 'wasm' ? packageDir : undefined,
    ownModules: ['plain-fetch.mjs'],
    waitReady: false,
    bindings: { WHO: who, API: apiUrl, CLIENT_ID: CREDENTIALS.clientId, CLIENT_SECRET: CREDENTIALS.clientSecret },
  });
  try {
    for (;;) {
      const answer = await fetch(`${worker.url}/first`).catch(() => null);
      if (answer) {
        const { exists } = await answer.json();
        return { firstRequestMs: now() - t0, ok: answer.ok && exists === false };
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    await worker.stop();
  }
}

export async function measureRuntimes({ apiUrl, reps, log }) {
  const { installPacked } = await import('../tests/support/packed.js');
  const { RUNTIME } = await import('../tests/support/runtimes.js');
  const { startWorker } = await import('../tests/support/workerd.js');
  const dir = await mkdtemp(join(tmpdir(), 'gdconv-bench-runtimes-'));
  try {
    const { packageDir } = await installPacked(dir);
    await copyFile(join(BENCH_DIR, 'runtime-child.mjs'), join(dir, 'child.mjs'));
    await copyFile(join(BENCH_DIR, 'runtime-worker.js'), join(dir, 'worker.js'));
    await copyFile(join(BENCH_DIR, 'plain-fetch.mjs'), join(dir, 'plain-fetch.mjs'));
    const targets = {
      node22: (who) => childJson(['child.mjs', who, apiUrl], { command: RUNTIME.node22, cwd: dir }),
      deno: (who) =>
        childJson(['run', '--allow-net=127.0.0.1', 'child.mjs', who, apiUrl], { command: RUNTIME.deno, cwd: dir }),
      bun: (who) => childJson(['child.mjs', who, apiUrl], { command: RUNTIME.bun, cwd: dir }),
      workerd: (who) => workerdFirstAnswer(startWorker, dir, packageDir, who, apiUrl),
    };
    const result = {};
    for (const [target, measure] of Object.entries(targets)) {
      const samples = { wasm: [], fetch: [] };
      // One throw-away run each: the runtime's own first start (disk cache, code cache) counts for neither.
      for (const order of [['wasm', 'fetch'], ...rotations(['wasm', 'fetch'], reps)]) {
        for (const who of order) {
          const r = await measure(who);
          if (!r.ok) throw new Error(`${target} ${who}: ${JSON.stringify(r)}`);
          samples[who].push(r);
        }
      }
      for (const s of Object.values(samples)) s.shift();
      const med = (pick) =>
        Object.fromEntries(Object.entries(samples).map(([k, s]) => [k, round(median(s.map(pick)))]));
      result[target] = {
        reps,
        firstRequestMs: med((r) => r.firstRequestMs),
        samples: Object.fromEntries(
          Object.entries(samples).map(([k, s]) => [k, s.map((r) => round(r.firstRequestMs))]),
        ),
      };
      log?.(`${target} first answer: ${JSON.stringify(result[target].firstRequestMs)}`);
    }
    return result;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
