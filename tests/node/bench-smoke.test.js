// SPDX-License-Identifier: MIT
// The benchmark harness (bench/run.js) in its --quick mode: a few iterations at small sizes, so that the
// harness cannot rot. It asserts only that the results are well-formed — never a time: benchmarks are not
// tests (DESIGN.md, "Benchmarks").

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CONTENDERS = ['wasm', 'sdk', 'fetch'];

test(
  'npm run bench -- --quick writes well-formed results.json and results.md, and --merge keeps other suites',
  { timeout: 600_000 },
  async () => {
    const out = await mkdtemp(join(tmpdir(), 'gdconv-bench-'));
    try {
      await run(process.execPath, [join(ROOT, 'bench/run.js'), '--quick', '--out', out], {
        cwd: ROOT,
        timeout: 480_000,
        maxBuffer: 16 * 1024 * 1024,
      });
      const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8'));
      assert.equal(results.schema, 1);
      assert.equal(results.quick, true);
      assert.ok(!Number.isNaN(Date.parse(results.date)));
      assert.equal(typeof results.machine.cpu, 'string');
      assert.ok(results.machine.cores >= 1);
      for (const key of ['loadavgBefore', 'loadavgAfter']) {
        assert.equal(results.machine[key].length, 3);
        for (const x of results.machine[key]) assert.equal(typeof x, 'number');
      }
      assert.match(results.versions.sdk, /^groupdocs-conversion-cloud@24\.4\.0$/);

      const ids = results.rows.map((r) => r.id);
      for (const id of [
        'overhead.objectExists',
        'overhead.getOperationStatus',
        'flow.async',
        'flow.sync',
        'transfer.upload.time',
        'transfer.upload.rss',
        'transfer.download.time',
        'transfer.download.rss',
        'concurrency.sync',
        'concurrency.async',
        'concurrency.failures',
        'load.node',
        'load.chromium',
        'load.chromium.worker',
        'load.chromium.serviceWorker',
        'load.node22',
        'load.deno',
        'load.bun',
        'load.workerd',
        'bundle.vite.js.gzip',
        'bundle.vite.wasm.gzip',
        'bundle.vite.build',
        'bundle.vite.firstRequest',
        'bundle.webpack.js.gzip',
        'bundle.esbuild.wasm.gzip',
        'bundle.esbuild-node.js.gzip',
        'bundle.esbuild-node.build',
        'size.wasm.gzip',
        'size.js.web.gzip',
        'size.js.node.gzip',
        'converter.warm',
        'service.p50.c1',
        'service.throughput.c1',
        'service.throughput.c4',
        'service.throughput.c16',
        'bigfile.node.convert.rss',
        'bigfile.node.roundtrip.rss',
        'bigfile.chromium.heap',
        'bigfile.chromium.huge.heap',
      ]) {
        assert.ok(ids.includes(id), `row ${id} is missing`);
      }
      assert.equal(new Set(ids).size, ids.length, 'row ids are unique');
      for (const row of results.rows) {
        assert.equal(typeof row.label, 'string');
        assert.equal(typeof row.unit, 'string');
        assert.ok(['lower', 'higher'].includes(row.better));
        assert.deepEqual(Object.keys(row.values).sort(), [...CONTENDERS].sort());
        for (const v of Object.values(row.values))
          assert.ok(v === null || (typeof v === 'number' && Number.isFinite(v) && v >= 0), `${row.id}: ${v}`);
        assert.equal(typeof row.values.wasm, 'number', `${row.id} has this client's value`);
        for (const r of Object.values(row.ratios)) assert.ok(r === null || (typeof r === 'number' && r >= 0));
        assert.ok(row.met === null || typeof row.met === 'boolean');
        assert.equal(row.target === null, row.met === null, `${row.id}: a target comes with a verdict`);
      }
      // Every contender did the work it can do: no failures in the quick run.
      const failures = results.rows.find((r) => r.id === 'concurrency.failures');
      for (const who of CONTENDERS) assert.equal(failures.values[who], 0);

      const md = await readFile(join(out, 'results.md'), 'utf8');
      assert.match(md, /^# Benchmark results/);
      assert.match(md, /quick mode/);
      assert.match(md, /Load average/);
      assert.match(md, /\| Measure \| unit \| this client \| official SDK \| plain fetch \|/);
      assert.equal(md.split('\n').filter((l) => /^\| (?!Measure|---)/.test(l)).length, results.rows.length);

      // --merge: a run of one suite replaces its rows and keeps every other.
      await run(process.execPath, [join(ROOT, 'bench/run.js'), '--quick', '--only', 'sizes', '--merge', '--out', out], {
        cwd: ROOT,
        timeout: 120_000,
        maxBuffer: 16 * 1024 * 1024,
      });
      const merged = JSON.parse(await readFile(join(out, 'results.json'), 'utf8'));
      assert.deepEqual(merged.merged, { from: results.date, suites: ['sizes'] });
      assert.deepEqual(
        merged.rows.map((r) => r.id),
        ids,
      );
      assert.deepEqual(merged.raw.load, results.raw.load);
      assert.match(
        await readFile(join(out, 'results.md'), 'utf8'),
        /The suites sizes are from this run; the others from the run of /,
      );
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  },
);

test('bench/run.js --help prints its usage; an unknown option or suite is refused with it, exit status 2', async () => {
  const bench = join(ROOT, 'bench/run.js');
  const help = await run(process.execPath, [bench, '--help'], { cwd: ROOT });
  assert.match(help.stdout, /^usage: node bench\/run\.js .*--only .*bundlers/m);
  for (const [args, says] of [
    [['--bogus'], /Unknown option '--bogus'/],
    [['--only', 'nope'], /unknown suite nope/],
  ]) {
    const refused = await run(process.execPath, [bench, ...args], { cwd: ROOT }).then(
      () => null,
      (err) => err,
    );
    assert.ok(refused, `${args.join(' ')} was accepted`);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, says);
    assert.match(refused.stderr, /^usage: /m);
  }
});
