// SPDX-License-Identifier: MIT
// The local server's AsyncApi: operations, their status strings and timestamps, results, the bounded
// worker pool and the conversion timeout.

import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { startLocalServer, useLocalServer } from '../support/local-server.js';
import { multipart, request, waitForOperation } from '../support/server.js';
import { FakeConversionError } from '../support/fake-converter.js';
import { waitFor } from '../support/wait-for.js';

const ASYNC = '/v2.0/conversion/async';
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

/** A promise with its resolve function, to hold fake conversions. */
function gate() {
  let open;
  const promise = new Promise((r) => {
    open = r;
  });
  return { promise, open };
}

describe('async operations', () => {
  const t = useLocalServer({ converter: 'fake' });
  before(async () => {
    await t.upload('WordProcessing/four-pages.docx', 'FAKEDOC pages=4');
  });

  const startConvert = (query, data = 'FAKEDOC pages=3') => {
    const { body, contentType } = multipart([
      { name: 'File', filename: 'file.name', contentType: 'application/octet-stream', data },
    ]);
    return t.call({ method: 'PUT', path: `${ASYNC}?${query}`, headers: { 'Content-Type': contentType }, body });
  };
  const status = async (id) => (await t.call({ path: `${ASYNC}?id=${id}` })).json;

  test('startConvert (PUT multipart) answers the id as a JSON string; status goes Created → Started → Finished', async () => {
    const g = gate();
    t.fake.gate = g.promise;
    // Fill both pool slots so the third operation stays Created.
    const ids = [];
    for (let i = 0; i < 3; i += 1) {
      const r = await startConvert('format=pdf');
      assert.equal(r.status, 200);
      assert.match(r.headers['content-type'], /^application\/json/);
      assert.equal(typeof r.json, 'string');
      assert.match(r.body.toString(), /^"[0-9a-f-]{36}"$/);
      ids.push(r.json);
    }
    await waitFor(() => t.fake.active === 2, 'both pool slots converting');
    const started = await status(ids[0]);
    assert.equal(started.status, 'Started');
    assert.equal(started.method, 'Convert');
    assert.match(started.created, RFC3339);
    assert.match(started.started, RFC3339);
    const queued = await status(ids[2]);
    assert.equal(queued.status, 'Created');
    assert.equal(queued.started, undefined);
    t.fake.gate = null;
    g.open();
    const done = await waitForOperation(t.call, ids[0]);
    assert.equal(done.status, 'Finished');
    assert.match(done.finished, RFC3339);
    assert.ok(
      Date.parse(done.created) <= Date.parse(done.started) && Date.parse(done.started) <= Date.parse(done.finished),
    );
    assert.equal(done.result.length, 1);
    assert.equal(done.result[0].name, 'file.pdf');
    assert.ok(done.result[0].size > 0);
    assert.equal(done.error, undefined);
    assert.equal((await waitForOperation(t.call, ids[2])).status, 'Finished');
  });

  test('GET /async/result returns the Convert result bytes; raster pages by name', async () => {
    const id = (await startConvert('format=jpg')).json;
    const op = await waitForOperation(t.call, id);
    assert.deepEqual(
      op.result.map((r) => r.name),
      ['file-page-1.jpg', 'file-page-2.jpg', 'file-page-3.jpg'],
    );
    let r = await t.call({ path: `${ASYNC}/result?id=${id}` });
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'application/octet-stream');
    assert.equal(r.headers['x-groupdocs-page-count'], '3');
    assert.equal(r.body.toString(), 'FAKE docx->jpg page 1');
    r = await t.call({ path: new URL(op.result[2].url).pathname + new URL(op.result[2].url).search });
    assert.equal(r.body.toString(), 'FAKE docx->jpg page 3');
    r = await t.call({ path: `${ASYNC}/result?id=${id}&name=nope.jpg` });
    assert.equal(r.status, 404);
  });

  test('startConvertAndSave (POST JSON) writes to outputPath and lists the stored files', async () => {
    const r = await t.call({
      method: 'POST',
      path: ASYNC,
      json: { FilePath: 'WordProcessing/four-pages.docx', Format: 'jpg', OutputPath: 'converted' },
    });
    assert.equal(r.status, 200);
    const op = await waitForOperation(t.call, r.json);
    assert.equal(op.method, 'ConvertAndSave');
    assert.equal(op.status, 'Finished');
    assert.deepEqual(
      op.result.map((x) => x.path),
      [1, 2, 3, 4].map((n) => `converted/four-pages-page-${n}.jpg`),
    );
    assert.equal(op.result[0].url, `${t.url}/v2.0/conversion/storage/file/converted/four-pages-page-1.jpg`);
    const stored = await t.call({ path: '/v2.0/conversion/storage/file/converted/four-pages-page-4.jpg' });
    assert.equal(stored.body.toString(), 'FAKE docx->jpg page 4');
    const result = await t.call({ path: `${ASYNC}/result?id=${r.json}` });
    assert.equal(result.body.toString(), 'FAKE docx->jpg page 1');
  });

  test('startConvertAndSave without outputPath stores at the storage root', async () => {
    const r = await t.call({
      method: 'POST',
      path: ASYNC,
      json: { filePath: 'WordProcessing/four-pages.docx', format: 'txt' },
    });
    const op = await waitForOperation(t.call, r.json);
    assert.equal(op.result[0].path, 'four-pages.txt');
    assert.equal((await t.call({ path: '/v2.0/conversion/storage/exist/four-pages.txt' })).json.exists, true);
  });

  test('startConvertAndSave checks its input at once: missing file 404, unknown format 400', async () => {
    let r = await t.call({ method: 'POST', path: ASYNC, json: { filePath: 'nope.docx', format: 'pdf' } });
    assert.equal(r.status, 404);
    assert.ok(r.json.error.message.startsWith('AmazonS3 Storage exception: The specified key does not exist.'));
    r = await t.call({
      method: 'POST',
      path: ASYNC,
      json: { filePath: 'WordProcessing/four-pages.docx', format: 'nope' },
    });
    assert.equal(r.status, 400);
    assert.match(r.json.error.message, /Supported target formats/);
  });

  test('a failing conversion ends Failed with the error text and a failed timestamp', async () => {
    t.fake.failNext = new FakeConversionError(
      'password_required',
      'The document is password protected; set loadOptions.password.',
    );
    const id = (await startConvert('format=pdf')).json;
    const op = await waitForOperation(t.call, id);
    assert.equal(op.status, 'Failed');
    assert.equal(op.error, 'The document is password protected; set loadOptions.password.');
    assert.match(op.failed, RFC3339);
    assert.equal(op.finished, undefined);
    const r = await t.call({ path: `${ASYNC}/result?id=${id}` });
    assert.equal(r.status, 409);
    assert.equal(r.json.error.code, 'OperationFailed');
  });

  test('GET /async/result before Finished is a 409 saying the state', async () => {
    const g = gate();
    t.fake.gate = g.promise;
    const id = (await startConvert('format=pdf')).json;
    const r = await t.call({ path: `${ASYNC}/result?id=${id}` });
    assert.equal(r.status, 409);
    assert.equal(r.json.error.code, 'OperationNotFinished');
    assert.match(r.json.error.message, /is (Created|Started)/);
    t.fake.gate = null;
    g.open();
    await waitForOperation(t.call, id);
  });

  test('unknown id is a 404, a missing id a 400, both JSON', async () => {
    for (const p of [`${ASYNC}?id=00000000-0000-0000-0000-000000000000`, `${ASYNC}/result?id=not-an-id`]) {
      const r = await t.call({ path: p });
      assert.equal(r.status, 404);
      assert.equal(r.json.error.code, 'OperationNotFound');
    }
    assert.equal((await t.call({ path: ASYNC })).status, 400);
    assert.equal((await t.call({ path: `${ASYNC}/result` })).status, 400);
  });

  test('async routes need a token', async () => {
    assert.equal((await request(t.url, { path: `${ASYNC}?id=x` })).status, 401);
  });
});

describe('worker pool and timeouts', () => {
  test('at most `workers` conversions run at once, and the HTTP server keeps answering meanwhile', async () => {
    const t = await startLocalServer({ converter: 'fake', workers: 2 });
    try {
      const g = gate();
      t.fake.gate = g.promise;
      const ids = [];
      for (let i = 0; i < 6; i += 1) {
        const { body, contentType } = multipart([{ name: 'File', filename: 'file.name', data: 'FAKEDOC' }]);
        ids.push(
          (await t.call({ method: 'PUT', path: `${ASYNC}?format=pdf`, headers: { 'Content-Type': contentType }, body }))
            .json,
        );
      }
      await waitFor(() => t.fake.active === 2, 'both pool slots converting');
      const states = await Promise.all(
        ids.map(async (id) => (await t.call({ path: `${ASYNC}?id=${id}` })).json.status),
      );
      assert.deepEqual(states.filter((s) => s === 'Started').length, 2);
      assert.deepEqual(states.filter((s) => s === 'Created').length, 4);
      // Answered while both slots are held by the gate: the HTTP side never waits for a conversion.
      const health = await request(t.url, { path: '/' });
      assert.equal(health.status, 200);
      assert.equal(t.fake.active, 2);
      t.fake.gate = null;
      g.open();
      for (const id of ids) assert.equal((await waitForOperation(t.call, id)).status, 'Finished');
      assert.equal(t.fake.maxActive, 2);
    } finally {
      await t.close();
    }
  });

  test('a conversion that hangs past the timeout ends Failed (sync: 504) and frees its slot', async () => {
    const t = await startLocalServer({ converter: 'fake', workers: 1, conversionTimeoutMs: 50 });
    try {
      await t.upload('hang.docx', 'FAKEDOC');
      t.fake.hang = true;
      const r = await t.call({ method: 'POST', path: ASYNC, json: { filePath: 'hang.docx', format: 'pdf' } });
      const op = await waitForOperation(t.call, r.json);
      assert.equal(op.status, 'Failed');
      assert.match(op.error, /timed out after 50 ms/);
      const sync = await t.call({
        method: 'POST',
        path: '/v2.0/conversion',
        json: { filePath: 'hang.docx', format: 'pdf' },
      });
      assert.equal(sync.status, 504);
      assert.equal(sync.json.error.code, 'ConversionTimeout');
      t.fake.hang = false;
      const ok = await t.call({
        method: 'POST',
        path: '/v2.0/conversion',
        json: { filePath: 'hang.docx', format: 'pdf' },
      });
      assert.equal(ok.status, 200);
    } finally {
      await t.close();
    }
  });

  test('a converter-reported timeout is recorded as the operation error', async () => {
    const t = await startLocalServer({ converter: 'fake' });
    try {
      t.fake.failNext = new FakeConversionError(
        'timeout',
        'Conversion timed out after 120000 ms; the office process was replaced.',
      );
      const { body, contentType } = multipart([{ name: 'File', filename: 'file.name', data: 'FAKEDOC' }]);
      const id = (
        await t.call({ method: 'PUT', path: `${ASYNC}?format=pdf`, headers: { 'Content-Type': contentType }, body })
      ).json;
      const op = await waitForOperation(t.call, id);
      assert.equal(op.status, 'Failed');
      assert.equal(op.error, 'Conversion timed out after 120000 ms; the office process was replaced.');
    } finally {
      await t.close();
    }
  });

  test('close() stops the server and closes a converter it was given only if it created it', async () => {
    const t = await startLocalServer({ converter: 'fake' });
    await t.close();
    assert.equal(t.fake.closed, false);
    await assert.rejects(request(t.url, { path: '/' }));
  });
});
