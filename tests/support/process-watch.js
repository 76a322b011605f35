// SPDX-License-Identifier: MIT
// Watching every process of the machine while a conversion runs, to prove that a secret never shows in
// a command line or an environment (tests/node/converters.test.js, tests/node/server-pdf-password.test.js).

import { Worker } from 'node:worker_threads';

/**
 * Watches every process while `fn` runs, from a worker thread (its own event loop, so it samples while the
 * conversion's awaits run): every ~2 ms it reads /proc/<pid>/cmdline and /proc/<pid>/environ of all processes
 * and records any that holds `secret`, the commands of the processes working under `root` (proof that it saw
 * the converter's children), and the mode of every decrypted-* folder under `root`/jobs.
 */
export async function watchProcesses(secret, root, fn) {
  const stop = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(
    `
    const { workerData: { secret, root, stop }, parentPort } = require('node:worker_threads');
    const { readdirSync, readFileSync, statSync } = require('node:fs');
    const flag = new Int32Array(stop);
    const needle = Buffer.from(secret);
    const jobs = root + '/jobs';
    let samples = 0;
    const hits = new Set();
    const tools = new Set();
    const copies = new Map();
    const ls = (dir) => { try { return readdirSync(dir); } catch { return []; } };
    parentPort.postMessage('started');
    while (Atomics.load(flag, 0) === 0) {
      for (const pid of ls('/proc')) {
        if (!/^[0-9]+$/.test(pid)) continue;
        for (const file of ['cmdline', 'environ']) {
          let bytes;
          try { bytes = readFileSync('/proc/' + pid + '/' + file); } catch { continue; }
          const argv0 = bytes.toString('utf8').split('\\0')[0];
          if (bytes.includes(needle)) hits.add(file + ' of ' + argv0);
          if (file === 'cmdline' && bytes.includes(root)) tools.add(argv0.split('/').pop());
        }
      }
      for (const job of ls(jobs)) {
        for (const name of ls(jobs + '/' + job)) {
          if (!name.startsWith('decrypted-')) continue;
          try { copies.set(job + '/' + name, statSync(jobs + '/' + job + '/' + name).mode & 0o777); } catch {}
        }
      }
      samples++;
      Atomics.wait(flag, 0, 0, 2);
    }
    parentPort.postMessage({ samples, hits: [...hits], tools: [...tools], copies: [...copies.values()] });
  `,
    { eval: true, workerData: { secret, root, stop: stop.buffer } },
  );
  let started;
  const sampling = new Promise((resolve) => (started = resolve));
  const done = new Promise((resolve, reject) => {
    worker.on('message', (m) => (m === 'started' ? started() : resolve(m)));
    worker.on('error', reject);
  });
  await sampling;
  try {
    await fn();
  } finally {
    Atomics.store(stop, 0, 1);
    Atomics.notify(stop, 0);
  }
  return done;
}
