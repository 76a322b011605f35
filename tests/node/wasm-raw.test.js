// SPDX-License-Identifier: MIT
// Smoke test of the raw Embind surface (bindings/RAW_API.md) in Node 20: dist/gdconv.cjs, with its XHR
// pre-js, against the local server over real HTTP. The converter is a stand-in so the test needs no
// LibreOffice and runs in a second; the facade's suites cover real conversions.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { startServer, DEV_CLIENT_ID, DEV_CLIENT_SECRET } from '../../server/index.js';
import { waitFor } from '../support/wait-for.js';

const require = createRequire(import.meta.url);
const createGdConv = require('../../dist/gdconv.cjs');

/** A document named held.* is converted only when the suite ends: a call the test can cancel mid-flight. */
let releaseHeld;
const held = new Promise((resolve) => {
  releaseHeld = resolve;
});

const converter = {
  async supportedFormats() {
    return [{ sourceFormat: 'docx', targetFormats: ['pdf', 'jpg'] }];
  },
  async convert(job) {
    if (job.baseName.startsWith('held')) await held;
    if (job.targetFormat === 'jpg') {
      return [1, 2].map((n) => ({ name: `${job.baseName}-page-${n}.jpg`, bytes: Buffer.from(`JPG ${n}`) }));
    }
    // The "PDF" carries the input back, so the test can check the bytes went through intact.
    return [{ name: `${job.baseName}.pdf`, bytes: Buffer.concat([Buffer.from('%PDF '), job.bytes]) }];
  },
  async info() {
    return { pageCount: 1 };
  },
};

let server;
let M;
before(async () => {
  server = await startServer({ port: 0, converter, sniffFormat: () => 'docx' });
  M = await createGdConv();
});
after(async () => {
  releaseHeld();
  await server?.close();
});

function newClient(config = {}, hooks = {}) {
  return new M.RawClient(
    JSON.stringify({
      baseUrl: server.url,
      clientId: DEV_CLIENT_ID,
      clientSecret: DEV_CLIENT_SECRET,
      ...config,
    }),
    hooks,
  );
}

/** raw.call as a Promise; also records progress events and how often each callback ran. */
function call(raw, method, args, bytes = null) {
  const seen = { resolve: 0, reject: 0, progress: [], returned: false };
  let callId;
  const promise = new Promise((resolve, reject) => {
    callId = raw.call(method, JSON.stringify(args), bytes, {
      resolve(json, out) {
        seen.resolve += 1;
        assert.ok(seen.returned, 'resolve ran inside call()');
        resolve({ value: JSON.parse(json), bytes: out });
      },
      reject(errorJson) {
        seen.reject += 1;
        assert.ok(seen.returned, 'reject ran inside call()');
        reject(Object.assign(new Error('raw call failed'), JSON.parse(errorJson)));
      },
      progress(eventJson) {
        seen.progress.push(JSON.parse(eventJson));
      },
    });
    seen.returned = true;
  });
  return { promise, seen, callId };
}

const input = new Uint8Array([0x50, 0x4b, 0, 255, 1, 2, 3, 0, 13, 10]); // NULs, CR LF, 0xFF

test('the four steps: upload, start, wait, download (names that need encoding round-trip)', async () => {
  const raw = newClient();
  try {
    const path = 'raw test/Résumé #1?.docx';
    const uploaded = await call(raw, 'uploadFile', { path }, input).promise;
    assert.deepEqual(uploaded.value, { uploaded: ['Résumé #1?.docx'], errors: [] });

    const started = await call(raw, 'startConvertAndSave', {
      filePath: path,
      format: 'pdf',
      outputPath: 'raw test/out',
    }).promise;
    assert.equal(typeof started.value, 'string');

    const wait = call(raw, 'waitForOperation', { id: started.value, timeoutMs: 30000 });
    const op = (await wait.promise).value;
    assert.equal(op.status, 'Finished');
    assert.equal(op.result[0].path, 'raw test/out/Résumé #1?.pdf');
    assert.equal(wait.seen.progress.at(-1).status, 'Finished');
    assert.ok(wait.seen.progress.every((e) => e.type === 'status'));

    const downloaded = await call(raw, 'downloadFile', { path: op.result[0].path }).promise;
    assert.equal(downloaded.value, null);
    assert.ok(downloaded.bytes instanceof Uint8Array);
    assert.deepEqual([...downloaded.bytes], [...Buffer.from('%PDF '), ...input]);
  } finally {
    raw.delete();
  }
});

test('convert runs the whole flow with progress and returns every file', async () => {
  const raw = newClient();
  try {
    const c = call(raw, 'convert', { fileName: 'four-pages.docx', format: 'jpg' }, input);
    const { value, bytes } = await c.promise;
    assert.equal(value.operation.status, 'Finished');
    assert.equal(value.files.length, 2);
    assert.match(value.files[0].path, /^[0-9a-f-]{36}\/converted\/four-pages-page-1\.jpg$/);
    assert.equal(bytes.length, 2);
    assert.equal(Buffer.from(bytes[1]).toString(), 'JPG 2');
    assert.equal(value.files[1].size, bytes[1].length);
    const stages = c.seen.progress.filter((e) => e.type === 'stage').map((e) => e.stage);
    assert.deepEqual(stages, ['token', 'upload', 'convert', 'download']);
    // Each file is announced, then its bytes end at its size (the fake converter's files are small).
    assert.deepEqual(
      c.seen.progress.filter((e) => e.type === 'download'),
      [
        { type: 'download', index: 0, count: 2 },
        { type: 'download', index: 0, count: 2, loaded: bytes[0].length, total: bytes[0].length },
        { type: 'download', index: 1, count: 2 },
        { type: 'download', index: 1, count: 2, loaded: bytes[1].length, total: bytes[1].length },
      ],
    );
    const uploads = c.seen.progress.filter((e) => e.type === 'upload');
    assert.ok(uploads.length >= 1 && uploads.at(-1).loaded === uploads.at(-1).total, JSON.stringify(uploads));
    assert.equal(c.seen.resolve + c.seen.reject, 1);
  } finally {
    raw.delete();
  }
});

test('cancel rejects once with aborted and stops polling', async () => {
  const raw = newClient();
  try {
    const c = call(raw, 'convert', { fileName: 'held.docx', format: 'pdf' }, input);
    // Mid-flight: the conversion started (and is held by the converter), the call is polling.
    await waitFor(() => c.seen.progress.some((e) => e.type === 'stage' && e.stage === 'convert'), 'the convert stage');
    raw.cancel(c.callId);
    raw.cancel(c.callId);
    await assert.rejects(c.promise, { code: 'aborted', status: 0 });
    // Deleting the client rejects every call still outstanding: a call that kept polling would be rejected again.
    raw.delete();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(c.seen.reject, 1);
    assert.equal(c.seen.resolve, 0);
  } finally {
    if (!raw.isDeleted()) raw.delete();
  }
});

test('wrong credentials are auth_failed, and the secret is not in the error', async () => {
  const raw = newClient({ clientSecret: 'definitely-wrong-secret' });
  try {
    const err = await call(raw, 'getOperationStatus', { id: 'x' }).promise.catch((e) => e);
    assert.equal(err.code, 'auth_failed');
    assert.equal(err.apiCode, 'invalid_client');
    assert.ok(!JSON.stringify(err).includes('definitely-wrong-secret'));
  } finally {
    raw.delete();
  }
});

test('invalid arguments and a bad config reject asynchronously with invalid_argument', async () => {
  const raw = newClient();
  try {
    await assert.rejects(call(raw, 'uploadFile', { path: 'a.docx' }).promise, { code: 'invalid_argument' });
    await assert.rejects(call(raw, 'noSuchMethod', {}).promise, { code: 'invalid_argument' });
    await assert.rejects(call(raw, 'downloadFile', { path: 'a' }, input).promise, { code: 'invalid_argument' });
  } finally {
    raw.delete();
  }
  const bad = new M.RawClient('{"baseUrl":"ftp://x"}', {});
  try {
    assert.match(bad.configError(), /baseUrl/);
    await assert.rejects(call(bad, 'getOperationStatus', { id: 'x' }).promise, { code: 'invalid_argument' });
  } finally {
    bad.delete();
  }
});

test('a token provider hook supplies the tokens', async () => {
  const asked = [];
  const raw = new M.RawClient(JSON.stringify({ baseUrl: server.url, tokenProvider: true }), {
    requestToken(id) {
      asked.push(id);
      fetch(`${server.url}/connect/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `grant_type=client_credentials&client_id=${DEV_CLIENT_ID}&client_secret=${DEV_CLIENT_SECRET}`,
      })
        .then((r) => r.json())
        .then((t) => raw.provideToken(id, t.access_token));
    },
  });
  try {
    await call(raw, 'uploadFile', { path: 'provider/a.docx' }, input).promise;
    await call(raw, 'downloadFile', { path: 'provider/a.docx' }).promise;
    assert.equal(asked.length, 1); // the JWT is cached until shortly before its exp
  } finally {
    raw.delete();
  }
});

test('a refusing provider fails the call with its error', async () => {
  const raw = new M.RawClient(JSON.stringify({ baseUrl: server.url, tokenProvider: true }), {
    requestToken(id) {
      raw.failToken(id, JSON.stringify({ message: 'not signed in' }));
    },
  });
  try {
    await assert.rejects(call(raw, 'getOperationStatus', { id: 'x' }).promise, {
      code: 'auth_failed',
      message: 'not signed in',
    });
  } finally {
    raw.delete();
  }
});

// A silent server never answers: only the per-request timeout can end the first call (node:test's timeout
// guards against it hanging).
test('network failures and per-request timeouts are told apart', { timeout: 30_000 }, async () => {
  const sockets = new Set();
  const silent = createServer((socket) => sockets.add(socket)); // accepts connections, never answers
  await new Promise((r) => silent.listen(0, '127.0.0.1', r));
  const port = silent.address().port;
  const slow = new M.RawClient(
    JSON.stringify({
      baseUrl: `http://127.0.0.1:${port}`,
      clientId: 'a',
      clientSecret: 'b',
      timeoutMs: 300,
      maxRetries: 0,
    }),
    {},
  );
  await assert.rejects(call(slow, 'getOperationStatus', { id: 'x' }).promise, { code: 'timeout', retryable: true });
  slow.delete();
  for (const socket of sockets) socket.destroy();
  await new Promise((r) => silent.close(r));

  const down = new M.RawClient(
    JSON.stringify({
      baseUrl: `http://127.0.0.1:${port}`,
      clientId: 'a',
      clientSecret: 'b',
      maxRetries: 0,
    }),
    {},
  );
  await assert.rejects(call(down, 'getOperationStatus', { id: 'x' }).promise, { code: 'network', status: 0 });
  down.delete();
});

test('delete() rejects outstanding calls with aborted', async () => {
  const raw = newClient();
  const c = call(raw, 'waitForOperation', { id: 'never-finishes' });
  raw.delete();
  await assert.rejects(c.promise, { code: 'aborted' });
  assert.equal(c.seen.reject, 1);
});
