// SPDX-License-Identifier: MIT
// The request log (issue 20 item 5): one line per request on the server process's stderr, json or text, with
// its request id (an incoming x-request-id or W3C traceparent honoured and echoed), and never a secret: not
// the client secret of the token body, not a Bearer token, not a token in a query string, not a document
// password.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { requestIdOf } from '../../server/request-log.js';
import { createLogWriter, defaultLogFormat } from '../../server/log-format.js';
import { getToken, multipart, request } from '../support/server.js';
import { FAKE_SERVER, jsonLines, startServerProcess } from '../support/server-process.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('requestIdOf', () => {
  test('an incoming x-request-id is the id', () => {
    assert.equal(requestIdOf({ 'x-request-id': 'abc-123_x.y:z' }), 'abc-123_x.y:z');
  });

  test("else a valid traceparent's trace id", () => {
    assert.equal(requestIdOf({ traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01` }), TRACE_ID);
    assert.equal(requestIdOf({ traceparent: `01-${TRACE_ID}-00f067aa0ba902b7-01-future` }), TRACE_ID);
    assert.equal(requestIdOf({ 'x-request-id': 'wins', traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01` }), 'wins');
  });

  test('else, and for ids unfit for a header or a log line, a new UUID', () => {
    for (const headers of [
      {},
      { 'x-request-id': '' },
      { 'x-request-id': 'has space' },
      { 'x-request-id': 'line\nbreak' },
      { 'x-request-id': 'a'.repeat(129) },
      { 'x-request-id': 'quote"d' },
      { traceparent: `ff-${TRACE_ID}-00f067aa0ba902b7-01` },
      { traceparent: `00-${'0'.repeat(32)}-00f067aa0ba902b7-01` },
      { traceparent: `00-${TRACE_ID.toUpperCase()}-00f067aa0ba902b7-01` },
      { traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01-extra` },
      { traceparent: 'garbage' },
    ]) {
      assert.match(requestIdOf(headers), UUID, JSON.stringify(headers));
    }
  });
});

describe('log formats', () => {
  const entry = {
    time: '2025-01-02T03:04:05.678Z',
    requestId: 'r-1',
    method: 'GET',
    path: '/v2.0/conversion/storage/file/a b.txt',
    status: 200,
    durationMs: 1.5,
    bytesIn: 120,
    bytesOut: 340,
  };

  test('json: one object per line, requests and messages alike', () => {
    const lines = [];
    const log = createLogWriter('json', (line) => lines.push(line));
    log.request(entry);
    log.message('warning: something');
    log.message('started');
    assert.deepEqual(JSON.parse(lines[0]), { ...entry, level: 'info', msg: 'request' });
    assert.deepEqual(
      lines
        .slice(1)
        .map((l) => JSON.parse(l))
        .map(({ level, msg }) => [level, msg]),
      [
        ['warn', 'warning: something'],
        ['info', 'started'],
      ],
    );
  });

  test('text: one readable line, the path one token', () => {
    const lines = [];
    const log = createLogWriter('text', (line) => lines.push(line));
    log.request(entry);
    log.request({ ...entry, status: null });
    log.message('started');
    assert.deepEqual(lines, [
      '2025-01-02T03:04:05.678Z r-1 GET /v2.0/conversion/storage/file/a%20b.txt 200 1.5ms in=120 out=340',
      '2025-01-02T03:04:05.678Z r-1 GET /v2.0/conversion/storage/file/a%20b.txt - 1.5ms in=120 out=340',
      'started',
    ]);
  });

  test('the default: text on a terminal, json elsewhere', () => {
    assert.equal(defaultLogFormat({ isTTY: true }), 'text');
    assert.equal(defaultLogFormat({ isTTY: false }), 'json');
    assert.equal(defaultLogFormat({}), 'json');
  });
});

describe('the log of a server process', () => {
  test(
    'json by default on a pipe: one line per request, with its fields, and no secret',
    { timeout: 60_000 },
    async (t) => {
      const clientId = `log-test-${randomBytes(4).toString('hex')}`;
      const secret = `secret-${randomBytes(16).toString('hex')}`;
      const password = `pw-${randomBytes(16).toString('hex')}`;
      const server = startServerProcess(FAKE_SERVER, ['--port', '0', '--workers', '1'], {
        env: { GROUPDOCS_SERVER_CLIENT_ID: clientId, GROUPDOCS_SERVER_CLIENT_SECRET: secret },
        signal: t.signal,
      });
      try {
        const url = await server.url();
        const token = await getToken(url, clientId, secret);
        const sent = []; // [method, path, status] of every request, as the log must show them
        const call = async (options) => {
          const r = await request(url, options);
          sent.push([options.method ?? 'GET', options.path.split('?')[0], r.status, r.headers['x-request-id']]);
          return r;
        };
        sent.push(['POST', '/connect/token', 200, undefined]);

        const byId = await call({ path: '/', headers: { 'x-request-id': 'client-chosen-id-1' } });
        assert.equal(byId.headers['x-request-id'], 'client-chosen-id-1');
        const byTrace = await call({ path: '/', headers: { traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01` } });
        assert.equal(byTrace.headers['x-request-id'], TRACE_ID);

        const doc = Buffer.from(`FAKEDOC pages=2 ${'x'.repeat(5000)}`);
        const upload = multipart([{ name: 'File', filename: 'file.name', data: doc }]);
        const put = await call({
          method: 'PUT',
          path: '/v2.0/conversion/storage/file/in/doc.docx',
          token,
          headers: { 'Content-Type': upload.contentType },
          body: upload.body,
        });
        assert.equal(put.status, 200);
        // Tokens and secrets in a query string, as some clients send them: the query is never logged.
        const get = await call({
          path: `/v2.0/conversion/storage/file/in/doc.docx?access_token=${token}&client_secret=${secret}`,
          token,
        });
        assert.equal(get.status, 200);
        const storageConvert = await call({
          method: 'POST',
          path: '/v2.0/conversion',
          token,
          json: { filePath: 'in/doc.docx', format: 'pdf', loadOptions: { password } },
        });
        assert.equal(storageConvert.status, 200);
        const direct = multipart([
          { name: 'File', filename: 'file.name', data: doc },
          { name: 'loadOptions', data: JSON.stringify({ password }) },
        ]);
        const directConvert = await call({
          method: 'PUT',
          path: '/v2.0/conversion?format=pdf',
          token,
          headers: { 'Content-Type': direct.contentType },
          body: direct.body,
        });
        assert.equal(directConvert.status, 200);
        assert.equal((await call({ path: '/v2.0/conversion/storage/file/missing.txt', token })).status, 404);
        const wrongSecret = await call({
          method: 'POST',
          path: '/connect/token',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: `grant_type=client_credentials&client_id=${clientId}&client_secret=${secret}x`,
        });
        assert.equal(wrongSecret.status, 400);

        server.child.kill('SIGTERM');
        assert.equal(await server.exited, 0, server.stderr());

        const lines = jsonLines(server.stderr());
        for (const line of lines) {
          assert.match(line.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
          assert.ok(['info', 'warn', 'error'].includes(line.level), JSON.stringify(line));
        }
        const requests = lines.filter((l) => l.msg === 'request');
        assert.deepEqual(
          requests.map((r) => [r.method, r.path, r.status]),
          sent.map(([method, path, status]) => [method, path, status]),
        );
        for (const [i, r] of requests.entries()) {
          assert.equal(typeof r.durationMs, 'number');
          assert.ok(r.durationMs >= 0);
          assert.ok(Number.isInteger(r.bytesIn) && r.bytesIn > 0, JSON.stringify(r));
          assert.ok(Number.isInteger(r.bytesOut) && r.bytesOut > 0, JSON.stringify(r));
          if (sent[i][3]) assert.equal(r.requestId, sent[i][3], 'the id the response carried');
          else assert.match(r.requestId, UUID);
        }
        assert.equal(requests[1].requestId, 'client-chosen-id-1');
        assert.equal(requests[2].requestId, TRACE_ID);
        // Bytes are counted on the connection, headers included: the upload's body and the download's file.
        assert.ok(requests[3].bytesIn > upload.body.length, JSON.stringify(requests[3]));
        assert.ok(requests[4].bytesOut > doc.length, JSON.stringify(requests[4]));

        const everything = server.stderr() + server.stdout();
        for (const [what, value] of [
          ['the client secret', secret],
          ['the token', token],
          ["the token's signature", token.split('.')[2]],
          ['the document password', password],
        ]) {
          assert.ok(!everything.includes(value), `${what} is in the output`);
        }
        assert.ok(!/authorization|bearer/i.test(server.stderr()), 'an Authorization header is in the log');
      } finally {
        await server.stop();
      }
    },
  );

  test(
    '--log-format text and GROUPDOCS_SERVER_LOG_FORMAT=text: a readable line per request',
    { timeout: 60_000 },
    async (t) => {
      for (const [args, env] of [
        [['--log-format', 'text'], {}],
        [[], { GROUPDOCS_SERVER_LOG_FORMAT: 'text' }],
      ]) {
        const server = startServerProcess(FAKE_SERVER, ['--port', '0', '--workers', '1', ...args], {
          env,
          signal: t.signal,
        });
        try {
          const url = await server.url();
          await request(url, { path: '/nowhere?token=abc', headers: { 'x-request-id': 'text-1' } });
          const line = await server.waitForStderr(/^.*text-1.*$/m, 'the request line');
          assert.match(line[0], /^\d{4}-\d\d-\d\dT[\d:.]+Z text-1 GET \/nowhere 404 [\d.]+ms in=\d+ out=\d+$/);
        } finally {
          await server.stop();
        }
      }
    },
  );

  test('an unknown --log-format is a usage error', async (t) => {
    const server = startServerProcess(FAKE_SERVER, ['--log-format', 'xml'], { signal: t.signal });
    assert.equal(await server.exited, 2);
    assert.match(server.stderr(), /--log-format must be json or text, got "xml"/);
  });
});
