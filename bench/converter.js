// SPDX-License-Identifier: MIT
// The local server's converter kept warm against LibreOffice started per document: one-page.docx to PDF
// through the server's office pool (server/converters, a worker started once and reused), and through a cold
// `soffice --convert-to` with an existing profile (what a converter without a pool pays on every document).
// The test suite checks the reuse itself (tests/node/converters-pool.test.js); this measures what it buys.

import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, now, round } from './lib.js';

/** One `soffice --convert-to pdf` of `input` with the profile at `profile`; resolves its time in ms. */
export function coldRun(input, profile, outDir) {
  const start = now();
  return new Promise((resolve, reject) => {
    const p = spawn(
      'soffice',
      ['--headless', `-env:UserInstallation=file://${profile}`, '--convert-to', 'pdf', '--outdir', outDir, input],
      { stdio: 'ignore' },
    );
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(now() - start) : reject(new Error(`soffice exited ${code}`))));
  });
}

/**
 * @param {{ reps: number, log: (line: string) => void }} options `reps` 0: the first cold run (which makes
 *   the profile) stands for cold too, and warm is timed once (--quick)
 * @returns {Promise<{ reps: number, warmMs: number, coldMs: number, firstColdMs: number, samples: object }>}
 */
export async function measureConverter({ reps, log }) {
  const { createConverter } = await import('../server/converters/index.js');
  const { fixturePath } = await import('../tests/support/fixtures.js');
  const input = await fixturePath('one-page.docx');
  const bytes = await readFile(input);
  const tmp = await mkdtemp(join(tmpdir(), 'gdconv-bench-converter-'));
  const converter = createConverter({ workers: 1, timeoutMs: 120_000, tmpDir: tmp });
  try {
    const profile = join(tmp, 'cold-profile');
    const firstColdMs = await coldRun(input, profile, join(tmp, 'cold')); // creates the profile
    await converter.convert({ bytes, sourceFormat: 'docx', targetFormat: 'pdf' }); // starts the worker
    const warm = [];
    const cold = reps > 0 ? [] : [firstColdMs];
    if (reps === 0) {
      const t = now();
      await converter.convert({ bytes, sourceFormat: 'docx', targetFormat: 'pdf' });
      warm.push(now() - t);
    }
    for (let i = 0; i < reps; i += 1) {
      // Interleaved, so that a burst of load elsewhere hits both alike.
      const t = now();
      await converter.convert({ bytes, sourceFormat: 'docx', targetFormat: 'pdf' });
      warm.push(now() - t);
      cold.push(await coldRun(input, profile, join(tmp, 'cold')));
    }
    const result = {
      reps,
      warmMs: round(median(warm)),
      coldMs: round(median(cold)),
      firstColdMs: round(firstColdMs),
      samples: { warm: warm.map((x) => round(x)), cold: cold.map((x) => round(x)) },
    };
    log(
      `converter: warm ${result.warmMs} ms, cold ${result.coldMs} ms (first with a new profile ${result.firstColdMs} ms)`,
    );
    return result;
  } finally {
    await converter.close();
    await rm(tmp, { recursive: true, force: true });
  }
}
