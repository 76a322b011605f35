// SPDX-License-Identifier: MIT
// Graceful shutdown (issue 20 item 6): on SIGTERM the server process stops accepting connections, lets the
// requests and conversions (async operations too) that are running finish within --shutdown-grace-ms, then
// exits 0; past the grace it cuts them and still exits 0. The server runs as a process with the fake
// converter holding each conversion until the test releases it (tests/support/fake-server-child.mjs), so no
// clock decides anything.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { getToken, multipart, request } from '../support/server.js';
import { FAKE_SERVER, startServerProcess } from '../support/server-process.js';
import { useTempDir } from '../support/temp-dir.js';

const HOLD = { FAKE_HOLD: '1' };

/** A direct conversion (PUT /v2.0/conversion, or its async twin) of a fake document. */
function convert(url, token, path = '/v2.0/conversion?format=pdf') {
  const { body, contentType } = multipart([{ name: 'File', filename: 'file.name', data: 'FAKEDOC pages=1' }]);
  return request(url, { method: 'PUT', path, token, headers: { 'Content-Type': contentType }, body });
}

/** Resolves once `count` conversions have started in the server process. */
function conversionsStarted(server, count) {
  return server.waitForStdout(new RegExp(`(?:converting\\n[^]*){${count}}`), `${count} conversion(s) started`);
}

describe('SIGTERM with work in flight', () => {
  const data = useTempDir('gd-server-shutdown-');

  test(
    'within --shutdown-grace-ms: no new connection is accepted, the running request answers 200, the async operation finishes, exit 0',
    { timeout: 60_000 },
    async (t) => {
      const server = startServerProcess(
        FAKE_SERVER,
        ['--port', '0', '--workers', '2', '--shutdown-grace-ms', '60000', '--data', data.path],
        { env: HOLD, signal: t.signal },
      );
      try {
        const url = await server.url();
        const token = await getToken(url);
        const started = await convert(url, token, '/v2.0/conversion/async?format=pdf');
        assert.equal(started.status, 200);
        const operationId = started.json;
        const inFlight = convert(url, token);
        await conversionsStarted(server, 2);

        server.child.kill('SIGTERM');
        await server.waitForStderr(/shutting down: waiting up to 60000 ms for 1 request\(s\) and 2 conversion\(s\)/);
        await assert.rejects(request(url, { path: '/' }), /ECONNREFUSED|ECONNRESET/);

        server.child.stdin.write('release\n');
        const answer = await inFlight;
        assert.equal(answer.status, 200);
        assert.equal(answer.body.toString(), 'FAKE docx->pdf of 15 bytes');
        assert.equal(answer.headers.connection, 'close');
        assert.equal(await server.exited, 0, server.stderr());
        assert.doesNotMatch(server.stderr(), /grace over/);
        const operation = JSON.parse(await readFile(join(data.path, 'operations', `${operationId}.json`), 'utf8'));
        assert.equal(operation.status, 'Finished');
      } finally {
        await server.stop();
      }
    },
  );

  test(
    'past --shutdown-grace-ms: the request is cut off and the process still exits 0',
    { timeout: 60_000 },
    async (t) => {
      const server = startServerProcess(FAKE_SERVER, ['--port', '0', '--workers', '1', '--shutdown-grace-ms', '200'], {
        env: HOLD,
        signal: t.signal,
      });
      try {
        const url = await server.url();
        const inFlight = convert(url, await getToken(url));
        await conversionsStarted(server, 1);
        server.child.kill('SIGTERM');
        await assert.rejects(inFlight, /socket hang up|ECONNRESET/);
        assert.equal(await server.exited, 0, server.stderr());
        assert.match(server.stderr(), /shutting down: grace over, cutting 1 request\(s\) short/);
      } finally {
        await server.stop();
      }
    },
  );

  test('idle: exits 0 at once, without waiting for the grace', { timeout: 60_000 }, async (t) => {
    const server = startServerProcess(FAKE_SERVER, ['--port', '0', '--shutdown-grace-ms', '3600000'], {
      signal: t.signal,
    });
    try {
      await server.url();
      server.child.kill('SIGTERM');
      assert.equal(await server.exited, 0, server.stderr());
      assert.doesNotMatch(server.stderr(), /waiting up to/);
    } finally {
      await server.stop();
    }
  });
});
