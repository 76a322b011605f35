// SPDX-License-Identifier: MIT
// The seed flow through the real wasm client and the local server over real HTTP: a real docx becomes a
// real PDF, checked by content (pdfinfo page count, pdftotext text). Each of the four SDK-named steps,
// waitForOperation and the one-call convert().

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fixtureBytes, fixturePath } from '../support/fixtures.js';
import { CONVERSION_TIMEOUT_MS, looksLikePdf, readPdf } from '../support/client-env.js';
import { useClient } from '../support/local-server.js';

const docx = await fixtureBytes('four-pages.docx');

describe('ConversionClient: the seed flow against the local server', () => {
  const env = useClient();

  test('the four steps turn four-pages.docx into a four-page PDF', async () => {
    const upload = await env.client.uploadFile('WordProcessing/four-pages.docx', docx);
    assert.equal(upload.errors.length, 0);
    assert.equal(upload.uploaded.length, 1);
    assert.match(upload.uploaded[0], /four-pages\.docx$/);

    const id = await env.client.startConvertAndSave({
      filePath: 'WordProcessing/four-pages.docx',
      format: 'pdf',
      outputPath: 'seed/converted',
    });
    assert.equal(typeof id, 'string');
    assert.ok(id.length > 0);

    const statuses = [];
    const operation = await env.client.waitForOperation(id, {
      timeoutMs: CONVERSION_TIMEOUT_MS,
      onStatus: (status) => statuses.push(status),
    });
    assert.equal(operation.id, id);
    assert.equal(operation.status, 'Finished');
    assert.equal(operation.method, 'ConvertAndSave');
    assert.ok(statuses.length >= 1, 'onStatus was called');
    assert.equal(statuses.at(-1), 'Finished');
    assert.equal(operation.result.length, 1);
    assert.equal(operation.result[0].name, 'four-pages.pdf');
    assert.equal(operation.result[0].path, 'seed/converted/four-pages.pdf');

    const status = await env.client.getOperationStatus(id);
    assert.equal(status.id, id);
    assert.equal(status.status, 'Finished');
    assert.deepEqual(status.result, operation.result);

    const pdf = await env.client.downloadFile(operation.result[0].path);
    assert.ok(pdf instanceof Uint8Array);
    assert.equal(pdf.byteLength, operation.result[0].size);
    assert.ok(looksLikePdf(pdf));
    const { pages, text } = await readPdf(pdf);
    assert.equal(pages, 4);
    for (const word of ['Alpha', 'Bravo', 'Charlie', 'Delta']) assert.match(text, new RegExp(word));
  });

  test('getOperationStatus reports an operation before it has finished', async () => {
    await env.client.uploadFile('status/one-page.docx', await readFile(await fixturePath('one-page.docx')));
    const id = await env.client.startConvertAndSave({
      filePath: 'status/one-page.docx',
      format: 'pdf',
      outputPath: 'status/out',
    });
    const first = await env.client.getOperationStatus(id);
    assert.equal(first.id, id);
    assert.ok(['Created', 'Started', 'Finished'].includes(first.status), first.status);
    assert.equal(typeof first.created, 'string');
    const done = await env.client.waitForOperation(id, { timeoutMs: CONVERSION_TIMEOUT_MS });
    assert.equal(done.status, 'Finished');
  });

  test('downloadFile returns exactly the bytes that were uploaded', async () => {
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 31 + 7) & 0xff); // NULs and every byte value
    await env.client.uploadFile('binary/blob.bin', bytes);
    const back = await env.client.downloadFile('binary/blob.bin');
    assert.deepEqual(back, bytes);
  });

  test('convert() runs the whole flow from a file path, with progress', async () => {
    const events = [];
    const { operation, files } = await env.client.convert(await fixturePath('four-pages.docx'), {
      format: 'pdf',
      timeoutMs: CONVERSION_TIMEOUT_MS,
      onProgress: (event) => events.push(event),
    });
    assert.equal(operation.status, 'Finished');
    assert.equal(files.length, 1);
    const [file] = files;
    assert.equal(file.name, 'four-pages.pdf');
    assert.match(file.path, /\/four-pages\.pdf$/);
    assert.equal(file.size, file.bytes.byteLength);
    const { pages, text } = await readPdf(file.bytes);
    assert.equal(pages, 4);
    assert.match(text, /Page 4 of four: Delta/);

    const stages = events.filter((e) => e.type === 'stage').map((e) => e.stage);
    assert.deepEqual(
      stages.filter((s) => s !== 'token'),
      ['upload', 'convert', 'download'],
    );
    assert.ok(events.some((e) => e.type === 'status' && e.status === 'Finished'));
    // The file is announced, then its bytes (client-progress.test.js has the byte counts in detail).
    const downloads = events.filter((e) => e.type === 'download');
    assert.deepEqual(downloads[0], { type: 'download', index: 0, count: 1 });
    assert.deepEqual(downloads.at(-1), { type: 'download', index: 0, count: 1, loaded: file.size, total: file.size });
  });

  test('convert() passes outputPath, loadOptions and convertOptions through', async () => {
    const { files } = await env.client.convert(docx, {
      fileName: 'options.docx',
      format: 'pdf',
      outputPath: 'custom/out',
      loadOptions: { format: 'docx' },
      convertOptions: { fromPage: 2, pagesCount: 2 },
      timeoutMs: CONVERSION_TIMEOUT_MS,
    });
    assert.equal(files.length, 1);
    assert.equal(files[0].path, 'custom/out/options.pdf');
    const { pages, text } = await readPdf(files[0].bytes);
    assert.equal(pages, 2);
    assert.match(text, /Bravo/);
    assert.match(text, /Charlie/);
    assert.doesNotMatch(text, /Alpha/);
  });

  test('convert() to an image format downloads one file per page', async () => {
    const downloads = [];
    const { files } = await env.client.convert(docx, {
      fileName: 'pages.docx',
      format: 'png',
      timeoutMs: CONVERSION_TIMEOUT_MS,
      onProgress: (e) => e.type === 'download' && e.loaded === undefined && downloads.push(e),
    });
    assert.equal(files.length, 4);
    assert.deepEqual(
      downloads.map((d) => [d.index, d.count]),
      [
        [0, 4],
        [1, 4],
        [2, 4],
        [3, 4],
      ],
    );
    for (const file of files) {
      assert.match(file.name, /^pages-page-\d\.png$/);
      assert.deepEqual([...file.bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]); // PNG signature
    }
  });

  test('concurrent convert() calls do not collide', async () => {
    const one = await readFile(await fixturePath('one-page.docx'));
    const results = await Promise.all([
      env.client.convert(one, { fileName: 'same.docx', format: 'pdf', timeoutMs: CONVERSION_TIMEOUT_MS }),
      env.client.convert(docx, { fileName: 'same.docx', format: 'pdf', timeoutMs: CONVERSION_TIMEOUT_MS }),
    ]);
    const pages = await Promise.all(results.map((r) => readPdf(r.files[0].bytes).then((p) => p.pages)));
    assert.deepEqual(pages, [1, 4]);
  });
});
