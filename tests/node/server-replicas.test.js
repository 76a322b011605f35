// SPDX-License-Identifier: MIT
// Two server processes on one --data folder (issue 20 item 8: compose.yaml's replicas, tested without Docker):
// a token from one is good on the other (one signing key, written once), a file uploaded through one downloads
// through the other, an async operation started on one is polled to Finished and its result fetched on the
// other, and a server that starts while another runs an operation leaves it running (the lease) instead of
// failing it as cut short.

import { after, before, describe, test } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { fixtureBytes } from '../support/fixtures.js';
import { SERVER_CLI, startServerProcess } from '../support/server-process.js';
import { getToken, multipart, request, waitForOperation } from '../support/server.js';

const SLOW = { timeout: 180_000 };

describe('two servers on one --data folder', { timeout: 600_000 }, () => {
  const data = { path: '' };
  const servers = [];
  let a;
  let b;
  const start = async () => {
    const process = startServerProcess(SERVER_CLI, ['--port', '0', '--workers', '1', '--data', data.path]);
    servers.push(process);
    const url = await process.url();
    return { url, call: (o) => request(url, { token: a?.token ?? b?.token, ...o }) };
  };
  before(async () => {
    data.path = await mkdtemp(join(tmpdir(), 'gdcw-replicas-'));
    a = await start();
    a.token = await getToken(a.url);
    b = await start();
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.terminate())); // the servers first: they write in the folder
    if (data.path) await rm(data.path, { recursive: true, force: true });
  });

  test('a token from one is good on the other', async () => {
    assert.equal((await request(b.url, { path: '/v2.0/conversion/license', token: a.token })).status, 200);
    const fromB = await getToken(b.url);
    assert.equal((await request(a.url, { path: '/v2.0/conversion/license', token: fromB })).status, 200);
  });

  test('a file uploaded through one is downloaded through the other', async () => {
    const bytes = await fixtureBytes('four-pages.docx');
    const { body, contentType } = multipart([
      { name: 'File', filename: 'file.name', contentType: 'application/octet-stream', data: bytes },
    ]);
    const up = await a.call({
      method: 'PUT',
      path: '/v2.0/conversion/storage/file/shared/report.docx',
      headers: { 'Content-Type': contentType },
      body,
    });
    assert.equal(up.status, 200);
    const down = await b.call({ path: '/v2.0/conversion/storage/file/shared/report.docx' });
    assert.equal(down.status, 200);
    assert.ok(down.body.equals(bytes));
  });

  test('an async operation started on one is polled to Finished on the other', SLOW, async () => {
    const started = await a.call({
      method: 'POST',
      path: '/v2.0/conversion/async',
      json: { filePath: 'shared/report.docx', format: 'pdf', outputPath: 'out' },
    });
    assert.equal(started.status, 200, started.body.toString());
    const op = await waitForOperation(b.call, started.json);
    assert.equal(op.status, 'Finished', JSON.stringify(op));
    assert.deepEqual(
      op.result.map((r) => r.path),
      ['out/report.pdf'],
    );
    const result = await b.call({ path: `/v2.0/conversion/async/result?id=${started.json}` });
    assert.equal(result.status, 200);
    assert.equal(result.body.subarray(0, 5).toString(), '%PDF-');
    assert.ok(!('owner' in op) && !('heartbeat' in op), 'the lease is not part of the API');
  });

  test(
    'a direct (multipart) operation on the other: its result bytes are fetched through the first',
    SLOW,
    async () => {
      const { body, contentType } = multipart([
        { name: 'File', filename: 'note.txt', contentType: 'application/octet-stream', data: Buffer.from('hello') },
      ]);
      const started = await b.call({
        method: 'PUT',
        path: '/v2.0/conversion/async?format=pdf',
        headers: { 'Content-Type': contentType },
        body,
      });
      assert.equal(started.status, 200, started.body.toString());
      assert.equal((await waitForOperation(a.call, started.json)).status, 'Finished');
      const result = await a.call({ path: `/v2.0/conversion/async/result?id=${started.json}` });
      assert.equal(result.status, 200);
      assert.equal(result.body.subarray(0, 5).toString(), '%PDF-');
    },
  );

  test('a server starting while another runs an operation leaves it running', SLOW, async () => {
    const started = await a.call({
      method: 'POST',
      path: '/v2.0/conversion/async',
      json: { filePath: 'shared/report.docx', format: 'png', outputPath: 'pages' },
    });
    assert.equal(started.status, 200);
    const third = await start(); // reads the operations folder while the conversion runs on the first
    const seen = await third.call({ path: `/v2.0/conversion/async?id=${started.json}` });
    assert.equal(seen.status, 200);
    assert.notEqual(seen.json.status, 'Failed', JSON.stringify(seen.json));
    assert.equal((await waitForOperation(third.call, started.json)).status, 'Finished');
  });
});
