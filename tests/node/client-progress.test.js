// SPDX-License-Identifier: MIT
// Byte progress through the real wasm client and the local server over real HTTP: an upload's and a
// download's events grow, end at the body's size, and come in order with convert()'s stages.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fixturePath } from '../support/fixtures.js';
import { CONVERSION_TIMEOUT_MS } from '../support/client-env.js';
import { useClient } from '../support/local-server.js';

const MiB = 1024 * 1024;

/** Asserts a transfer's events: `loaded` strictly grows, `total` is fixed, the last is the end. */
function assertTransfer(events, { total, what }) {
  const shown = events.map((e) => `${e.loaded}/${e.total}`).join(' ');
  assert.ok(events.length > 0, `${what}: no events`);
  for (const e of events) assert.equal(e.total, total, `${what}: total: ${shown}`);
  const loaded = events.map((e) => e.loaded);
  for (let i = 1; i < loaded.length; i++) assert.ok(loaded[i] > loaded[i - 1], `${what}: not increasing: ${shown}`);
  assert.equal(loaded.at(-1), total, `${what}: does not end at the total: ${shown}`);
  const between = loaded.filter((n) => n > 0 && n < total);
  assert.ok(between.length >= 3, `${what}: ${between.length} values between 0 and the total: ${shown}`);
  return loaded;
}

describe('ConversionClient: upload and download progress against the local server', () => {
  const env = useClient();

  test('a 16 MiB upload reports growing byte counts ending at the body size; its download likewise', async () => {
    const data = randomBytes(16 * MiB);
    const up = [];
    const uploaded = await env.client.uploadFile('progress/big.bin', data, { onProgress: (e) => up.push(e) });
    assert.deepEqual(uploaded.errors, []);
    assert.ok(
      up.every((e) => e.type === 'upload' && Object.keys(e).length === 3),
      JSON.stringify(up[0]),
    );
    // The body is the file plus the multipart envelope.
    const body = up[0].total;
    assert.ok(body > data.length && body < data.length + 1024, `body ${body} for ${data.length} bytes`);
    const loaded = assertTransfer(up, { total: body, what: 'upload' });
    // Throttled to about one event per 1 %, whatever the transport reports.
    assert.ok(up.length <= 101 + 20, `${up.length} upload events`);

    const down = [];
    const bytes = await env.client.downloadFile('progress/big.bin', { onProgress: (e) => down.push(e) });
    assert.equal(Buffer.compare(Buffer.from(bytes), data), 0);
    for (const e of down) assert.deepEqual([e.type, e.index, e.count], ['download', 0, 1]);
    assertTransfer(down, { total: data.length, what: 'download' });
    assert.ok(down.length <= 101 + 20, `${down.length} download events`);
    console.log(`# 16 MiB: ${up.length} upload events (first ${loaded[0]}), ${down.length} download events`);
  });

  test('without onProgress the same calls work, and onProgress must be a function', async () => {
    const data = randomBytes(MiB);
    await env.client.uploadFile('progress/quiet.bin', data);
    assert.equal((await env.client.downloadFile('progress/quiet.bin')).length, data.length);
    await assert.rejects(env.client.uploadFile('progress/x.bin', data, { onProgress: 'yes' }), {
      code: 'invalid_argument',
    });
    await assert.rejects(env.client.downloadFile('progress/x.bin', { onProgress: {} }), { code: 'invalid_argument' });
  });

  test('convert(): upload bytes between the upload and convert stages, download bytes per file', async () => {
    const docx = await readFile(await fixturePath('four-pages.docx'));
    const events = [];
    const { files } = await env.client.convert(docx, {
      fileName: 'four-pages.docx',
      format: 'pdf',
      timeoutMs: CONVERSION_TIMEOUT_MS,
      onProgress: (e) => events.push(e),
    });
    const at = (pred) => events.findIndex(pred);
    const uploadStage = at((e) => e.type === 'stage' && e.stage === 'upload');
    const convertStage = at((e) => e.type === 'stage' && e.stage === 'convert');
    const uploads = events.filter((e) => e.type === 'upload');
    assert.ok(uploads.length >= 1);
    assert.ok(
      events.indexOf(uploads[0]) > uploadStage && events.indexOf(uploads.at(-1)) < convertStage,
      JSON.stringify(events),
    );
    assert.equal(uploads.at(-1).loaded, uploads.at(-1).total);
    assert.ok(uploads.at(-1).total > docx.length);

    assert.equal(files.length, 1);
    const announce = at((e) => e.type === 'download' && e.loaded === undefined);
    assert.deepEqual(events[announce], { type: 'download', index: 0, count: 1 });
    const bytes = events.filter((e) => e.type === 'download' && e.loaded !== undefined);
    assert.ok(events.indexOf(bytes[0]) > announce);
    assert.deepEqual(bytes.at(-1), {
      type: 'download',
      index: 0,
      count: 1,
      loaded: files[0].size,
      total: files[0].size,
    });
    assert.equal(events.at(-1), bytes.at(-1), 'the download ends the events');
  });

  test('convertDocumentDirect reports the document going up, then the result coming back', async () => {
    const docx = await readFile(await fixturePath('one-page.docx'));
    const events = [];
    const pdf = await env.client.convertDocumentDirect(docx, {
      fileName: 'one-page.docx',
      format: 'pdf',
      timeoutMs: CONVERSION_TIMEOUT_MS,
      onProgress: (e) => events.push(e),
    });
    const lastUpload = events.findLastIndex((e) => e.type === 'upload');
    const firstDownload = events.findIndex((e) => e.type === 'download');
    assert.ok(lastUpload >= 0 && firstDownload >= 0, JSON.stringify(events));
    assert.equal(events[lastUpload].loaded, events[lastUpload].total);
    assert.deepEqual(events.at(-1), { type: 'download', index: 0, count: 1, loaded: pdf.length, total: pdf.length });
  });
});
