// SPDX-License-Identifier: MIT
// The local server: /connect/token, Bearer checks on /v2.0, CORS, and the response envelope
// (x-request-id, Content-Type, API error body).

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { TokenService } from '../../server/auth.js';
import { startLocalServer, useLocalServer } from '../support/local-server.js';
import { request, getToken, DEV_CLIENT_ID, DEV_CLIENT_SECRET } from '../support/server.js';

const form = (fields) => new URLSearchParams(fields).toString();
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

/** @param {string} token */
function decode(token) {
  const [h, p] = token.split('.');
  return { header: JSON.parse(Buffer.from(h, 'base64url')), payload: JSON.parse(Buffer.from(p, 'base64url')) };
}

describe('POST /connect/token', () => {
  const t = useLocalServer({ converter: 'fake', signingKey: 'test-signing-key', tokenLifetimeSeconds: 120 });

  test('client credentials give an HS256 JWT with exp, as {access_token, expires_in, token_type}', async () => {
    const r = await request(t.url, {
      method: 'POST',
      path: '/connect/token',
      headers: FORM,
      body: form({ grant_type: 'client_credentials', client_id: DEV_CLIENT_ID, client_secret: DEV_CLIENT_SECRET }),
    });
    assert.equal(r.status, 200);
    assert.match(r.headers['content-type'], /^application\/json/);
    assert.deepEqual(Object.keys(r.json).sort(), ['access_token', 'expires_in', 'token_type']);
    assert.equal(r.json.token_type, 'Bearer');
    assert.equal(r.json.expires_in, 120);
    const { header, payload } = decode(r.json.access_token);
    assert.equal(header.alg, 'HS256');
    const now = Math.floor(Date.now() / 1000);
    assert.ok(payload.exp >= now + 118 && payload.exp <= now + 121, `exp ${payload.exp}`);
  });

  test('the token opens /v2.0 routes', async () => {
    const r = await request(t.url, { path: '/v2.0/conversion/license', token: t.token });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { isLicensed: true });
  });

  test('an unknown client id gives 400 {"error":"invalid_client"}', async () => {
    const r = await request(t.url, {
      method: 'POST',
      path: '/connect/token',
      headers: FORM,
      body: form({ grant_type: 'client_credentials', client_id: 'test', client_secret: 'test' }),
    });
    assert.equal(r.status, 400);
    assert.deepEqual(r.json, { error: 'invalid_client' });
  });

  test('the right id with a wrong secret gives invalid_client too', async () => {
    const r = await request(t.url, {
      method: 'POST',
      path: '/connect/token',
      headers: FORM,
      body: form({ grant_type: 'client_credentials', client_id: DEV_CLIENT_ID, client_secret: 'wrong' }),
    });
    assert.equal(r.status, 400);
    assert.deepEqual(r.json, { error: 'invalid_client' });
  });

  test('missing credentials give invalid_client; a wrong grant type gives unsupported_grant_type', async () => {
    let r = await request(t.url, {
      method: 'POST',
      path: '/connect/token',
      headers: FORM,
      body: form({ grant_type: 'client_credentials' }),
    });
    assert.equal(r.status, 400);
    assert.deepEqual(r.json, { error: 'invalid_client' });
    r = await request(t.url, {
      method: 'POST',
      path: '/connect/token',
      headers: FORM,
      body: form({ grant_type: 'password', client_id: DEV_CLIENT_ID, client_secret: DEV_CLIENT_SECRET }),
    });
    assert.deepEqual([r.status, r.json], [400, { error: 'unsupported_grant_type' }]);
    r = await request(t.url, { method: 'POST', path: '/connect/token', headers: FORM, body: '' });
    assert.deepEqual([r.status, r.json], [400, { error: 'invalid_request' }]);
  });

  test('JSON bodies and HTTP Basic client authentication work as well', async () => {
    let r = await request(t.url, {
      method: 'POST',
      path: '/connect/token',
      json: { grant_type: 'client_credentials', client_id: DEV_CLIENT_ID, client_secret: DEV_CLIENT_SECRET },
    });
    assert.equal(r.status, 200);
    r = await request(t.url, {
      method: 'POST',
      path: '/connect/token',
      headers: {
        ...FORM,
        Authorization: `Basic ${Buffer.from(`${DEV_CLIENT_ID}:${DEV_CLIENT_SECRET}`).toString('base64')}`,
      },
      body: form({ grant_type: 'client_credentials' }),
    });
    assert.equal(r.status, 200);
    assert.ok(r.json.access_token);
  });

  test('GET /connect/token is 405 with a JSON body', async () => {
    const r = await request(t.url, { path: '/connect/token' });
    assert.equal(r.status, 405);
    assert.equal(r.json.error.code, 'MethodNotAllowed');
  });
});

describe('Bearer checks on /v2.0', () => {
  const t = useLocalServer({ converter: 'fake', signingKey: 'key-one' });

  const expect401 = async (headers, pattern) => {
    const r = await request(t.url, { path: '/v2.0/conversion/formats', headers });
    assert.equal(r.status, 401);
    assert.match(r.headers['content-type'], /^application\/json/);
    assert.equal(r.json.error.code, 'Unauthorized');
    assert.match(r.json.error.message, pattern);
    assert.equal(r.json.requestId, r.headers['x-request-id']);
    assert.match(r.headers['www-authenticate'], /^Bearer/);
    return r;
  };

  test('no Authorization header gives 401 with the API error body', async () => {
    await expect401({}, /Authorization header is missing/);
  });

  test('a non-Bearer scheme, garbage and an alg:none token give 401', async () => {
    await expect401({ Authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }, /Bearer/);
    await expect401({ Authorization: 'Bearer not-a-jwt' }, /not a JWT/);
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(`{"exp":${Math.floor(Date.now() / 1000) + 999}}`).toString('base64url')}.`;
    await expect401({ Authorization: `Bearer ${none}` }, /not a JWT/);
  });

  test('a token signed by another server instance is refused', async () => {
    const other = await startLocalServer({ converter: 'fake', signingKey: 'key-two' });
    try {
      await expect401({ Authorization: `Bearer ${other.token}` }, /signature is invalid/);
    } finally {
      await other.close();
    }
  });

  test('a token whose exp has passed is refused as expired', async () => {
    const issuer = new TokenService({
      clientId: 'c',
      clientSecret: 's',
      signingKey: Buffer.from('key-one'),
      lifetimeSeconds: -5,
    });
    const expired = issuer.issue('c').access_token;
    await expect401({ Authorization: `Bearer ${expired}` }, /expired/);
  });

  test('a tampered payload is refused', async () => {
    const [h, , s] = t.token.split('.');
    const p = Buffer.from(JSON.stringify({ exp: 9999999999, gen: 0 })).toString('base64url');
    await expect401({ Authorization: `Bearer ${h}.${p}.${s}` }, /signature is invalid/);
  });

  test('unknown /v2.0 paths still need a token, then give a JSON 404', async () => {
    let r = await request(t.url, { path: '/v2.0/nothing' });
    assert.equal(r.status, 401);
    r = await request(t.url, { path: '/v2.0/nothing', token: t.token });
    assert.equal(r.status, 404);
    assert.equal(r.json.error.code, 'NotFound');
  });

  test('GET / is a health check without auth', async () => {
    const r = await request(t.url, { path: '/' });
    assert.equal(r.status, 200);
    assert.equal(r.json.status, 'ok');
  });
});

describe('configured credentials and token lifetime', () => {
  test('credentials and lifetime come from the options; the dev pair is then refused', async () => {
    const t = await startLocalServer({
      converter: 'fake',
      clientId: 'my-id',
      clientSecret: 'my secret & more',
      tokenLifetimeSeconds: 60,
    });
    try {
      const token = await getToken(t.url, 'my-id', 'my secret & more');
      assert.equal(decode(token).payload.exp - decode(token).payload.iat, 60);
      await assert.rejects(getToken(t.url), /invalid_client/);
    } finally {
      await t.close();
    }
  });
});

describe('CORS and the response envelope', () => {
  const t = useLocalServer({ converter: 'fake' });

  test('an OPTIONS preflight is answered without auth and allows Authorization, Content-Type and x-groupdocs-*', async () => {
    const r = await request(t.url, {
      method: 'OPTIONS',
      path: '/v2.0/conversion/storage/file/a.docx',
      headers: {
        Origin: 'http://example.test',
        'Access-Control-Request-Method': 'PUT',
        'Access-Control-Request-Headers': 'authorization, content-type, x-groupdocs-client, x-groupdocs-client-version',
      },
    });
    assert.equal(r.status, 204);
    assert.equal(r.headers['access-control-allow-origin'], '*');
    assert.match(r.headers['access-control-allow-methods'], /PUT/);
    const allowed = r.headers['access-control-allow-headers'].toLowerCase();
    for (const h of ['authorization', 'content-type', 'x-groupdocs-client', 'x-groupdocs-client-version'])
      assert.ok(allowed.includes(h), h);
  });

  test('the token route answers preflights too', async () => {
    const r = await request(t.url, {
      method: 'OPTIONS',
      path: '/connect/token',
      headers: { Origin: 'http://x.test', 'Access-Control-Request-Method': 'POST' },
    });
    assert.equal(r.status, 204);
    assert.equal(r.headers['access-control-allow-origin'], '*');
  });

  test('responses expose what a browser client needs', async () => {
    const r = await request(t.url, {
      path: '/v2.0/conversion/formats',
      token: t.token,
      headers: { Origin: 'http://example.test' },
    });
    assert.equal(r.headers['access-control-allow-origin'], '*');
    const exposed = r.headers['access-control-expose-headers'].toLowerCase();
    for (const h of ['content-disposition', 'content-length', 'retry-after', 'x-request-id'])
      assert.ok(exposed.includes(h), h);
  });

  test('every response has x-request-id and a JSON or octet-stream Content-Type; errors carry the same requestId', async () => {
    await t.upload('env.docx', 'FAKEDOC');
    const replies = await Promise.all([
      request(t.url, { path: '/' }),
      request(t.url, { path: '/nowhere' }),
      request(t.url, { method: 'OPTIONS', path: '/v2.0/conversion' }),
      t.call({ path: '/v2.0/conversion/storage/file/env.docx' }),
      t.call({ path: '/v2.0/conversion/storage/file/missing.docx' }),
      t.call({ method: 'PATCH', path: '/v2.0/conversion/formats' }),
    ]);
    const ids = new Set();
    for (const r of replies) {
      assert.match(r.headers['x-request-id'], /^[0-9a-f-]{36}$/);
      ids.add(r.headers['x-request-id']);
      assert.match(r.headers['content-type'], /^application\/(json|octet-stream)/);
      if (r.status >= 400) assert.equal(r.json.requestId, r.headers['x-request-id']);
    }
    assert.equal(ids.size, replies.length);
    assert.equal(replies[3].headers['content-type'], 'application/octet-stream');
    assert.equal(replies[5].status, 405);
  });

  test('the API error body has the fields of reference §5.2', async () => {
    const r = await t.call({ path: '/v2.0/conversion/storage/file/missing.docx' });
    assert.equal(r.status, 404);
    assert.deepEqual(Object.keys(r.json).sort(), ['error', 'requestId']);
    assert.deepEqual(Object.keys(r.json.error).sort(), ['code', 'dateTime', 'description', 'innerError', 'message']);
    assert.match(r.json.error.dateTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  });
});
