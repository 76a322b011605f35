// SPDX-License-Identifier: MIT
// The 25.x SDKs' AsyncApi (issue 21 item 4). npm's registry here has the official Node SDK up to 24.4.0, which
// has no AsyncApi, so its four calls are replayed from the record in tests/fixtures/async-api-25x.json (copied
// from the API reference): each request as the SDK builds it, against the local server with the real
// converter, its answer checked against the recorded shape; then this client's own calls are recorded on the
// wire and held to the same requests.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request as httpRequest } from 'node:http';
import { readFile } from 'node:fs/promises';
import { ConversionClient } from 'groupdocs-conversion-wasm';
import { fixturePath } from '../support/fixtures.js';
import { DEV_CREDENTIALS, useLocalServer } from '../support/local-server.js';
import { looksLikePdf, readPdf } from '../support/client-env.js';
import { multipart, waitForOperation } from '../support/server.js';

const RECORD = JSON.parse(await readFile(new URL('../fixtures/async-api-25x.json', import.meta.url), 'utf8'));
const { calls, models, sdkHeaders } = RECORD;
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
// The recorded example id's form: a GUID in lower case.
const ID_FORM = new RegExp(`^${RECORD.operationIdExample.replace(/[0-9a-f]/g, '[0-9a-f]')}$`);
const SLOW = { timeout: 180_000 };

/** Checks an OperationResult against the recorded model: only its fields, its enums, RFC 3339 dates. */
function assertOperationResult(value, method) {
  const model = models.OperationResult;
  for (const key of Object.keys(value)) assert.ok(model.fields.includes(key), `OperationResult.${key} is not recorded`);
  assert.match(value.id, ID_FORM);
  assert.equal(value.method, method);
  assert.ok(model.status.includes(value.status), value.status);
  for (const date of model.dates) if (value[date] != null) assert.match(value[date], RFC3339, date);
  for (const file of value.result ?? []) {
    assert.deepEqual(Object.keys(file).sort(), [...models.StoredConvertedResult.fields].sort());
  }
}

/** The recorded path and query of a call, as a URL's pathname and the names of its query parameters. */
function assertRecordedRequest(seen, name) {
  const call = calls[name];
  assert.equal(seen.method, call.method, name);
  const url = new URL(seen.url, 'http://x');
  assert.equal(url.pathname, call.path, name);
  for (const key of url.searchParams.keys()) assert.ok(call.query.includes(key), `${name}: query ${key}`);
  const type = seen.headers['content-type'] ?? '';
  if (call.body.kind === 'multipart') {
    assert.match(type, /^multipart\/form-data; boundary=/, name);
    for (const part of call.body.parts) assert.match(seen.body, new RegExp(`name="${part.name}"; filename=`), name);
  } else if (call.body.kind === 'json') {
    assert.match(type, /^application\/json/, name);
    JSON.parse(seen.body);
  } else {
    assert.equal(seen.body, '', name);
  }
}

describe('the 25.x AsyncApi, as recorded', { timeout: 600_000 }, () => {
  const server = useLocalServer();
  let docx;
  before(async () => {
    docx = await readFile(await fixturePath('four-pages.docx'));
    await server.upload('async25/four-pages.docx', docx);
  });
  const sdkCall = (options) => server.call({ ...options, headers: { ...sdkHeaders, ...options.headers } });

  /** A recorded call's answer: its status, and a JSON string when the record says so. */
  const answerOf = (reply, name) => {
    assert.equal(reply.status, calls[name].answer.status, `${name}: ${reply.body}`);
    if (calls[name].answer.kind === 'json-string') {
      assert.match(reply.headers['content-type'], /application\/json/);
      const id = JSON.parse(reply.body.toString('utf8'));
      assert.equal(typeof id, 'string', `${name} answers a JSON string`);
      assert.match(id, ID_FORM);
      return id;
    }
    return reply;
  };

  test('startConvert, getOperationStatus and getOperationResult replayed as the SDK sends them', SLOW, async () => {
    const { body, contentType } = multipart([
      { name: 'File', filename: 'file.name', contentType: 'application/octet-stream', data: docx },
    ]);
    const id = answerOf(
      await sdkCall({
        method: calls.startConvert.method,
        path: `${calls.startConvert.path}?format=pdf&fromPage=2&pagesCount=2`,
        headers: { 'Content-Type': contentType },
        body,
      }),
      'startConvert',
    );
    const first = await sdkCall({ path: `${calls.getOperationStatus.path}?id=${id}` });
    assert.equal(first.status, 200);
    assertOperationResult(first.json, 'Convert');
    const done = await waitForOperation(sdkCall, id);
    assert.equal(done.status, 'Finished', done.error);
    assertOperationResult(done, 'Convert');

    const result = await sdkCall({ path: `${calls.getOperationResult.path}?id=${id}` });
    assert.equal(result.status, 200);
    assert.doesNotMatch(result.headers['content-type'] ?? '', /json/);
    assert.ok(looksLikePdf(result.body));
    assert.equal((await readPdf(result.body)).pages, 2, 'fromPage=2&pagesCount=2 kept two pages');
  });

  test('startConvertAndSave replayed as the SDK sends it: the results stored where outputPath says', SLOW, async () => {
    const id = answerOf(
      await sdkCall({
        method: calls.startConvertAndSave.method,
        path: calls.startConvertAndSave.path,
        json: { filePath: 'async25/four-pages.docx', format: 'pdf', outputPath: 'async25/out' },
      }),
      'startConvertAndSave',
    );
    const done = await waitForOperation(sdkCall, id);
    assert.equal(done.status, 'Finished', done.error);
    assertOperationResult(done, 'ConvertAndSave');
    assert.deepEqual(
      done.result.map((f) => f.path),
      ['async25/out/four-pages.pdf'],
    );
  });

  describe("this client's calls, recorded on the wire", () => {
    /** @type {{ method: string, url: string, headers: Record<string, string>, body: string }[]} */
    const seen = [];
    let proxy;
    let client;
    before(async () => {
      // A pass-through in front of the server that keeps what each request looked like.
      const target = new URL(server.url);
      proxy = createServer((req, res) => {
        const chunks = [];
        req.on('data', (c) => chunks.push(c));
        req.on('end', () => {
          const body = Buffer.concat(chunks);
          seen.push({ method: req.method, url: req.url, headers: req.headers, body: body.toString('latin1') });
          const out = httpRequest(
            { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
            (answer) => {
              res.writeHead(answer.statusCode, answer.headers);
              answer.pipe(res);
            },
          );
          out.end(body);
        });
      });
      await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
      client = await ConversionClient.create({
        baseUrl: `http://127.0.0.1:${proxy.address().port}`,
        ...DEV_CREDENTIALS,
      });
    });
    after(async () => {
      client?.close();
      await new Promise((resolve) => proxy?.close(resolve));
    });
    const last = (pathname, method) =>
      seen.findLast((r) => r.method === method && new URL(r.url, 'http://x').pathname === pathname);

    test(
      'startConvert, getOperationStatus, getOperationResult and startConvertAndSave go out as recorded',
      SLOW,
      async () => {
        const id = await client.startConvert(docx, {
          format: 'pdf',
          fileName: 'four-pages.docx',
          fromPage: 1,
          pagesCount: 1,
        });
        assert.match(id, ID_FORM);
        assertRecordedRequest(last(calls.startConvert.path, 'PUT'), 'startConvert');

        let status = await client.getOperationStatus(id);
        assertRecordedRequest(last(calls.getOperationStatus.path, 'GET'), 'getOperationStatus');
        while (status.status === 'Created' || status.status === 'Started') {
          await new Promise((r) => setTimeout(r, 100));
          status = await client.getOperationStatus(id);
        }
        assert.equal(status.status, 'Finished', status.error);

        const pdf = await client.getOperationResult(id);
        assertRecordedRequest(last(calls.getOperationResult.path, 'GET'), 'getOperationResult');
        assert.equal((await readPdf(Buffer.from(pdf))).pages, 1);

        const saved = await client.startConvertAndSave({
          filePath: 'async25/four-pages.docx',
          format: 'pdf',
          outputPath: 'async25/mine',
        });
        assert.match(saved, ID_FORM);
        assertRecordedRequest(last(calls.startConvertAndSave.path, 'POST'), 'startConvertAndSave');
      },
    );
  });
});
