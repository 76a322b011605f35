// SPDX-License-Identifier: MIT
// End to end over raw HTTP with the real converter (LibreOffice + Poppler) and real documents: the parts
// of the server that only a real conversion can check (format table, metadata, password errors, pages).

import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fixturePath } from '../support/fixtures.js';
import { supportedFormats } from '../../server/converters/index.js';
import { startLocalServer, useLocalServer } from '../support/local-server.js';
import { multipart, waitForOperation } from '../support/server.js';

const SLOW = { timeout: 180_000 };
const isPdf = (b) => b.subarray(0, 5).toString('latin1') === '%PDF-';
const isPng = (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

describe('real conversions', { timeout: 600_000 }, () => {
  const t = useLocalServer({ converter: 'real' });
  const docs = {};
  before(async () => {
    for (const name of ['four-pages.docx', 'one-page.docx', 'password-protected.docx']) {
      docs[name] = await readFile(await fixturePath(name));
      assert.equal((await t.upload(`WordProcessing/${name}`, docs[name])).status, 200);
    }
  });

  test("GET /formats is the converter's own table: sorted, docx converts to pdf and jpg", async () => {
    const r = await t.call({ path: '/v2.0/conversion/formats' });
    assert.equal(r.status, 200);
    assert.ok(r.json.length > 0);
    const sources = r.json.map((f) => f.sourceFormat);
    assert.deepEqual(sources, [...sources].sort());
    for (const f of r.json) assert.ok(f.targetFormats.length > 0, f.sourceFormat);
    const docx = r.json.find((f) => f.sourceFormat === 'docx');
    for (const target of ['pdf', 'jpg', 'png']) assert.ok(docx.targetFormats.includes(target), target);
    const table = [...supportedFormats()].sort((a, b) => a.sourceFormat.localeCompare(b.sourceFormat));
    assert.deepEqual(r.json, table, 'exactly the converter table');
  });

  test(
    'docx converts to every target /formats lists for it; names keep the format verbatim (as the .NET tests check)',
    SLOW,
    async () => {
      const [docx] = (await t.call({ path: '/v2.0/conversion/formats?format=docx' })).json;
      const replies = await Promise.all(
        docx.targetFormats.map(async (format) => [
          format,
          await t.call({
            method: 'POST',
            path: '/v2.0/conversion',
            json: { filePath: 'WordProcessing/one-page.docx', format, outputPath: `all/${format}` },
          }),
        ]),
      );
      for (const [format, r] of replies) {
        assert.equal(r.status, 200, `${format}: ${r.body}`);
        assert.ok(r.json.length >= 1, format);
        assert.ok(r.json[0].name.endsWith(`.${format}`), `${format}: ${r.json[0].name}`);
        assert.ok(r.json[0].size > 0, format);
      }
    },
  );

  test('GET /info reads real metadata: four-pages.docx has 4 pages', SLOW, async () => {
    const r = await t.call({ path: '/v2.0/conversion/info?filePath=WordProcessing%5Cfour-pages.docx' });
    assert.equal(r.status, 200, r.body.toString());
    assert.equal(r.json.pageCount, 4);
    assert.equal(r.json.size, docs['four-pages.docx'].length);
    assert.equal(r.json.isPasswordProtected, false);
  });

  test('PUT /conversion: docx bytes (sniffed) to a real PDF', SLOW, async () => {
    const { body, contentType } = multipart([
      { name: 'File', filename: 'file.name', contentType: 'application/octet-stream', data: docs['one-page.docx'] },
    ]);
    const r = await t.call({
      method: 'PUT',
      path: '/v2.0/conversion?format=pdf',
      headers: { 'Content-Type': contentType },
      body,
    });
    assert.equal(r.status, 200, r.body.toString());
    assert.ok(isPdf(r.body));
  });

  test('POST /conversion without outputPath to png: page 1 as PNG, x-groupdocs-page-count 4', SLOW, async () => {
    const r = await t.call({
      method: 'POST',
      path: '/v2.0/conversion',
      json: { filePath: 'WordProcessing/four-pages.docx', format: 'png' },
    });
    assert.equal(r.status, 200, r.body.toString());
    assert.ok(isPng(r.body));
    assert.equal(r.headers['x-groupdocs-page-count'], '4');
    assert.match(r.headers['content-disposition'], /four-pages-page-1\.png/);
  });

  test('the password-protected file: no password and a wrong one are 400s; the right one converts', SLOW, async () => {
    const convert = (loadOptions) =>
      t.call({
        method: 'POST',
        path: '/v2.0/conversion',
        json: { filePath: 'WordProcessing/password-protected.docx', format: 'pdf', loadOptions },
      });
    let r = await convert(undefined);
    assert.equal(r.status, 400, r.body.toString());
    assert.equal(r.json.error.code, 'PasswordRequired');
    r = await convert({ password: 'not-it' });
    assert.equal(r.status, 400, r.body.toString());
    assert.equal(r.json.error.code, 'IncorrectPassword');
    r = await convert({ password: 'password' });
    assert.equal(r.status, 200, r.body.toString());
    assert.ok(isPdf(r.body));
  });

  test('async ConvertAndSave to jpg: Finished with 4 stored pages', SLOW, async () => {
    const r = await t.call({
      method: 'POST',
      path: '/v2.0/conversion/async',
      json: { filePath: 'WordProcessing/four-pages.docx', format: 'jpg', outputPath: 'converted' },
    });
    assert.equal(r.status, 200);
    const op = await waitForOperation(t.call, r.json, 170_000);
    assert.equal(op.status, 'Finished', op.error);
    assert.deepEqual(
      op.result.map((x) => x.path),
      [1, 2, 3, 4].map((n) => `converted/four-pages-page-${n}.jpg`),
    );
    const page = await t.call({ path: '/v2.0/conversion/storage/file/converted/four-pages-page-4.jpg' });
    assert.deepEqual([...page.body.subarray(0, 3)], [0xff, 0xd8, 0xff]);
  });

  test(
    "async Convert of the encrypted file without a password ends Failed with the converter's text",
    SLOW,
    async () => {
      const { body, contentType } = multipart([
        { name: 'File', filename: 'file.name', data: docs['password-protected.docx'] },
        { name: 'loadOptions', data: '{"format":"docx"}' },
      ]);
      const r = await t.call({
        method: 'PUT',
        path: '/v2.0/conversion/async?format=pdf',
        headers: { 'Content-Type': contentType },
        body,
      });
      assert.equal(r.status, 200, r.body.toString());
      const op = await waitForOperation(t.call, r.json, 170_000);
      assert.equal(op.status, 'Failed');
      assert.match(op.error, /password/i);
    },
  );
});

describe('real conversion timeout', { timeout: 300_000 }, () => {
  test(
    '--conversion-timeout-ms reaches the converter: sync 504, async Failed with the text, server still healthy',
    SLOW,
    async () => {
      const t = await startLocalServer({ converter: 'real', workers: 1, conversionTimeoutMs: 1 });
      try {
        const doc = await readFile(await fixturePath('four-pages.docx'));
        await t.upload('four-pages.docx', doc);
        const sync = await t.call({
          method: 'POST',
          path: '/v2.0/conversion',
          json: { filePath: 'four-pages.docx', format: 'pdf' },
        });
        assert.equal(sync.status, 504, sync.body.toString());
        assert.equal(sync.json.error.code, 'ConversionTimeout');
        const id = (
          await t.call({
            method: 'POST',
            path: '/v2.0/conversion/async',
            json: { filePath: 'four-pages.docx', format: 'pdf', outputPath: 'o' },
          })
        ).json;
        const op = await waitForOperation(t.call, id, 60_000);
        assert.equal(op.status, 'Failed');
        assert.match(op.error, /time/i);
        assert.equal((await t.call({ path: '/v2.0/conversion/storage/exist/four-pages.docx' })).json.exists, true);
      } finally {
        await t.close();
      }
    },
  );
});
