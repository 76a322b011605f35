// SPDX-License-Identifier: MIT
// The local server's ConvertApi, InfoApi and LicenseApi routes with a fake converter: request parsing
// (case-insensitive keys, unknown keys, nulls), output naming, error mapping, formats and metadata.

import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { startLocalServer, useLocalServer } from '../support/local-server.js';
import { multipart } from '../support/server.js';
import { FakeConversionError } from '../support/fake-converter.js';

const CONVERT = '/v2.0/conversion';

describe('POST /conversion (storage in)', () => {
  const t = useLocalServer({ converter: 'fake' });
  before(async () => {
    await t.upload('WordProcessing/four-pages.docx', 'FAKEDOC pages=4');
    await t.upload('WordProcessing/password-protected.docx', 'FAKEDOC ENCRYPTED');
  });

  test('with outputPath: StoredConvertedResult[] stored in storage, url absolute to this server', async () => {
    const r = await t.call({
      method: 'POST',
      path: CONVERT,
      json: { filePath: 'WordProcessing/four-pages.docx', format: 'pdf', outputPath: 'converted' },
    });
    assert.equal(r.status, 200);
    assert.match(r.headers['content-type'], /^application\/json/);
    assert.equal(r.json.length, 1);
    const [res] = r.json;
    assert.equal(res.name, 'four-pages.pdf');
    assert.equal(res.path, 'converted/four-pages.pdf');
    assert.ok(res.size > 0);
    assert.equal(res.url, `${t.url}/v2.0/conversion/storage/file/converted/four-pages.pdf`);
    const download = await t.call({ path: new URL(res.url).pathname });
    assert.equal(download.status, 200);
    assert.equal(download.body.length, res.size);
  });

  test('a raster target gives one file per page named <base>-page-<n>.<fmt>', async () => {
    const r = await t.call({
      method: 'POST',
      path: CONVERT,
      json: { filePath: 'WordProcessing/four-pages.docx', format: 'jpg', outputPath: 'converted' },
    });
    assert.equal(r.status, 200);
    assert.deepEqual(
      r.json.map((x) => x.name),
      [1, 2, 3, 4].map((n) => `four-pages-page-${n}.jpg`),
    );
    assert.deepEqual(
      r.json.map((x) => x.path),
      [1, 2, 3, 4].map((n) => `converted/four-pages-page-${n}.jpg`),
    );
    for (const x of r.json) assert.ok(x.size > 0);
  });

  test('the target format keeps its spelling (jpeg stays jpeg, tif stays tif)', async () => {
    for (const format of ['jpeg', 'tif']) {
      const r = await t.call({
        method: 'POST',
        path: CONVERT,
        json: { filePath: 'WordProcessing/four-pages.docx', format, outputPath: 'out' },
      });
      assert.ok(r.json[0].name.endsWith(`.${format}`), r.json[0].name);
    }
  });

  test('without outputPath (or with an empty one) the converted bytes come back as octet-stream', async () => {
    for (const extra of [{}, { outputPath: '' }]) {
      const r = await t.call({
        method: 'POST',
        path: CONVERT,
        json: { filePath: 'WordProcessing/four-pages.docx', format: 'pdf', ...extra },
      });
      assert.equal(r.status, 200);
      assert.equal(r.headers['content-type'], 'application/octet-stream');
      assert.match(r.headers['content-disposition'], /four-pages\.pdf/);
      assert.equal(r.body.toString(), 'FAKE docx->pdf of 15 bytes');
    }
  });

  test('a multi-page raster result without outputPath returns the first page and x-groupdocs-page-count', async () => {
    const r = await t.call({
      method: 'POST',
      path: CONVERT,
      json: { filePath: 'WordProcessing/four-pages.docx', format: 'png' },
    });
    assert.equal(r.status, 200);
    assert.equal(r.headers['x-groupdocs-page-count'], '4');
    assert.match(r.headers['content-disposition'], /four-pages-page-1\.png/);
    assert.equal(r.body.toString(), 'FAKE docx->png page 1');
  });

  test('PascalCase and snake_case keys, unknown keys and null models are accepted', async () => {
    const r = await t.call({
      method: 'POST',
      path: CONVERT,
      json: {
        FilePath: 'WordProcessing/password-protected.docx',
        Format: 'PDF',
        OutputPath: 'pascal',
        StorageName: null,
        LoadOptions: { Password: 'password', Format: 'docx', Unknown_Thing: 1 },
        ConvertOptions: null,
        FontsPath: null,
        Extra: { a: 1 },
      },
    });
    assert.equal(r.status, 200, r.body.toString());
    assert.equal(r.json[0].path, 'pascal/password-protected.pdf');
    const call = t.fake.calls.at(-1);
    assert.equal(call.loadOptions.password, 'password');
    assert.equal(call.targetFormat, 'pdf');
    assert.deepEqual(call.convertOptions, {});
    const snake = await t.call({
      method: 'POST',
      path: CONVERT,
      json: {
        file_path: 'WordProcessing/four-pages.docx',
        format: 'pdf',
        output_path: 'snake',
        convert_options: { from_page: 2, pages_count: 1, watermark_options: { text: 'W' } },
      },
    });
    assert.equal(snake.status, 200);
    assert.deepEqual(t.fake.calls.at(-1).convertOptions, {
      fromPage: 2,
      pagesCount: 1,
      watermarkOptions: { text: 'W' },
    });
  });

  test('fontSubstitutes keeps its keys (they are font names)', async () => {
    await t.call({
      method: 'POST',
      path: CONVERT,
      json: {
        filePath: 'WordProcessing/four-pages.docx',
        format: 'pdf',
        loadOptions: { FontSubstitutes: { 'Times New Roman': 'Arial' } },
      },
    });
    assert.deepEqual(t.fake.calls.at(-1).loadOptions.fontSubstitutes, { 'Times New Roman': 'Arial' });
  });

  test('the file path is normalised: backslashes work', async () => {
    const r = await t.call({
      method: 'POST',
      path: CONVERT,
      json: { filePath: 'WordProcessing\\four-pages.docx', format: 'pdf', outputPath: 'converted\\bs' },
    });
    assert.equal(r.status, 200);
    assert.equal(r.json[0].path, 'converted/bs/four-pages.pdf');
  });

  test('results in a named storage are stored there and their url says so', async () => {
    await t.upload('w.docx', 'FAKEDOC', '?storageName=week');
    const r = await t.call({
      method: 'POST',
      path: CONVERT,
      json: { storageName: 'week', filePath: 'w.docx', format: 'pdf', outputPath: 'o' },
    });
    assert.equal(r.json[0].url, `${t.url}/v2.0/conversion/storage/file/o/w.pdf?storageName=week`);
    assert.equal((await t.call({ path: '/v2.0/conversion/storage/exist/o/w.pdf?storageName=week' })).json.exists, true);
    assert.equal((await t.call({ path: '/v2.0/conversion/storage/exist/o/w.pdf' })).json.exists, false);
  });

  test('an unknown target format is a 400 naming what is supported', async () => {
    const r = await t.call({
      method: 'POST',
      path: CONVERT,
      json: { filePath: 'WordProcessing/four-pages.docx', format: 'xyz', outputPath: 'o' },
    });
    assert.equal(r.status, 400);
    assert.equal(r.json.error.code, 'UnsupportedFormat');
    assert.match(r.json.error.message, /'docx' to 'xyz'.*pdf/);
  });

  test('an unsupported source format is a 400 naming the supported sources', async () => {
    await t.upload('data.bin', Buffer.from([1, 2, 3]));
    const r = await t.call({ method: 'POST', path: CONVERT, json: { filePath: 'data.bin', format: 'pdf' } });
    assert.equal(r.status, 400);
    assert.match(r.json.error.message, /Supported source formats: docx, pdf, txt/);
  });

  test('a missing source file is a 404 with the S3 message', async () => {
    const r = await t.call({
      method: 'POST',
      path: CONVERT,
      json: { filePath: 'some-folder\\NotExist.docx', format: 'pdf' },
    });
    assert.equal(r.status, 404);
    assert.ok(r.json.error.message.startsWith('AmazonS3 Storage exception: The specified key does not exist.'));
  });

  test('missing filePath or format, a non-object body or options object and malformed JSON are 400s', async () => {
    const bad = [
      { json: { format: 'pdf' }, code: 'InvalidRequest' },
      { json: { filePath: 'a.docx' }, code: 'InvalidRequest' },
      { json: [1, 2], code: 'InvalidRequest' },
      { json: { filePath: 'a.docx', format: 'pdf', loadOptions: 'nope' }, code: 'InvalidOptions' },
      { body: '{"filePath": "a.docx",', code: 'InvalidJson' },
      { body: '', code: 'InvalidRequest' },
    ];
    for (const b of bad) {
      const r = await t.call({ method: 'POST', path: CONVERT, headers: { 'Content-Type': 'application/json' }, ...b });
      assert.equal(r.status, 400, JSON.stringify(b));
      assert.equal(r.json.error.code, b.code, JSON.stringify(b));
    }
  });

  test('converter errors map to statuses: password 400, corrupt 400, timeout 504, engine 500', async () => {
    const cases = [
      ['password_required', 400, 'PasswordRequired'],
      ['wrong_password', 400, 'IncorrectPassword'],
      ['corrupt_input', 400, 'CorruptDocument'],
      ['unsupported_format', 400, 'UnsupportedFormat'],
      ['timeout', 504, 'ConversionTimeout'],
      ['engine_failed', 500, 'ConversionFailed'],
    ];
    for (const [code, status, apiCode] of cases) {
      t.fake.failNext = new FakeConversionError(code, `fake ${code}`);
      const r = await t.call({
        method: 'POST',
        path: CONVERT,
        json: { filePath: 'WordProcessing/four-pages.docx', format: 'pdf' },
      });
      assert.equal(r.status, status, code);
      assert.equal(r.json.error.code, apiCode);
      assert.equal(r.json.error.message, `fake ${code}`);
    }
    t.fake.failNext = new Error('boom');
    const r = await t.call({
      method: 'POST',
      path: CONVERT,
      json: { filePath: 'WordProcessing/four-pages.docx', format: 'pdf' },
    });
    assert.equal(r.status, 500);
    assert.match(r.json.error.message, /boom/);
  });

  test('the fake password check passes through the server: missing password is a 400', async () => {
    const r = await t.call({
      method: 'POST',
      path: CONVERT,
      json: { filePath: 'WordProcessing/password-protected.docx', format: 'pdf' },
    });
    assert.equal(r.status, 400);
    assert.equal(r.json.error.code, 'PasswordRequired');
  });

  test('a result that would exceed the quota is a 507', async () => {
    const small = await startLocalServer({ converter: 'fake', quotaBytes: 40 });
    try {
      await small.upload('q.docx', 'FAKEDOC pages=4');
      const r = await small.call({
        method: 'POST',
        path: CONVERT,
        json: { filePath: 'q.docx', format: 'jpg', outputPath: 'o' },
      });
      assert.equal(r.status, 507);
      assert.equal(r.json.error.code, 'QuotaExceeded');
      const left = await small.call({ path: '/v2.0/conversion/storage/exist/o' });
      assert.equal(left.json.exists, false, 'no partial output');
    } finally {
      await small.close();
    }
  });
});

describe('PUT /conversion (multipart direct)', () => {
  const t = useLocalServer({ converter: 'fake' });

  const direct = (query, parts) => {
    const { body, contentType } = multipart(parts);
    return t.call({ method: 'PUT', path: `${CONVERT}?${query}`, headers: { 'Content-Type': contentType }, body });
  };

  test('Node SDK style: part "File", filename "file.name", format sniffed from the bytes', async () => {
    const r = await direct('format=pdf', [
      { name: 'File', filename: 'file.name', contentType: 'application/octet-stream', data: 'FAKEDOC pages=2' },
    ]);
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'application/octet-stream');
    assert.match(r.headers['content-disposition'], /filename="file\.pdf"/);
    assert.equal(r.body.toString(), 'FAKE docx->pdf of 15 bytes');
    assert.equal(t.fake.calls.at(-1).sourceFormat, 'docx');
  });

  test('Python style: part "file" with the real filename names the result', async () => {
    const r = await direct('format=txt', [{ name: 'file', filename: 'report.docx', data: 'FAKEDOC' }]);
    assert.equal(r.status, 200);
    assert.match(r.headers['content-disposition'], /filename="report\.txt"/);
  });

  test('loadOptions and convertOptions parts are parsed; fromPage/pagesCount query fill convertOptions', async () => {
    const r = await direct('format=pdf&fromPage=2&pagesCount=1', [
      { name: 'File', filename: 'file.name', data: 'FAKEDOC ENCRYPTED' },
      { name: 'loadOptions', data: JSON.stringify({ format: 'docx', password: 'password' }) },
      { name: 'convertOptions', data: JSON.stringify({ Dpi: 300 }) },
    ]);
    assert.equal(r.status, 200, r.body.toString());
    const call = t.fake.calls.at(-1);
    assert.deepEqual(call.loadOptions, { format: 'docx', password: 'password' });
    assert.deepEqual(call.convertOptions, { dpi: 300, fromPage: 2, pagesCount: 1 });
  });

  test('loadOptions.format decides the source when the bytes say nothing', async () => {
    const r = await direct('format=pdf', [
      { name: 'File', filename: 'file.name', data: 'plain words' },
      { name: 'loadOptions', data: '{"format":"txt"}' },
    ]);
    assert.equal(r.status, 200);
    assert.equal(t.fake.calls.at(-1).sourceFormat, 'txt');
  });

  test('an undetectable source is a 400 that says to set loadOptions.format', async () => {
    const r = await direct('format=pdf', [{ name: 'File', filename: 'file.name', data: 'plain words' }]);
    assert.equal(r.status, 400);
    assert.match(r.json.error.message, /loadOptions\.format/);
  });

  test('missing or unknown format, bad page numbers, malformed options parts are 400s', async () => {
    const file = { name: 'File', filename: 'file.name', data: 'FAKEDOC' };
    let r = await direct('', [file]);
    assert.equal(r.status, 400);
    assert.match(r.json.error.message, /Supported target formats/);
    r = await direct('format=zz9', [file]);
    assert.equal(r.status, 400);
    assert.match(r.json.error.message, /Supported target formats for 'docx'/);
    r = await direct('format=pdf&fromPage=-1', [file]);
    assert.equal(r.status, 400);
    r = await direct('format=pdf', [file, { name: 'loadOptions', data: '{broken' }]);
    assert.equal(r.status, 400);
    assert.equal(r.json.error.code, 'InvalidJson');
  });

  test('errors on this binary route are JSON', async () => {
    const r = await direct('format=pdf', [{ name: 'File', filename: 'file.name', data: 'FAKEDOC ENCRYPTED' }]);
    assert.equal(r.status, 400);
    assert.match(r.headers['content-type'], /^application\/json/);
    assert.equal(r.json.error.code, 'PasswordRequired');
  });
});

describe('InfoApi and LicenseApi', () => {
  const t = useLocalServer({ converter: 'fake' });
  before(async () => {
    await t.upload('WordProcessing/four-pages.docx', 'FAKEDOC pages=4');
    await t.upload('noext', 'FAKEDOC pages=3');
  });

  test('GET /formats reports exactly the converter table, sorted, each with targets', async () => {
    const r = await t.call({ path: `${CONVERT}/formats` });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, t.fake.supportedFormats());
  });

  test('GET /formats?format= filters by source; filePath uses the extension or the content', async () => {
    let r = await t.call({ path: `${CONVERT}/formats?format=pdf` });
    assert.deepEqual(
      r.json.map((f) => f.sourceFormat),
      ['pdf'],
    );
    r = await t.call({ path: `${CONVERT}/formats?filePath=WordProcessing/four-pages.docx` });
    assert.deepEqual(
      r.json.map((f) => f.sourceFormat),
      ['docx'],
    );
    r = await t.call({ path: `${CONVERT}/formats?filePath=noext` });
    assert.deepEqual(
      r.json.map((f) => f.sourceFormat),
      ['docx'],
    );
    r = await t.call({ path: `${CONVERT}/formats?format=xyz` });
    assert.deepEqual(r.json, []);
  });

  test('GET /info returns every DocumentMetadata field from the converter', async () => {
    const r = await t.call({ path: `${CONVERT}/info?filePath=WordProcessing/four-pages.docx` });
    assert.equal(r.status, 200);
    assert.equal(r.json.pageCount, 4);
    assert.equal(r.json.fileType, 'docx');
    assert.equal(r.json.size, 15);
    assert.equal(r.json.title, 'Fake title');
    for (const k of [
      'width',
      'height',
      'horizontalResolution',
      'verticalResolution',
      'bitsPerPixel',
      'createdDate',
      'modifiedDate',
      'layers',
      'isPasswordProtected',
      'author',
    ]) {
      assert.ok(k in r.json, k);
    }
  });

  test('GET /info: missing filePath is a 400, a missing file a 404', async () => {
    assert.equal((await t.call({ path: `${CONVERT}/info` })).status, 400);
    const r = await t.call({ path: `${CONVERT}/info?filePath=nope.docx` });
    assert.equal(r.status, 404);
    assert.ok(r.json.error.message.startsWith('AmazonS3 Storage exception: The specified key does not exist.'));
  });

  test('GET /license and /consumption', async () => {
    assert.deepEqual((await t.call({ path: `${CONVERT}/license` })).json, { isLicensed: true });
    const before = (await t.call({ path: `${CONVERT}/consumption` })).json;
    await t.call({
      method: 'POST',
      path: CONVERT,
      json: { filePath: 'WordProcessing/four-pages.docx', format: 'pdf' },
    });
    const after = (await t.call({ path: `${CONVERT}/consumption` })).json;
    assert.equal(after.credit, before.credit + 1);
    assert.ok(after.quantity >= before.quantity);
    assert.ok(after.billedApiCalls > before.billedApiCalls);
  });
});
