// SPDX-License-Identifier: MIT
// The local server run like a service (issue 20 items 1-3): GET /health and /version (unauthenticated; 503
// when conversions cannot work), GET /metrics with --metrics (Prometheus text, the counts moved by real work),
// and back-pressure: a bounded queue answers 429 with Retry-After (sync and async routes), a job that waits
// past the queue timeout gets 503, and 200 concurrent convert() calls through the client against
// --workers 2 --max-queue 8 all finish while the server's memory stays bounded.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ConversionClient } from 'groupdocs-conversion-wasm';
import { createConverter } from '../../server/converters/index.js';
import { startLocalServer, useLocalServer } from '../support/local-server.js';
import { DEV_CLIENT_ID, DEV_CLIENT_SECRET } from '../support/server.js';
import { waitFor } from '../support/wait-for.js';

const CLI = fileURLToPath(new URL('../../server/cli.js', import.meta.url));
const SLOW = { timeout: 180_000 };

/** The value of one metric line (labels as written by prom-client), or undefined. */
function metric(text, name, labels = '') {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('health and version', { timeout: 300_000 }, () => {
  const t = useLocalServer({ converter: 'real', workers: 1 });

  test('GET /health: each part, unauthenticated, 200 while conversions can work', SLOW, async () => {
    const r = await fetch(`${t.url}/health`); // no token
    assert.equal(r.status, 200);
    const body = await r.json();
    assert.equal(body.status, 'ok');
    assert.deepEqual(body.problems, []);
    assert.equal(body.storage.writable, true);
    assert.equal(body.engines.office.size, 1);
    assert.equal(body.engines.poppler.present, true);
    assert.deepEqual(Object.keys(body.queue).sort(), ['maxWaiting', 'running', 'slots', 'waiting']);
    // Once a conversion ran, its engine is up.
    assert.equal((await t.convertDirect('a.txt', Buffer.from('hello'))).status, 200);
    const after = await (await fetch(`${t.url}/health`)).json();
    assert.equal(after.engines.office.up, 1);
    assert.equal(after.engines.office.busy, 0);
  });

  test('GET /version: the server, Node, LibreOffice, Poppler and qpdf', async () => {
    const r = await fetch(`${t.url}/version`);
    assert.equal(r.status, 200);
    const v = await r.json();
    const pkg = JSON.parse(await readFile(new URL('../../server/package.json', import.meta.url), 'utf8'));
    assert.equal(v.server, pkg.version);
    assert.equal(v.node, process.versions.node);
    for (const engine of ['libreoffice', 'poppler', 'qpdf']) assert.match(v[engine], /^\d+\.\d+/, engine);
    assert.equal((await fetch(`${t.url}/version`, { method: 'POST' })).status, 405);
  });

  test('503 when conversions cannot work: LibreOffice missing', SLOW, async () => {
    const converter = createConverter({ workers: 1, soffice: '/nonexistent/soffice' });
    const broken = await startLocalServer({ converter });
    try {
      const r = await fetch(`${broken.url}/health`);
      assert.equal(r.status, 503);
      const body = await r.json();
      assert.equal(body.status, 'unavailable');
      assert.ok(body.problems.includes('LibreOffice is not installed'), body.problems.join('; '));
      assert.equal((await (await fetch(`${broken.url}/version`)).json()).libreoffice, null);
    } finally {
      await broken.close();
      await converter.close();
    }
  });
});

describe('metrics', { timeout: 300_000 }, () => {
  test('off by default: GET /metrics is 404', async () => {
    const plain = await startLocalServer({ converter: 'fake' });
    try {
      assert.equal((await fetch(`${plain.url}/metrics`)).status, 404);
    } finally {
      await plain.close();
    }
  });

  test('with --metrics: Prometheus text whose counts move with real work', SLOW, async () => {
    const t = await startLocalServer({ converter: 'real', workers: 1, metrics: true });
    try {
      const before = await (await fetch(`${t.url}/metrics`)).text();
      assert.equal(
        metric(before, 'groupdocs_server_conversions_total', 'source="txt",target="pdf",outcome="ok"'),
        undefined,
      );
      assert.equal((await t.upload('kept.txt', Buffer.alloc(1000, 65))).status, 200);
      assert.equal((await t.convertDirect('a.txt', Buffer.from('hello'))).status, 200);
      assert.equal((await t.convertDirect('b.txt', Buffer.from('again'))).status, 200);
      assert.equal((await t.convertDirect('broken.docx', Buffer.from('PK\x03\x04 not a zip'))).status, 400);

      const r = await fetch(`${t.url}/metrics`);
      assert.equal(r.status, 200);
      assert.match(r.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
      const text = await r.text();
      assert.equal(metric(text, 'groupdocs_server_conversions_total', 'source="txt",target="pdf",outcome="ok"'), 2);
      assert.equal(
        metric(text, 'groupdocs_server_conversions_total', 'source="docx",target="pdf",outcome="CorruptDocument"'),
        1,
      );
      assert.equal(metric(text, 'groupdocs_server_conversion_duration_seconds_count', 'source="txt",target="pdf"'), 2);
      assert.equal(
        metric(text, 'groupdocs_server_http_requests_total', 'route="/v2.0/conversion",method="PUT",status="200"'),
        2,
      );
      assert.equal(
        metric(
          text,
          'groupdocs_server_http_requests_total',
          'route="/v2.0/conversion/storage/file",method="PUT",status="200"',
        ),
        1,
        'routes are labelled by pattern, never by file path',
      );
      assert.equal(metric(text, 'groupdocs_server_storage_bytes'), 1000);
      assert.equal(metric(text, 'groupdocs_server_engines_up'), 1);
      assert.equal(metric(text, 'groupdocs_server_engines_busy'), 0);
      assert.equal(metric(text, 'groupdocs_server_queue_depth'), 0);
      assert.equal(metric(text, 'groupdocs_server_engine_restarts_total'), 0);
      assert.ok(metric(text, 'groupdocs_server_process_resident_memory_bytes') > 0);
    } finally {
      await t.close();
    }
  });
});

describe('back-pressure', { timeout: 600_000 }, () => {
  test('a full queue answers 429 with Retry-After, sync and async, before reading the upload', async () => {
    const t = await startLocalServer({ converter: 'fake', workers: 1, maxQueue: 2 });
    try {
      let release;
      t.fake.gate = new Promise((resolve) => (release = resolve));
      const held = [1, 2, 3].map((i) => t.convertDirect(`held${i}.docx`, Buffer.from('FAKEDOC')));
      await waitFor(() => t.server.app.pool.stats().queued === 2, 'one running, two waiting');

      const refused = await t.convertDirect('more.docx', Buffer.from('FAKEDOC'));
      assert.equal(refused.status, 429);
      assert.equal(refused.json.error.code, 'TooManyRequests');
      assert.match(refused.headers['retry-after'], /^[1-9]\d*$/);
      assert.equal((await t.upload('src.docx', Buffer.from('FAKEDOC'))).status, 200, 'storage still works');
      const async = await t.call({
        method: 'POST',
        path: '/v2.0/conversion/async',
        json: { filePath: 'src.docx', format: 'pdf' },
      });
      assert.equal(async.status, 429, 'no operation is created to fail later');
      assert.ok(async.headers['retry-after']);
      assert.equal((await fetch(`${t.url}/health`)).status, 200, 'health answers while the queue is full');

      release();
      for (const r of await Promise.all(held)) assert.equal(r.status, 200);
      assert.equal((await t.convertDirect('after.docx', Buffer.from('FAKEDOC'))).status, 200);
    } finally {
      await t.close();
    }
  });

  test('a job waiting longer than --queue-timeout-ms gets 503', async () => {
    const t = await startLocalServer({ converter: 'fake', workers: 1, queueTimeoutMs: 300 });
    try {
      let release;
      t.fake.gate = new Promise((resolve) => (release = resolve));
      const running = t.convertDirect('first.docx', Buffer.from('FAKEDOC'));
      await waitFor(() => t.server.app.pool.stats().active === 1, 'the first running');
      const waited = await t.convertDirect('second.docx', Buffer.from('FAKEDOC'));
      assert.equal(waited.status, 503);
      assert.equal(waited.json.error.code, 'QueueTimeout');
      release();
      assert.equal((await running).status, 200);
    } finally {
      await t.close();
    }
  });

  test(
    '200 concurrent convert() calls against --workers 2 --max-queue 8: none fails, memory bounded',
    { timeout: 600_000 },
    async () => {
      const server = spawn(process.execPath, [CLI, '--port', '0', '--workers', '2', '--max-queue', '8'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      try {
        let out = '';
        server.stdout.on('data', (c) => (out += c));
        server.stderr.resume();
        const url = await waitFor(
          () => /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1],
          'the server to start',
        );
        const rssKiB = async (field) =>
          Number(new RegExp(`${field}:\\s+(\\d+)`).exec(await readFile(`/proc/${server.pid}/status`, 'utf8'))[1]);
        const client = await ConversionClient.create({
          baseUrl: url,
          clientId: DEV_CLIENT_ID,
          clientSecret: DEV_CLIENT_SECRET,
          // 190 of 200 calls are refused at first: the most attempts the client allows, with no deadline.
          retry: { maxAttempts: 11, deadlineMs: 0 },
        });
        try {
          await client.convert(new TextEncoder().encode('warm up'), { format: 'pdf', fileName: 'warm.txt' });
          const idle = await rssKiB('VmRSS');
          const results = await Promise.allSettled(
            Array.from({ length: 200 }, (_, i) =>
              client.convert(new TextEncoder().encode(`document ${i}`), { format: 'pdf', fileName: `doc-${i}.txt` }),
            ),
          );
          const failed = results.filter((r) => r.status === 'rejected');
          assert.equal(
            failed.length,
            0,
            failed
              .slice(0, 3)
              .map((r) => String(r.reason))
              .join('\n'),
          );
          for (const r of results) assert.equal(r.value.files.length, 1);
          const peak = await rssKiB('VmHWM');
          assert.ok(peak - idle < 150 * 1024, `server RSS grew by ${Math.round((peak - idle) / 1024)} MiB`);
        } finally {
          client.close();
        }
      } finally {
        server.kill('SIGTERM');
        await new Promise((resolve) => server.once('exit', resolve));
      }
    },
  );
});
