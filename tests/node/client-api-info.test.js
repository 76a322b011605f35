// SPDX-License-Identifier: MIT
// InfoApi and LicenseApi through the real wasm client against the local server (real converter), and
// the answers' shapes.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fixturePath } from '../support/fixtures.js';
import { useClient } from '../support/local-server.js';

describe('InfoApi and LicenseApi', () => {
  const env = useClient();

  test("getSupportedConversionTypes: the whole table, or one source format, or a stored file's", async () => {
    const all = await env.client.getSupportedConversionTypes();
    assert.ok(all.length > 3);
    for (const entry of all) {
      assert.equal(typeof entry.sourceFormat, 'string');
      assert.ok(entry.sourceFormat.length > 0);
      assert.ok(Array.isArray(entry.targetFormats) && entry.targetFormats.length > 0, entry.sourceFormat);
    }
    const docx = await env.client.getSupportedConversionTypes({ format: 'docx' });
    assert.equal(docx.length, 1);
    assert.equal(docx[0].sourceFormat, 'docx');
    assert.ok(docx[0].targetFormats.includes('pdf'));
    await env.client.uploadFile('info/sheet.xlsx', await readFile(await fixturePath('sheet.xlsx')));
    const byFile = await env.client.getSupportedConversionTypes({ filePath: 'info/sheet.xlsx' });
    assert.equal(byFile[0].sourceFormat, 'xlsx');
  });

  test('getDocumentMetadata reads page count, type, title and protection', async () => {
    await env.client.uploadFile('info/four pages.docx', await readFile(await fixturePath('four-pages.docx')));
    const meta = await env.client.getDocumentMetadata('info/four pages.docx');
    assert.equal(meta.pageCount, 4);
    assert.match(meta.fileType, /docx/i);
    assert.equal(meta.isPasswordProtected, false);
    assert.equal(typeof meta.size, 'number');
    await env.client.uploadFile('info/locked.docx', await readFile(await fixturePath('password-protected.docx')));
    assert.equal((await env.client.getDocumentMetadata('info/locked.docx')).isPasswordProtected, true);
    await assert.rejects(env.client.getDocumentMetadata('info/missing.docx'), { code: 'not_found' });
    await assert.rejects(env.client.getDocumentMetadata(''), { code: 'invalid_argument' });
  });

  test('getLicenseInfo and getConsumptionCredit', async () => {
    assert.deepEqual(await env.client.getLicenseInfo(), { isLicensed: true });
    const before = await env.client.getConsumptionCredit();
    assert.equal(typeof before.credit, 'number');
    assert.equal(typeof before.quantity, 'number');
    await env.client.convertDocumentDownload({ filePath: 'info/four pages.docx', format: 'txt' });
    const after = await env.client.getConsumptionCredit();
    assert.equal(after.credit, before.credit + 1);
    assert.ok(after.quantity > before.quantity);
    assert.ok(after.billedApiCalls > before.billedApiCalls);
  });
});
