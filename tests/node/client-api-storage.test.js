// SPDX-License-Identifier: MIT
// FileApi, FolderApi and StorageApi through the real wasm client against the local server, and the
// weird-name round trip: names with '#', '?', '%', spaces and non-ASCII letters (which the official Node
// SDK silently truncates) go through upload → getFilesList → downloadFile → objectExists → convert.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ConversionClient } from 'groupdocs-conversion-wasm';
import { fixturePath } from '../support/fixtures.js';
import { createFakeConverter } from '../support/fake-converter.js';
import { CONVERSION_TIMEOUT_MS, DEV_CREDENTIALS, readPdf, startLocalServer } from '../support/client-env.js';

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const WEIRD_NAMES = ['a #1?.docx', '100% done.docx', 'ünïcödé 文件.docx', 'with space.docx'];

describe('FileApi, FolderApi, StorageApi', () => {
  let server;
  let client;

  before(async () => {
    server = await startLocalServer({ converter: createFakeConverter(), storageNames: ['week'] });
    client = await ConversionClient.create({ baseUrl: server.url, ...DEV_CREDENTIALS });
  });

  after(async () => {
    client?.close();
    await server?.close();
  });

  test('copyFile and moveFile into folders that do not exist; deleteFile', async () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    await client.uploadFile('files/src.bin', bytes);
    await client.copyFile('files/src.bin', 'files/new/deep/copy.bin');
    assert.deepEqual(await client.downloadFile('files/new/deep/copy.bin'), bytes);
    await client.moveFile('files/new/deep/copy.bin', 'files/moved/m.bin');
    assert.deepEqual(await client.objectExists('files/new/deep/copy.bin'), { exists: false, isFolder: false });
    assert.deepEqual(await client.objectExists('files/moved/m.bin'), { exists: true, isFolder: false });
    await client.deleteFile('files/moved/m.bin');
    assert.equal((await client.objectExists('files/moved/m.bin')).exists, false);
    await assert.rejects(client.deleteFile('files/moved/m.bin'), (err) => {
      assert.equal(err.code, 'not_found');
      assert.equal(err.status, 404);
      assert.match(err.message, /The specified key does not exist/);
      return true;
    });
    await assert.rejects(client.moveFile('files/none.bin', 'x.bin'), { code: 'not_found' });
  });

  test('copy between storages', async () => {
    await client.uploadFile('cross/a.bin', new Uint8Array([7]));
    await client.copyFile('cross/a.bin', 'cross/b.bin', { destStorageName: 'week' });
    assert.equal((await client.objectExists('cross/b.bin', { storageName: 'week' })).exists, true);
    assert.equal((await client.objectExists('cross/b.bin')).exists, false);
    assert.deepEqual(await client.downloadFile('cross/b.bin', { storageName: 'week' }), new Uint8Array([7]));
  });

  test('createFolder, getFilesList, copyFolder, moveFolder, deleteFolder', async () => {
    await client.createFolder('tree/a/b');
    await client.uploadFile('tree/a/file.txt', new TextEncoder().encode('hello'));
    const list = await client.getFilesList('tree/a');
    assert.deepEqual(list.value.map((f) => [f.name, f.isFolder, f.path]), [['b', true, '/tree/a/b/'], ['file.txt', false, '/tree/a/file.txt']]);
    assert.equal(list.value[1].size, 5);
    assert.match(list.value[1].modifiedDate, /^\d{4}-\d\d-\d\dT/);
    assert.ok((await client.getFilesList()).value.some((f) => f.name === 'tree' && f.isFolder), 'the root lists tree/');

    await client.copyFolder('tree/a', 'tree/copy');
    assert.deepEqual(await client.objectExists('tree/copy/file.txt'), { exists: true, isFolder: false });
    await client.moveFolder('tree/copy', 'tree/moved');
    assert.deepEqual(await client.objectExists('tree/moved'), { exists: true, isFolder: true });
    assert.equal((await client.objectExists('tree/copy')).exists, false);

    await assert.rejects(client.deleteFolder('tree/moved'), (err) => err.code === 'http_error' && err.status === 409);
    await client.deleteFolder('tree/moved', { recursive: true });
    assert.equal((await client.objectExists('tree/moved')).exists, false);
    await client.deleteFolder('never/created', { recursive: true }); // a missing folder is fine
  });

  test('storageExists, getDiscUsage, getFileVersions', async () => {
    assert.deepEqual(await client.storageExists('First Storage'), { exists: true });
    assert.deepEqual(await client.storageExists('week'), { exists: true });
    assert.deepEqual(await client.storageExists('no such storage'), { exists: false });
    await client.uploadFile('disc/ten.bin', new Uint8Array(10));
    const usage = await client.getDiscUsage();
    assert.ok(usage.usedSize >= 10 && usage.totalSize > usage.usedSize, JSON.stringify(usage));
    const week = await client.getDiscUsage({ storageName: 'week' });
    assert.ok(week.usedSize < usage.usedSize);
    const versions = await client.getFileVersions('disc/ten.bin');
    assert.equal(versions.value.length, 1);
    assert.equal(versions.value[0].versionId, 'null');
    assert.equal(versions.value[0].isLatest, true);
    assert.equal(versions.value[0].size, 10);
    assert.equal((await client.objectExists('disc/ten.bin', { versionId: 'null' })).exists, true);
  });

  test('arguments are checked before anything is sent', async () => {
    for (const call of [
      () => client.copyFile('', 'b'),
      () => client.moveFolder('a'),
      () => client.deleteFolder('a', { recursive: 'yes' }),
      () => client.getFilesList(7),
      () => client.storageExists(''),
      () => client.objectExists('/'),
      () => client.getDiscUsage('First Storage'),
    ]) {
      await assert.rejects(call(), { code: 'invalid_argument' });
    }
  });
});

describe('names with #, ?, %, spaces and non-ASCII letters round-trip', () => {
  let server;
  let client;
  let docx;

  before(async () => {
    server = await startLocalServer();
    client = await ConversionClient.create({ baseUrl: server.url, ...DEV_CREDENTIALS });
    docx = await readFile(await fixturePath('one-page.docx'));
  });

  after(async () => {
    client?.close();
    await server?.close();
  });

  test('upload → getFilesList → downloadFile → objectExists → convert', async () => {
    for (const name of WEIRD_NAMES) {
      const path = `weird/${name}`;
      const upload = await client.uploadFile(path, docx);
      assert.equal(upload.errors.length, 0, name);
      assert.deepEqual(await client.objectExists(path), { exists: true, isFolder: false }, name);
      assert.equal(sha256(await client.downloadFile(path)), sha256(docx), name);
    }
    const listed = (await client.getFilesList('weird')).value.map((f) => f.name).sort();
    assert.deepEqual(listed, [...WEIRD_NAMES].sort());
    for (const f of (await client.getFilesList('weird')).value) assert.equal(f.path, `/weird/${f.name}`);

    for (const name of WEIRD_NAMES) {
      const stem = name.replace(/\.docx$/, '');
      const { files } = await client.convert(docx, { fileName: name, format: 'pdf', outputPath: `weird out/${stem}`, timeoutMs: CONVERSION_TIMEOUT_MS });
      assert.equal(files[0].name, `${stem}.pdf`);
      assert.equal(files[0].path, `weird out/${stem}/${stem}.pdf`);
      assert.equal((await readPdf(files[0].bytes)).pages, 1);
      assert.equal((await client.objectExists(files[0].path)).exists, true, files[0].path);

      const stored = await client.convertDocument({ filePath: `weird/${name}`, format: 'txt', outputPath: `weird txt/${stem}` });
      assert.equal(stored[0].name, `${stem}.txt`);
      assert.equal(stored[0].path, `weird txt/${stem}/${stem}.txt`);
      const meta = await client.getDocumentMetadata(`weird/${name}`);
      assert.equal(meta.pageCount, 1);
    }
  });
});
