// SPDX-License-Identifier: MIT
// `npm run bench`: this client, the official SDK and plain fetch side by side, in one run, against the same
// local server (its own process), interleaved repetition by repetition so that the machine's noise hits all
// three alike. Writes bench/results.json and bench/results.md (see bench/README.md for how to read them).
//
//   node bench/run.js [--quick] [--only overhead,flow,transfer,concurrency,load,browser,runtimes,bundlers,sizes,converter,service,bigfiles] [--merge] [--out DIR]
//
// --quick runs a few iterations at small sizes (tests/node/bench-smoke.test.js): it checks that the harness
// works, its numbers mean nothing. --merge keeps the other suites' measurements from the results.json already
// in --out, so that a run of some suites updates their rows only.

import { execFile } from 'node:child_process';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_DIR, ROOT, childJson, machine, median, round, rotations, startServerProcess, now } from './lib.js';
import { CREATE, createFetch, createWasmFetchAdapter } from './contenders.js';
import { buildRows, markdown } from './report.js';

const MiB = 1024 * 1024;
const SUITES = [
  'overhead',
  'flow',
  'transfer',
  'concurrency',
  'load',
  'browser',
  'runtimes',
  'bundlers',
  'sizes',
  'converter',
  'service',
  'bigfiles',
];
const USAGE = `usage: node bench/run.js [--quick] [--only ${SUITES.join(',')}] [--merge] [--out DIR]
  --quick  a few iterations at small sizes: checks the harness; its numbers mean nothing
  --only   the suites to run (default: all)
  --merge  keep the other suites' rows from the results.json already in --out
  --out    where results.json and results.md go (default: bench/)
`;
let flags;
try {
  ({ values: flags } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      out: { type: 'string', default: BENCH_DIR },
      merge: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }));
} catch (err) {
  process.stderr.write(`bench: ${err.message}\n${USAGE}`);
  process.exit(2);
}
if (flags.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const only = flags.only ? flags.only.split(',').map((s) => s.trim()) : SUITES;
for (const s of only) {
  if (!SUITES.includes(s)) {
    process.stderr.write(`bench: unknown suite ${s}\n${USAGE}`);
    process.exit(2);
  }
}
const Q = flags.quick;
const P = {
  overhead: { calls: Q ? 5 : 100, reps: Q ? 2 : 31, warmup: Q ? 5 : 200 },
  // The sync route's time is mostly LibreOffice's (38–64 ms a run): it needs more runs than the async one.
  flow: { reps: Q ? 1 : 5, syncReps: Q ? 1 : 41 },
  transfer: { bytes: Q ? 1 * MiB : 100 * MiB, reps: Q ? 1 : 15 },
  concurrency: { n: Q ? 10 : 200, reps: Q ? 1 : 5 },
  load: { reps: Q ? 1 : 9 },
  browser: { reps: Q ? 1 : 7 },
  runtimes: { reps: Q ? 1 : 7 },
  bundlers: { reps: Q ? 1 : 5 },
  sizes: { footprint: !Q },
  converter: { reps: Q ? 0 : 5 },
  service: { perLevel: (level) => (Q ? level : Math.max(12, level * 3)), coldReps: Q ? 1 : 3 },
  // Files bigger than memory (issue 13): 1 GiB in Node and Chromium, and 2.5 GiB (past the wasm32 heap's 2 GiB)
  // in Chromium; the default upload limit is 512 MiB, so bench/bigfiles.js raises it.
  bigfiles: {
    nodeBytes: Q ? 4 * MiB : 1024 * MiB,
    browserBytes: Q ? 4 * MiB : 1024 * MiB,
    hugeBytes: Q ? 20 * MiB : 2560 * MiB,
    reps: Q ? 1 : 3,
  },
};
const NAMES = ['wasm', 'sdk', 'fetch'];
const log = (line) => process.stderr.write(`bench: ${line}\n`);

/** Runs `fn(contender)` for every contender in a rotated order, `reps` times; collects the samples. */
async function roundRobin(contenders, reps, fn) {
  const samples = Object.fromEntries(Object.keys(contenders).map((n) => [n, []]));
  for (const order of rotations(Object.keys(contenders), reps)) {
    for (const name of order) samples[name].push(await fn(contenders[name], name));
  }
  return samples;
}

const medians = (samples, pick = (x) => x) =>
  Object.fromEntries(Object.entries(samples).map(([n, s]) => [n, round(median(s.map(pick)))]));

// ------------------------------------------------------------------------------------------- suites

async function overhead(url) {
  const setup = await createFetch(url);
  await setup.upload('bench/exists.txt', new TextEncoder().encode('here'));
  // A finished operation to ask about (the stub converter finishes at once).
  const id = await (async () => {
    const c = await CREATE.wasm(url);
    await c.upload('bench/op/doc.docx', new Uint8Array([0x50, 0x4b, 3, 4]));
    const op = await c.startConvertAndSave({
      filePath: 'bench/op/doc.docx',
      format: 'pdf',
      outputPath: 'bench/op/out',
    });
    c.close();
    return op;
  })();
  const contenders = {};
  for (const n of NAMES) contenders[n] = await CREATE[n](url);
  // The same client over the fetch() adapter, which Node's entry does not use (it has node:http): the row
  // that shows what Node would lose with it, and what Deno, Bun and workerd get.
  contenders.wasmFetchAdapter = await createWasmFetchAdapter(url);
  const { calls, reps, warmup } = P.overhead;
  const result = {};
  for (const method of ['objectExists', 'getOperationStatus']) {
    const arg = method === 'objectExists' ? 'bench/exists.txt' : id;
    const present = Object.fromEntries(Object.entries(contenders).filter(([, c]) => c[method]));
    for (const c of Object.values(present)) for (let i = 0; i < warmup; i++) await c[method](arg);
    const samples = await roundRobin(present, reps, async (c) => {
      const t = now();
      for (let i = 0; i < calls; i++) {
        const v = await c[method](arg);
        if (v !== true && v !== 'Finished') throw new Error(`${c.name}.${method} answered ${v}`);
      }
      return (now() - t) / calls;
    });
    result[method] = { unit: 'ms/call', calls, reps, median: medians(samples), samples: roundSamples(samples) };
    log(`overhead ${method}: ${JSON.stringify(result[method].median)}`);
  }
  for (const c of Object.values(contenders)) c.close();
  return result;
}

async function flow(url) {
  const { fixturePath } = await import('../tests/support/fixtures.js');
  const docx = new Uint8Array(await readFile(await fixturePath('four-pages.docx')));
  const wasm = await CREATE.wasm(url);
  const sdk = await CREATE.sdk(url);
  const samples = await createFetch(url, { poll: 'samples' });
  const plain = await createFetch(url);
  // Warm the converter (one LibreOffice per worker, each started on first use) and every client's token.
  for (let i = 0; i < 2; i++) {
    await Promise.all([0, 1, 2, 3].map((w) => plain.flowSync(docx, `bench/flow/warm-${i}-${w}`, 'four-pages.docx')));
  }
  for (const c of [wasm, sdk, samples]) await c.objectExists('bench/none');
  let k = 0;
  const timed = (fn) => async (c) => {
    const t = now();
    const size = await fn(c)(docx, `bench/flow/${c.name}-${k++}`, 'four-pages.docx');
    if (!(size > 0)) throw new Error(`${c.name}: empty result`);
    return now() - t;
  };
  const asyncSamples = await roundRobin(
    { wasm, fetch: samples },
    P.flow.reps,
    timed((c) => c.flowAsync),
  );
  log(`flow async: ${JSON.stringify(medians(asyncSamples))}`);
  const syncSamples = await roundRobin(
    { wasm, sdk, fetch: plain },
    P.flow.syncReps,
    timed((c) => c.flowSync),
  );
  log(`flow sync: ${JSON.stringify(medians(syncSamples))}`);
  wasm.close();
  return {
    async: {
      unit: 'ms',
      reps: P.flow.reps,
      median: medians(asyncSamples),
      samples: roundSamples(asyncSamples),
      note: "upload, startConvertAndSave, poll, download of four-pages.docx to PDF; fetch = the official samples' loop (1 s sleep before each status request)",
    },
    sync: {
      unit: 'ms',
      reps: P.flow.syncReps,
      median: medians(syncSamples),
      samples: roundSamples(syncSamples),
      note: 'upload, POST /conversion with outputPath (the server answers when done), download',
    },
  };
}

async function transfer(url) {
  const { bytes, reps } = P.transfer;
  const child = (task, who, arg) =>
    childJson([join(BENCH_DIR, 'child.js'), task, who, url, String(arg)], { timeoutMs: 300_000 });
  // The download source, uploaded once (same kind of bytes as the children's uploads).
  const source = 'bench/download.bin';
  const data = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i += 4096) data[i] = (i * 2654435761) >>> 24;
  if ((await (await createFetch(url)).upload(source, data)) !== 1)
    throw new Error('could not upload the download source');
  const result = {};
  for (const task of ['upload', 'download']) {
    const samples = Object.fromEntries(NAMES.map((n) => [n, []]));
    for (const order of rotations(NAMES, reps)) {
      for (const who of order) {
        const r = await child(task, who, task === 'upload' ? bytes : source);
        if (!r.ok || r.bytes !== bytes) throw new Error(`${who} ${task}: ${JSON.stringify(r)}`);
        samples[who].push(r);
      }
    }
    result[task] = {
      bytes,
      reps,
      ms: medians(samples, (r) => r.ms),
      mibPerS: medians(samples, (r) => bytes / MiB / (r.ms / 1000)),
      maxRssMiB: medians(samples, (r) => r.maxRssMiB),
      samples: Object.fromEntries(
        Object.entries(samples).map(([n, s]) => [
          n,
          s.map((r) => ({ ms: round(r.ms), maxRssMiB: round(r.maxRssMiB, 1), rssBeforeMiB: round(r.rssBeforeMiB, 1) })),
        ]),
      ),
    };
    log(`${task}: ms ${JSON.stringify(result[task].ms)} rss ${JSON.stringify(result[task].maxRssMiB)}`);
  }
  return result;
}

async function concurrency(url) {
  const { fixturePath } = await import('../tests/support/fixtures.js');
  const docx = new Uint8Array(await readFile(await fixturePath('four-pages.docx')));
  const { n, reps } = P.concurrency;
  let rep = 0;
  // n conversions at once through one client. `sync`: upload, POST /conversion (the server answers when the
  // result is stored), download — the official SDK's only way; `async`: this client's convert() (upload,
  // start, poll, download) against plain fetch doing the same requests on the same polling schedule.
  const run = async (names, method) => {
    const samples = Object.fromEntries(names.map((x) => [x, []]));
    for (const order of rotations(names, reps)) {
      rep++;
      for (const who of order) {
        const c = await CREATE[who](url); // one client for all n conversions
        await c.objectExists('bench/none');
        const t = now();
        const settled = await Promise.allSettled(
          Array.from({ length: n }, (_, i) => c[method](docx, `bench/cc/${who}-${rep}-${i}`, `doc-${i}.docx`)),
        );
        const ms = now() - t;
        c.close();
        const failures = settled.filter((s) => s.status === 'rejected' || !(s.value > 0));
        samples[who].push({ ms, failures: failures.length, firstFailure: failures[0]?.reason?.message });
      }
    }
    return {
      n,
      reps,
      ms: medians(samples, (s) => s.ms),
      failures: Object.fromEntries(Object.entries(samples).map(([k, s]) => [k, s.reduce((a, x) => a + x.failures, 0)])),
      samples: Object.fromEntries(
        Object.entries(samples).map(([k, s]) => [k, s.map((x) => ({ ...x, ms: round(x.ms) }))]),
      ),
    };
  };
  const result = {
    sync: {
      ...(await run(NAMES, 'flowSync')),
      note: 'upload, POST /conversion with outputPath, download; stub converter (answers at once), so the clients are measured, not LibreOffice',
    },
    async: {
      ...(await run(['wasm', 'fetch'], 'convertOne')),
      note: "wasm: convert(); fetch: the same four requests on the core's polling schedule (first poll after 200 ms); stub converter",
    },
  };
  log(`concurrency sync: ${JSON.stringify(result.sync.ms)} failures ${JSON.stringify(result.sync.failures)}`);
  log(`concurrency async: ${JSON.stringify(result.async.ms)} failures ${JSON.stringify(result.async.failures)}`);
  return result;
}

async function load(url) {
  const samples = Object.fromEntries(NAMES.map((n) => [n, []]));
  for (const order of rotations(NAMES, P.load.reps)) {
    for (const who of order) {
      const r = await childJson([join(BENCH_DIR, 'child.js'), 'load', who, url]);
      if (!r.ok) throw new Error(`${who} load: ${JSON.stringify(r)}`);
      samples[who].push(r);
    }
  }
  const result = {
    reps: P.load.reps,
    loadMs: medians(samples, (r) => r.loadMs),
    firstRequestMs: medians(samples, (r) => r.firstRequestMs),
    // This client's import() alone (the rest of loadMs is ConversionClient.create).
    importMs: round(median(samples.wasm.map((r) => r.importMs))),
    samples: Object.fromEntries(
      Object.entries(samples).map(([k, s]) => [
        k,
        s.map((r) => ({
          loadMs: round(r.loadMs),
          firstRequestMs: round(r.firstRequestMs),
          ...(r.importMs !== undefined && { importMs: round(r.importMs) }),
        })),
      ]),
    ),
  };
  log(`node load: ${JSON.stringify(result.firstRequestMs)}`);
  return result;
}

async function browser(url) {
  const { measureBrowser } = await import('./browser.js');
  const result = await measureBrowser({ apiUrl: url, reps: P.browser.reps });
  log(`chromium load: ${JSON.stringify(result.firstRequestMs)}`);
  return result;
}

async function runtimes(url) {
  const { measureRuntimes } = await import('./runtimes.js');
  return measureRuntimes({ apiUrl: url, reps: P.runtimes.reps, log });
}

async function bundlers(url) {
  const { measureBundlers } = await import('./bundlers.js');
  return measureBundlers({ apiUrl: url, reps: P.bundlers.reps, warmup: !Q, log });
}

async function service(url) {
  const { measureService } = await import('./service.js');
  return measureService({ url, ...P.service, log });
}

async function converter() {
  const { measureConverter } = await import('./converter.js');
  return measureConverter({ reps: P.converter.reps, log });
}

async function bigfiles() {
  const { measureBigFiles } = await import('./bigfiles.js');
  return measureBigFiles({ ...P.bigfiles, log });
}

async function sizes() {
  const { measureSizes } = await import('./sizes.js');
  const result = await measureSizes({ footprint: P.sizes.footprint, log });
  log(`sizes: wasm gz ${result.wasm.gzip} B, browser JS gz ${result.js.web.gzip} B`);
  return result;
}

/** The commit measured, `+dirty` when the tree has changes (dist/ is built from the tree). */
async function commitOf(dir) {
  const git = (args) =>
    new Promise((done) => execFile('git', args, { cwd: dir }, (err, out) => done(err ? '' : out.trim())));
  const head = await git(['rev-parse', '--short', 'HEAD']);
  if (!head) return null;
  const dirty = await git([
    'status',
    '--porcelain',
    '--untracked-files=no',
    '--',
    'src',
    'bindings',
    'CMakeLists.txt',
    'scripts',
  ]);
  return dirty ? `${head}+dirty` : head;
}

function roundSamples(samples) {
  return Object.fromEntries(Object.entries(samples).map(([n, s]) => [n, s.map((x) => round(x))]));
}

// --------------------------------------------------------------------------------------------- main

async function main() {
  const started = now();
  const info = { ...machine(), loadavgBefore: loadavg().map((x) => round(x, 2)) };
  delete info.loadavg;
  const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
  const sdkPkg = JSON.parse(await readFile(join(ROOT, 'node_modules/groupdocs-conversion-cloud/package.json'), 'utf8'));
  const raw = {};
  const stub = await startServerProcess(['--stub-converter']);
  let real = null;
  try {
    for (const suite of only) {
      const t = now();
      if (suite === 'overhead') raw.overhead = await overhead(stub.url);
      else if (suite === 'flow') raw.flow = await flow((real ??= await startServerProcess()).url);
      else if (suite === 'transfer') raw.transfer = await transfer(stub.url);
      else if (suite === 'concurrency') raw.concurrency = await concurrency(stub.url);
      else if (suite === 'load') raw.load = await load(stub.url);
      else if (suite === 'browser') raw.browser = await browser(stub.url);
      else if (suite === 'runtimes') raw.runtimes = await runtimes(stub.url);
      else if (suite === 'bundlers') raw.bundlers = await bundlers(stub.url);
      else if (suite === 'sizes') raw.sizes = await sizes();
      else if (suite === 'converter') raw.converter = await converter();
      else if (suite === 'service') raw.service = await service((real ??= await startServerProcess()).url);
      else if (suite === 'bigfiles') raw.bigfiles = await bigfiles();
      log(`${suite} took ${round((now() - t) / 1000, 1)} s`);
    }
  } finally {
    await stub.close();
    await real?.close();
  }
  info.loadavgAfter = loadavg().map((x) => round(x, 2));
  const out = resolve(flags.out);
  let merged = null;
  if (flags.merge) {
    const previous = JSON.parse(await readFile(join(out, 'results.json'), 'utf8'));
    for (const [suite, measured] of Object.entries(previous.raw)) if (!(suite in raw)) raw[suite] = measured;
    merged = { from: previous.merged?.from ?? previous.date, suites: only };
  }
  const results = {
    schema: 1,
    date: new Date().toISOString(),
    quick: Q,
    durationS: round((now() - started) / 1000, 1),
    machine: info,
    versions: {
      package: `${pkg.name}@${pkg.version}`,
      commit: await commitOf(ROOT),
      sdk: `${sdkPkg.name}@${sdkPkg.version}`,
    },
    ...(merged ? { merged } : {}),
    rows: buildRows(raw),
    raw,
  };
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(join(out, 'results.md'), markdown(results));
  log(`wrote ${join(out, 'results.json')} and results.md in ${results.durationS} s`);
}

main().catch((err) => {
  process.stderr.write(`bench: ${err?.stack ?? err}\n`);
  process.exit(1);
});
