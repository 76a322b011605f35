// SPDX-License-Identifier: MIT
// Engine recycling and isolation (issue 20 item 4), with real hostile documents through the server: a zip
// bomb (a 1.2 MB docx whose document.xml inflates to 1.2 GB) is refused before any engine opens it, whether its
// central directory admits the size or lies about it; --engine-memory-mb kills a conversion that grows past it
// (a 17 KB PNG of 12000 x 12000 pixels);
// kill -9 of a busy engine is retried once on a fresh one, and a second kill fails typed; --restart-after and
// --idle-shutdown-ms replace and stop engines; and a storm of 20 bad documents (truncated, random bytes, zip
// bombs, one that keeps LibreOffice busy past the timeout) with 20 good ones at concurrency 4 leaves every good
// conversion successful, every bad one with its typed error, and GET /health answering within a second.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { checkPackageSize } from '../../server/converters/package-size.js';
import { fixtureBytes } from '../support/fixtures.js';
import { startLocalServer } from '../support/local-server.js';
import { waitFor } from '../support/wait-for.js';
import { deflatedRepeat, unzip, zip } from '../support/zip.js';

const run = promisify(execFile);
const MiB = 1024 * 1024;
const SLOW = { timeout: 240_000 };

/** one-page.docx with word/document.xml replaced by 1.2 GB of text deflated to about 1 MB. */
async function zipBomb({ lie = false } = {}) {
  const parts = unzip(await fixtureBytes('one-page.docx'));
  const documentXml = await deflatedRepeat({
    head: '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>',
    text: 'A'.repeat(64 * 1024),
    times: 18_311,
    tail: '</w:t></w:r></w:p></w:body></w:document>',
  });
  // A liar's central directory claims a kilobyte: only inflating finds the truth.
  const part = lie ? { ...documentXml, size: 1000 } : documentXml;
  return zip([...parts].map(([name, bytes]) => [name, name === 'word/document.xml' ? part : bytes]));
}

/** A CSV of `rows` rows: LibreOffice works about 17 s per 150,000 on this machine. */
const heavyCsv = (rows = 150_000) =>
  Buffer.from(Array.from({ length: rows }, (_, i) => `${i},alpha ${i},beta,${i * 3.7},gamma delta epsilon`).join('\n'));

/** An HTML page showing a 17 KB PNG of 12000 x 12000 pixels: LibreOffice decodes it into about 700 MB. */
async function imageBombPage() {
  const { stdout } = await run('gm', ['convert', '-size', '12000x12000', 'xc:#3366cc', 'png:-'], {
    encoding: 'buffer',
    maxBuffer: 16 * MiB,
  });
  const png = stdout.toString('base64');
  return Buffer.from(
    `<html><body><p>A picture</p><img src="data:image/png;base64,${png}" width="600" height="600"></body></html>`,
  );
}

/** The office pool behind a local server started with the real converter. */
const officeOf = (t) => t.server.app.conversions.converter._pool;

describe('hostile documents and engine recycling', { timeout: 900_000 }, () => {
  let bomb;
  let liar;
  before(async () => {
    [bomb, liar] = await Promise.all([zipBomb(), zipBomb({ lie: true })]);
    assert.ok(bomb.length < 2 * MiB, `the bomb is ${bomb.length} bytes`);
  });

  test('a zip bomb is refused by inflating its parts as streams, before any engine', SLOW, async () => {
    await assert.rejects(checkPackageSize(bomb, 512 * MiB), { code: 'too_large' });
    await assert.rejects(checkPackageSize(liar, 512 * MiB), { code: 'too_large' }, 'the declared size lies');
    for (const name of ['one-page.docx', 'sheet.xlsx', 'slides.pptx', 'four-pages.odt'])
      await checkPackageSize(await fixtureBytes(name), 512 * MiB); // real packages pass

    const t = await startLocalServer({ converter: 'real', workers: 1 });
    try {
      for (const bytes of [bomb, liar]) {
        const r = await t.convertDirect('bomb.docx', bytes);
        assert.equal(r.status, 413);
        assert.equal(r.json.error.code, 'DocumentTooLarge');
        assert.match(r.json.error.message, /inflate to more than 512 MiB/);
      }
      const smaller = await startLocalServer({ converter: 'real', workers: 1, maxInflatedBytes: 1024 });
      try {
        assert.equal((await smaller.convertDirect('one.docx', await fixtureBytes('one-page.docx'))).status, 413);
      } finally {
        await smaller.close();
      }
      assert.equal(
        officeOf(t).slots.reduce((n, w) => n + (w?.jobs ?? 0), 0),
        0,
        'no engine saw a bomb',
      );
    } finally {
      await t.close();
    }
  });

  test(
    '--engine-memory-mb: a conversion that grows past it is stopped, typed, and the engine replaced',
    SLOW,
    async () => {
      const t = await startLocalServer({
        converter: 'real',
        workers: 1,
        engineMemoryMb: 300,
        conversionTimeoutMs: 60_000,
      });
      try {
        const r = await t.convertDirect('picture.html', await imageBombPage());
        assert.equal(r.status, 413, r.body.toString().slice(0, 300));
        assert.equal(r.json.error.code, 'DocumentTooLarge');
        assert.match(r.json.error.message, /more than 300 MB of memory/);
        assert.equal((await t.convertDirect('small.txt', Buffer.from('fine'))).status, 200, 'a fresh engine');
      } finally {
        await t.close();
      }
    },
  );

  test('kill -9 of a busy engine: retried once on a fresh one; killed again, a typed failure', SLOW, async () => {
    const t = await startLocalServer({ converter: 'real', workers: 1, conversionTimeoutMs: 120_000 });
    try {
      const office = officeOf(t);
      const killBusy = async () => {
        const busy = await waitFor(() => office.slots.find((w) => w?.pending), 'a busy engine');
        process.kill(-busy.pid, 'SIGKILL');
        return busy;
      };
      // Once: the conversion is retried on a fresh engine and succeeds.
      const once = t.convertDirect('four.docx', await fixtureBytes('four-pages.docx'));
      await killBusy();
      assert.equal((await once).status, 200);
      // Twice: the document is taken to be what kills it.
      const twice = t.convertDirect('heavy.csv', heavyCsv());
      const first = await killBusy();
      await waitFor(() => office.slots.some((w) => w?.pending && w !== first), 'the retry on a fresh engine');
      await killBusy();
      const r = await twice;
      assert.equal(r.status, 500);
      assert.equal(r.json.error.code, 'ConversionFailed');
      assert.match(r.json.error.message, /LibreOffice stopped unexpectedly/);
      assert.equal((await t.convertDirect('after.txt', Buffer.from('fine'))).status, 200);
      assert.ok(office.status().restarts >= 2);
    } finally {
      await t.close();
    }
  });

  test(
    '--restart-after replaces an engine after N conversions; --idle-shutdown-ms stops an idle one',
    SLOW,
    async () => {
      const t = await startLocalServer({ converter: 'real', workers: 1, restartAfter: 2, idleShutdownMs: 1500 });
      try {
        const office = officeOf(t);
        for (let i = 0; i < 3; i++)
          assert.equal((await t.convertDirect(`n${i}.txt`, Buffer.from(`n${i}`))).status, 200);
        const health = await (await fetch(`${t.url}/health`)).json();
        assert.ok(health.engines.office.restarts >= 1, JSON.stringify(health.engines));
        // Idle: the engine stops, /health says so, and the next conversion starts one again.
        await waitFor(() => office.status().up === 0 && office.status().starting === 0, 'the idle engine to stop', {
          giveUpMs: 30_000,
        });
        assert.equal((await (await fetch(`${t.url}/health`)).json()).engines.office.up, 0);
        assert.equal((await t.convertDirect('again.txt', Buffer.from('again'))).status, 200);
        assert.equal(office.status().up, 1);
      } finally {
        await t.close();
      }
    },
  );

  test(
    'a storm of 20 bad and 20 good documents at concurrency 4: every good one converts, health stays quick',
    { timeout: 600_000 },
    async () => {
      const t = await startLocalServer({ converter: 'real', workers: 2, conversionTimeoutMs: 15_000 });
      try {
        const docx = await fixtureBytes('one-page.docx');
        const bad = [
          ...Array.from({ length: 6 }, (_, i) => ({
            name: `truncated${i}.docx`,
            bytes: docx.subarray(0, 200 + i * 300),
            status: 400,
          })),
          ...Array.from({ length: 6 }, (_, i) => ({
            name: `random${i}.docx`,
            bytes: randomBytes(5000 + i),
            status: 400,
          })),
          ...Array.from({ length: 6 }, (_, i) => ({ name: `bomb${i}.docx`, bytes: i % 2 ? liar : bomb, status: 413 })),
          ...Array.from({ length: 2 }, (_, i) => ({ name: `busy${i}.csv`, bytes: heavyCsv(300_000), status: 504 })),
        ];
        const good = Array.from({ length: 20 }, (_, i) => ({ name: `good${i}.docx`, bytes: docx, status: 200 }));
        const jobs = bad.flatMap((b, i) => [b, good[i]]); // interleaved
        const storm = { over: false };
        const healthChecks = (async () => {
          let answered = 0;
          while (!storm.over) {
            // Each check must answer within a second: a slower one aborts, and the test fails.
            const r = await fetch(`${t.url}/health`, { signal: AbortSignal.timeout(1000) });
            assert.equal(r.status, 200);
            await r.arrayBuffer();
            answered += 1;
            await new Promise((resolve) => setTimeout(resolve, 200));
          }
          return answered;
        })();
        const results = new Array(jobs.length);
        let next = 0;
        await Promise.all(
          Array.from({ length: 4 }, async () => {
            while (next < jobs.length) {
              const i = next++;
              results[i] = await t.convertDirect(jobs[i].name, jobs[i].bytes);
            }
          }),
        );
        storm.over = true;
        assert.ok((await healthChecks) >= 5);
        for (const [i, job] of jobs.entries()) {
          const r = results[i];
          assert.equal(r.status, job.status, `${job.name}: ${r.body.toString().slice(0, 200)}`);
          if (job.status !== 200) assert.ok(r.json.error.code, `${job.name}: a typed error`);
          // Random bytes named .docx: refused by their signature, not opened by LibreOffice as plain text.
          if (job.name.startsWith('random')) assert.match(r.json.error.message, /not a docx file/);
        }
        assert.equal((await t.convertDirect('after.docx', docx)).status, 200, 'the server is fine afterwards');
      } finally {
        await t.close();
      }
    },
  );
});
