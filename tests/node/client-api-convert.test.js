// SPDX-License-Identifier: MIT
// ConvertApi and AsyncApi through the real wasm client against the local server: convertDocument,
// convertDocumentDownload (exact bytes, which the official Node SDK corrupts), convertDocumentDirect,
// startConvert + getOperationResult, and convert({ direct: true }). One server converts for real
// (LibreOffice); a second one uses a converter that answers fixed binary bytes (every byte value), so that
// "the exact bytes" is a sha256 comparison with what the server holds and sends.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ConvertApi, ConvertDocumentRequest, ConvertSettings } from 'groupdocs-conversion-cloud';
import { fixturePath } from '../support/fixtures.js';
import { createFakeConverter } from '../support/fake-converter.js';
import { CONVERSION_TIMEOUT_MS, DEV_CREDENTIALS, looksLikePdf, readPdf } from '../support/client-env.js';
import { useClient } from '../support/local-server.js';

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** 4 KiB that hold every byte value, NULs and invalid UTF-8 included. */
const BINARY = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) & 0xff));

/** A converter whose every result is BINARY plus the page number, so results are known in advance. */
function binaryConverter() {
  const fake = createFakeConverter();
  const convert = fake.convert;
  fake.convert = async (job) =>
    (await convert(job)).map((file, i) => ({ ...file, bytes: Buffer.concat([BINARY, Buffer.from([i])]) }));
  return fake;
}

/** The bytes the server sends for a request, through plain fetch (no client of ours in between). */
async function rawDownload(env, path, init = {}) {
  const res = await fetch(`${env.url}/v2.0/conversion${path}`, {
    ...init,
    headers: { ...init.headers, authorization: `Bearer ${env.token}` },
  });
  assert.equal(res.status, 200, `${path}: ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

describe('ConvertApi and AsyncApi: exact bytes', () => {
  const env = useClient({ converter: binaryConverter() });

  before(async () => {
    await env.client.uploadFile('in/doc.docx', Buffer.from('FAKEDOC pages=3'));
  });

  test("convertDocumentDownload returns exactly the converter's bytes; the official Node SDK does not", async () => {
    const settings = { filePath: 'in/doc.docx', format: 'pdf' };
    const bytes = await env.client.convertDocumentDownload(settings);
    assert.ok(bytes instanceof Uint8Array);
    const expected = Buffer.concat([BINARY, Buffer.from([0])]);
    assert.equal(sha256(bytes), sha256(expected));
    const raw = await rawDownload(env, '', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(settings),
    });
    assert.equal(sha256(bytes), sha256(raw));

    // The official SDK 24.4.0 decodes the body as UTF-8 text (reference §7, known bug 1).
    const api = ConvertApi.fromKeys(DEV_CREDENTIALS.clientId, DEV_CREDENTIALS.clientSecret);
    api.configuration.apiBaseUrl = env.url;
    const official = await api.convertDocumentDownload(
      new ConvertDocumentRequest(Object.assign(new ConvertSettings(), settings)),
    );
    assert.notEqual(sha256(Buffer.from(official)), sha256(expected), 'the official SDK corrupts binary results');
  });

  test('convertDocument stores every page and answers StoredConvertedResult[]', async () => {
    const results = await env.client.convertDocument({
      filePath: 'in/doc.docx',
      format: 'png',
      outputPath: 'out/pages',
    });
    assert.deepEqual(
      results.map((r) => r.name),
      ['doc-page-1.png', 'doc-page-2.png', 'doc-page-3.png'],
    );
    for (const [i, r] of results.entries()) {
      assert.equal(r.path, `out/pages/doc-page-${i + 1}.png`);
      assert.equal(r.size, BINARY.length + 1);
      assert.match(
        r.url,
        /^http:\/\/127\.0\.0\.1:\d+\/v2\.0\/conversion\/storage\/file\/out\/pages\/doc-page-\d\.png$/,
      );
      const stored = await env.server.app.storage.readFile('First Storage', r.path);
      assert.equal(sha256(await env.client.downloadFile(r.path)), sha256(stored));
    }
  });

  test('convertDocumentDirect sends bytes and options, and answers the exact result', async () => {
    const bytes = await env.client.convertDocumentDirect(Buffer.from('FAKEDOC pages=2'), {
      format: 'txt',
      fileName: 'direct #1.docx',
      fromPage: 1,
      pagesCount: 1,
      loadOptions: { format: 'docx' },
      convertOptions: { pages: [1] },
    });
    assert.equal(sha256(bytes), sha256(Buffer.concat([BINARY, Buffer.from([0])])));
  });

  test('startConvert + waitForOperation + getOperationResult: every page by name, exact bytes', async () => {
    const id = await env.client.startConvert(Buffer.from('FAKEDOC pages=2'), {
      format: 'jpg',
      fileName: 'ü 文件.docx',
    });
    const op = await env.client.waitForOperation(id, { timeoutMs: CONVERSION_TIMEOUT_MS });
    assert.equal(op.method, 'Convert');
    assert.deepEqual(
      op.result.map((r) => [r.name, r.path]),
      [
        ['ü 文件-page-1.jpg', null],
        ['ü 文件-page-2.jpg', null],
      ],
    );
    const first = await env.client.getOperationResult(id);
    const second = await env.client.getOperationResult(id, { name: op.result[1].name });
    assert.equal(sha256(first), sha256(Buffer.concat([BINARY, Buffer.from([0])])));
    assert.equal(sha256(second), sha256(Buffer.concat([BINARY, Buffer.from([1])])));
    const raw = await rawDownload(
      env,
      `/async/result?id=${encodeURIComponent(id)}&name=${encodeURIComponent(op.result[1].name)}`,
    );
    assert.equal(sha256(second), sha256(raw));
  });

  test('convert({ direct: true }) stores nothing and returns every result', async () => {
    const before = (await env.client.getDiscUsage()).usedSize;
    const events = [];
    const { operation, files } = await env.client.convert(Buffer.from('FAKEDOC pages=2'), {
      format: 'png',
      direct: true,
      fileName: 'report.docx',
      onProgress: (e) => events.push(e),
    });
    assert.equal(operation.method, 'Convert');
    assert.deepEqual(
      files.map((f) => [f.name, f.path, f.size]),
      [
        ['report-page-1.png', null, BINARY.length + 1],
        ['report-page-2.png', null, BINARY.length + 1],
      ],
    );
    assert.equal(sha256(files[1].bytes), sha256(Buffer.concat([BINARY, Buffer.from([1])])));
    assert.equal((await env.client.getDiscUsage()).usedSize, before, 'nothing was stored');
    assert.deepEqual(
      events.filter((e) => e.type === 'stage').map((e) => e.stage),
      ['token', 'upload', 'convert', 'download'],
    );
    // Without a name the server tells the format from the bytes.
    const unnamed = await env.client.convert(new Uint8Array(Buffer.from('FAKEDOC pages=1')), {
      format: 'pdf',
      direct: true,
    });
    assert.equal(unnamed.files[0].name, 'file.pdf');
  });

  test('argument and server errors are typed', async () => {
    await assert.rejects(env.client.convertDocument({ filePath: 'in/doc.docx', format: 'pdf' }), {
      code: 'invalid_argument',
    });
    await assert.rejects(
      env.client.convertDocumentDownload({ filePath: 'in/doc.docx', format: 'pdf', outputPath: 'x' }),
      { code: 'invalid_argument' },
    );
    await assert.rejects(env.client.convert(Buffer.from('x'), { format: 'pdf', direct: true, outputPath: 'x' }), {
      code: 'invalid_argument',
    });
    await assert.rejects(env.client.convertDocumentDirect(Buffer.from('x'), { format: 'pdf', fromPage: 0 }), {
      code: 'invalid_argument',
    });
    await assert.rejects(env.client.convertDocumentDownload({ filePath: 'in/missing.docx', format: 'pdf' }), {
      code: 'not_found',
      status: 404,
    });
    await assert.rejects(env.client.getOperationResult('no-such-operation'), { code: 'not_found' });
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(
      env.client.startConvert(Buffer.from('FAKEDOC'), { format: 'pdf', signal: controller.signal }),
      { code: 'aborted' },
    );
  });
});

describe('ConvertApi and AsyncApi: real conversions (LibreOffice)', () => {
  const env = useClient();
  let docx;

  before(async () => {
    docx = await readFile(await fixturePath('four-pages.docx'));
    await env.client.uploadFile('real/four-pages.docx', docx);
  });

  test('convertDocumentDownload and convertDocumentDirect give real PDFs; pages and passwords reach the converter', async () => {
    const pdf = await env.client.convertDocumentDownload({ filePath: 'real/four-pages.docx', format: 'pdf' });
    assert.ok(looksLikePdf(pdf));
    assert.equal((await readPdf(pdf)).pages, 4);

    const two = await env.client.convertDocumentDirect(docx, {
      format: 'pdf',
      fileName: 'four-pages.docx',
      fromPage: 2,
      pagesCount: 2,
    });
    const { pages, text } = await readPdf(two);
    assert.equal(pages, 2);
    assert.match(text, /Bravo/);
    assert.doesNotMatch(text, /Alpha/);

    const locked = await readFile(await fixturePath('password-protected.docx'));
    await assert.rejects(
      env.client.convertDocumentDirect(locked, { format: 'pdf', fileName: 'locked.docx' }),
      (err) => {
        assert.equal(err.code, 'http_error');
        assert.equal(err.apiCode, 'PasswordRequired');
        return true;
      },
    );
    const opened = await env.client.convertDocumentDirect(locked, {
      format: 'pdf',
      fileName: 'locked.docx',
      loadOptions: { password: 'password' },
    });
    assert.ok(looksLikePdf(opened));
  });

  test('convert({ direct: true }) turns a docx into a four-page PDF without storage', async () => {
    const { files } = await env.client.convert(await fixturePath('four-pages.docx'), {
      format: 'pdf',
      direct: true,
      timeoutMs: CONVERSION_TIMEOUT_MS,
    });
    assert.equal(files.length, 1);
    assert.equal(files[0].name, 'four-pages.pdf');
    assert.equal(files[0].path, null);
    assert.equal((await readPdf(files[0].bytes)).pages, 4);
  });
});
