// SPDX-License-Identifier: MIT
// Fault injection on /__admin (only with `faults: true`): status rules, delays, dropped connections,
// truncated bodies, malformed JSON, token expiry, operation faults, reset and the request journal.

import { test, describe, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { startLocalServer, useLocalServer } from '../support/local-server.js';
import { request, getToken, multipart, waitForOperation, DEV_CLIENT_SECRET } from '../support/server.js';
import { waitFor } from '../support/wait-for.js';

/** Admin call helper (no token needed). */
const admin = (t, method, path, json) => request(t.url, { method, path: `/__admin${path}`, json });

/**
 * Sends a request over a raw socket and returns every byte received and how the connection ended, so that
 * a drop after the headers or a truncated body can be seen exactly.
 */
function rawExchange(url, { method = 'GET', path, token, body = '' }) {
  const { hostname, port } = new URL(url);
  const head = [
    `${method} ${path} HTTP/1.1`,
    `Host: ${hostname}:${port}`,
    'Connection: close',
    `Content-Length: ${Buffer.byteLength(body)}`,
  ];
  if (token) head.push(`Authorization: Bearer ${token}`);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname, () => socket.write(`${head.join('\r\n')}\r\n\r\n${body}`));
    const chunks = [];
    let endedBy = 'fin';
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', () => {
      endedBy = 'reset';
    });
    socket.on('close', () => {
      const raw = Buffer.concat(chunks);
      const split = raw.indexOf('\r\n\r\n');
      const headText = split < 0 ? raw.toString('latin1') : raw.subarray(0, split).toString('latin1');
      const status = Number(/^HTTP\/1\.1 (\d+)/.exec(headText)?.[1] ?? 0);
      const length = Number(/\r\ncontent-length: (\d+)/i.exec(headText)?.[1] ?? -1);
      resolve({ raw, status, length, body: split < 0 ? Buffer.alloc(0) : raw.subarray(split + 4), endedBy, headText });
    });
  });
}

describe('admin routes are off unless enabled', () => {
  test('without faults: every /__admin path is a JSON 404 and nothing is journaled', async () => {
    const t = await startLocalServer({ converter: 'fake' });
    try {
      for (const [method, path] of [
        ['GET', ''],
        ['POST', '/faults'],
        ['POST', '/reset'],
        ['GET', '/journal'],
      ]) {
        const r = await admin(t, method, path, method === 'POST' ? { status: 500 } : undefined);
        assert.equal(r.status, 404, `${method} ${path}`);
        assert.equal(r.json.error.code, 'NotFound');
      }
      assert.equal(t.server.app.faults, null);
      assert.equal((await request(t.url, { path: '/' })).json.faults, false);
    } finally {
      await t.close();
    }
  });
});

describe('fault rules', () => {
  const t = useLocalServer({ converter: 'fake', faults: true });
  beforeEach(async () => {
    await admin(t, 'DELETE', '/faults');
  });

  test('GET /__admin lists the routes', async () => {
    const r = await admin(t, 'GET', '');
    assert.equal(r.status, 200);
    assert.ok(r.json.routes['POST /__admin/faults']);
  });

  test('status rule: the next N matching requests get the status, Retry-After and the API error body', async () => {
    const rule = await admin(t, 'POST', '/faults', {
      method: 'GET',
      path: '/v2.0/conversion/formats',
      status: 503,
      retryAfter: 2,
      times: 2,
    });
    assert.equal(rule.status, 201);
    assert.match(rule.json.id, /^f\d+$/);
    assert.equal(rule.json.times, 2);
    for (let i = 0; i < 2; i += 1) {
      const r = await t.call({ path: '/v2.0/conversion/formats' });
      assert.equal(r.status, 503);
      assert.equal(r.headers['retry-after'], '2');
      assert.equal(r.json.error.code, 'InjectedFault');
      assert.equal(r.json.requestId, r.headers['x-request-id']);
    }
    assert.equal((await t.call({ path: '/v2.0/conversion/formats' })).status, 200);
    assert.deepEqual((await admin(t, 'GET', '/faults')).json.rules, []);
  });

  test('a custom body and headers are sent as given; the rule does not need auth to fire', async () => {
    await admin(t, 'POST', '/faults', {
      path: '/v2.0/conversion/license',
      status: 429,
      body: { error: { code: 'Throttled', message: 'slow down' } },
      headers: { 'x-custom': 'yes' },
    });
    const r = await request(t.url, { path: '/v2.0/conversion/license' });
    assert.equal(r.status, 429);
    assert.deepEqual(r.json, { error: { code: 'Throttled', message: 'slow down' } });
    assert.equal(r.headers['x-custom'], 'yes');
  });

  test('the method must match; a regex can match the path; the token route can be faulted too', async () => {
    await admin(t, 'POST', '/faults', { method: 'POST', path: '/v2.0/conversion/license', status: 500 });
    assert.equal((await t.call({ path: '/v2.0/conversion/license' })).status, 200);
    await admin(t, 'DELETE', '/faults');
    await admin(t, 'POST', '/faults', {
      pathRegex: '^/v2\\.0/conversion/storage/(file|folder)/x\\d+$',
      status: 500,
      times: -1,
    });
    assert.equal((await t.call({ path: '/v2.0/conversion/storage/file/x12' })).status, 500);
    assert.equal((await t.call({ path: '/v2.0/conversion/storage/folder/x3' })).status, 500);
    assert.equal((await t.call({ path: '/v2.0/conversion/storage/file/y12' })).status, 404);
    assert.equal((await admin(t, 'GET', '/faults')).json.rules.length, 1, 'times: -1 stays');
    await admin(t, 'DELETE', '/faults');
    await admin(t, 'POST', '/faults', { method: 'post', path: '/connect/token', status: 503, retryAfter: 1 });
    await assert.rejects(getToken(t.url), /503/);
    assert.ok(await getToken(t.url));
  });

  test('several rules at once; delete one by id', async () => {
    const r = await admin(t, 'POST', '/faults', [
      { path: '/a', status: 500 },
      { path: '/b', status: 501 },
    ]);
    assert.equal(r.status, 201);
    assert.equal(r.json.rules.length, 2);
    const del = await admin(t, 'DELETE', `/faults/${r.json.rules[0].id}`);
    assert.deepEqual(
      del.json.rules.map((x) => x.path),
      ['/b'],
    );
    assert.equal((await admin(t, 'DELETE', '/faults/f999999')).status, 404);
  });

  test('invalid rules are 400s', async () => {
    for (const bad of [
      { action: 'explode' },
      { status: 42 },
      { status: 500, times: 0 },
      { pathRegex: '(', status: 500 },
      { action: 'drop', dropAt: 'never' },
      { action: 'delay', delayMs: -1 },
      'text',
    ]) {
      const r = await admin(t, 'POST', '/faults', bad);
      assert.equal(r.status, 400, JSON.stringify(bad));
      assert.equal(r.json.error.code, 'InvalidFaultRule');
    }
  });

  for (const [name, rule, status] of [
    ['delay: the request is held, counted in `delayed`, and answered normally when released', { action: 'delay' }, 200],
    ['a delay combines with a status: held, then answered with it', { status: 502 }, 502],
  ]) {
    test(name, async () => {
      await admin(t, 'POST', '/faults', { ...rule, delayMs: 600_000, path: '/v2.0/conversion/license' });
      let answered = false;
      const reply = t.call({ path: '/v2.0/conversion/license' }).finally(() => {
        answered = true;
      });
      await t.admin.untilDelayed(1);
      assert.equal(answered, false);
      assert.deepEqual((await admin(t, 'POST', '/faults/release')).json, { released: 1 });
      assert.equal((await reply).status, status);
      assert.equal((await admin(t, 'GET', '/faults')).json.delayed, 0);
    });
  }

  test('a short delay ends by itself', async () => {
    await admin(t, 'POST', '/faults', { delayMs: 20, path: '/v2.0/conversion/license' });
    assert.equal((await t.call({ path: '/v2.0/conversion/license' })).status, 200);
  });

  test('a delay ends when the client hangs up; the journal says nothing was answered', async () => {
    const since = await t.admin.mark();
    await admin(t, 'POST', '/faults', { delayMs: 600_000, path: '/v2.0/conversion/license' });
    const { hostname, port } = new URL(t.url);
    const socket = connect(Number(port), hostname, () =>
      socket.write(
        `GET /v2.0/conversion/license HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAuthorization: Bearer ${t.token}\r\n\r\n`,
      ),
    );
    await t.admin.untilDelayed(1);
    socket.destroy();
    const [entry] = await waitFor(async () => {
      const entries = (await t.admin.journal(since)).filter((e) => e.path === '/v2.0/conversion/license');
      return entries.length > 0 && entries;
    }, 'the hung-up request in the journal');
    assert.equal(entry.status, null);
    assert.equal((await admin(t, 'GET', '/faults')).json.delayed, 0);
  });

  test('drop at "request": the connection dies with no response and the handler never runs', async () => {
    await admin(t, 'POST', '/faults', {
      action: 'drop',
      dropAt: 'request',
      method: 'PUT',
      path: '/v2.0/conversion/storage/file/',
    });
    await assert.rejects(t.upload('dropped.txt', 'x'), /socket hang up|ECONNRESET/);
    assert.equal((await t.call({ path: '/v2.0/conversion/storage/exist/dropped.txt' })).json.exists, false);
  });

  test('drop at "headers": headers arrive with the full Content-Length, no body, then the connection dies; the work was done', async () => {
    await t.upload('kept.txt', 'the stored bytes');
    await admin(t, 'POST', '/faults', {
      action: 'drop',
      dropAt: 'headers',
      path: '/v2.0/conversion/storage/file/kept.txt',
    });
    const r = await rawExchange(t.url, { path: '/v2.0/conversion/storage/file/kept.txt', token: t.token });
    assert.equal(r.status, 200);
    assert.equal(r.length, 16);
    assert.equal(r.body.length, 0);
    await admin(t, 'POST', '/faults', { action: 'drop', dropAt: 'headers', method: 'PUT' });
    await assert.rejects(t.upload('stored-anyway.txt', 'x'));
    assert.equal((await t.call({ path: '/v2.0/conversion/storage/exist/stored-anyway.txt' })).json.exists, true);
  });

  test('drop at "body": part of the body arrives, then the connection dies', async () => {
    await t.upload('body.txt', '0123456789abcdefghij');
    await admin(t, 'POST', '/faults', {
      action: 'drop',
      dropAt: 'body',
      path: '/v2.0/conversion/storage/file/body.txt',
    });
    const r = await rawExchange(t.url, { path: '/v2.0/conversion/storage/file/body.txt', token: t.token });
    assert.equal(r.status, 200);
    assert.equal(r.length, 20);
    assert.equal(r.body.toString(), '0123456789');
    await admin(t, 'POST', '/faults', {
      action: 'drop',
      dropAt: 'body',
      bytes: 3,
      path: '/v2.0/conversion/storage/file/body.txt',
    });
    assert.equal(
      (await rawExchange(t.url, { path: '/v2.0/conversion/storage/file/body.txt', token: t.token })).body.toString(),
      '012',
    );
  });

  test('truncate: Content-Length larger than what is sent, then an orderly close', async () => {
    await admin(t, 'POST', '/faults', { action: 'truncate', path: '/v2.0/conversion/formats' });
    const r = await rawExchange(t.url, { path: '/v2.0/conversion/formats', token: t.token });
    assert.equal(r.status, 200);
    assert.ok(r.length > 0);
    assert.ok(r.body.length < r.length && r.body.length > 0, `${r.body.length} of ${r.length}`);
    assert.equal(r.endedBy, 'fin');
    assert.throws(() => JSON.parse(r.body.toString()));
  });

  test('malformed-json: a 200 application/json body that does not parse', async () => {
    await admin(t, 'POST', '/faults', { action: 'malformed-json', path: '/v2.0/conversion/storage/disc' });
    const r = await t.call({ path: '/v2.0/conversion/storage/disc' });
    assert.equal(r.status, 200);
    assert.match(r.headers['content-type'], /^application\/json/);
    assert.throws(() => JSON.parse(r.body.toString()));
    assert.equal((await t.call({ path: '/v2.0/conversion/storage/disc' })).json.totalSize > 0, true);
  });

  test('the server is healthy after every fault', async () => {
    assert.equal((await request(t.url, { path: '/' })).status, 200);
    assert.equal((await t.call({ path: '/v2.0/conversion/license' })).status, 200);
  });
});

describe('token and operation faults, reset, journal', () => {
  const t = useLocalServer({ converter: 'fake', faults: true });

  const startConvert = async (token = t.token) => {
    const { body, contentType } = multipart([{ name: 'File', filename: 'file.name', data: 'FAKEDOC' }]);
    return (
      await request(t.url, {
        method: 'PUT',
        path: '/v2.0/conversion/async?format=pdf',
        headers: { 'Content-Type': contentType },
        body,
        token,
      })
    ).json;
  };

  test('tokens/expire: every token issued so far gets 401 expired; a new token works', async () => {
    const old = await getToken(t.url);
    assert.equal((await admin(t, 'POST', '/tokens/expire')).status, 200);
    const r = await request(t.url, { path: '/v2.0/conversion/license', token: old });
    assert.equal(r.status, 401);
    assert.match(r.json.error.message, /expired/);
    t.token = await getToken(t.url);
    assert.equal((await request(t.url, { path: '/v2.0/conversion/license', token: t.token })).status, 200);
  });

  test('operations/fail-next: the next operation ends Failed with the message; the one after is fine', async () => {
    await admin(t, 'POST', '/operations/fail-next', { message: 'Injected engine crash' });
    const failed = await waitForOperation((o) => request(t.url, { token: t.token, ...o }), await startConvert());
    assert.equal(failed.status, 'Failed');
    assert.equal(failed.error, 'Injected engine crash');
    assert.ok(failed.started && failed.failed);
    const ok = await waitForOperation((o) => request(t.url, { token: t.token, ...o }), await startConvert());
    assert.equal(ok.status, 'Finished');
  });

  test('operations/fail-next with count and no message', async () => {
    await admin(t, 'POST', '/operations/fail-next', { count: 2 });
    for (let i = 0; i < 2; i += 1) {
      const op = await waitForOperation((o) => request(t.url, { token: t.token, ...o }), await startConvert());
      assert.equal(op.status, 'Failed');
      assert.equal(op.error, 'Injected operation failure.');
    }
  });

  test('operations/cancel-next: the next operation ends Canceled with a canceled timestamp', async () => {
    await admin(t, 'POST', '/operations/cancel-next', {});
    const op = await waitForOperation((o) => request(t.url, { token: t.token, ...o }), await startConvert());
    assert.equal(op.status, 'Canceled');
    assert.match(op.canceled, /Z$/);
    const r = await request(t.url, { path: `/v2.0/conversion/async/result?id=${op.id}`, token: t.token });
    assert.equal(r.status, 409);
    assert.equal(r.json.error.code, 'OperationCanceled');
  });

  test('the journal records method, path, query, status and time, never a secret', async () => {
    await admin(t, 'DELETE', '/journal');
    await getToken(t.url);
    await request(t.url, {
      path: '/v2.0/conversion/storage/disc?storageName=week&client_secret=hunter2&password=pw',
      token: t.token,
    });
    await admin(t, 'POST', '/faults', { path: '/v2.0/conversion/license', status: 503 });
    await request(t.url, { path: '/v2.0/conversion/license', token: t.token });
    await admin(t, 'GET', '/faults');
    const { json } = await admin(t, 'GET', '/journal');
    const text = JSON.stringify(json);
    for (const secret of [DEV_CLIENT_SECRET, 'hunter2', t.token, 'Bearer'])
      assert.ok(!text.includes(secret), `journal leaks ${secret}`);
    assert.deepEqual(
      json.entries.map((e) => [e.method, e.path, e.status]),
      [
        ['POST', '/connect/token', 200],
        ['GET', '/v2.0/conversion/storage/disc', 200],
        ['GET', '/v2.0/conversion/license', 503],
      ],
    );
    const disc = json.entries[1];
    assert.deepEqual(disc.query, { storageName: 'week', client_secret: '[redacted]', password: '[redacted]' });
    assert.match(disc.time, /^\d{4}-\d\d-\d\dT.*Z$/);
    assert.equal(typeof disc.durationMs, 'number');
    assert.match(disc.requestId, /^[0-9a-f-]{36}$/);
    assert.match(json.entries[2].fault, /^f\d+$/);
    const since = await admin(t, 'GET', `/journal?since=${json.entries[1].seq}`);
    assert.deepEqual(
      since.json.entries.map((e) => e.path),
      ['/v2.0/conversion/license'],
    );
  });

  test('the journal records a dropped connection with a null status', async () => {
    await admin(t, 'DELETE', '/journal');
    await admin(t, 'POST', '/faults', { action: 'drop', dropAt: 'request', path: '/v2.0/conversion/license' });
    await assert.rejects(request(t.url, { path: '/v2.0/conversion/license', token: t.token }));
    const entries = await waitFor(async () => {
      const { json } = await admin(t, 'GET', '/journal');
      return json.entries.length > 0 && json.entries;
    }, 'the dropped request in the journal');
    assert.equal(entries.length, 1);
    assert.equal(entries[0].status, null);
  });

  test('reset: storage, operations, rules, queued operation faults and the journal are gone; tokens stay valid', async () => {
    await request(t.url, { method: 'PUT', path: '/v2.0/conversion/storage/folder/kept', token: t.token });
    const id = await startConvert();
    await admin(t, 'POST', '/faults', { path: '/nothing', status: 500 });
    await admin(t, 'POST', '/operations/fail-next', {});
    const r = await admin(t, 'POST', '/reset');
    assert.equal(r.status, 200);
    assert.equal(
      (await request(t.url, { path: '/v2.0/conversion/storage/exist/kept', token: t.token })).json.exists,
      false,
    );
    assert.equal((await request(t.url, { path: `/v2.0/conversion/async?id=${id}`, token: t.token })).status, 404);
    assert.deepEqual((await admin(t, 'GET', '/faults')).json.rules, []);
    const op = await waitForOperation((o) => request(t.url, { token: t.token, ...o }), await startConvert());
    assert.equal(op.status, 'Finished', 'the queued fail-next was dropped');
    const journal = (await admin(t, 'GET', '/journal')).json.entries;
    assert.ok(journal.every((e) => !e.path.startsWith('/__admin')));
    assert.ok(!journal.some((e) => e.path.endsWith('/storage/folder/kept')), 'entries from before the reset are gone');
    assert.equal(journal[0].path, '/v2.0/conversion/storage/exist/kept', 'the journal starts at the reset');
    assert.ok(journal.some((e) => e.method === 'PUT' && e.path === '/v2.0/conversion/async'));
  });
});
