// SPDX-License-Identifier: MIT
// FileApi, FolderApi and StorageApi through the real wasm client against the local server, and the
// weird-name round trip: names with '#', '?', '%', spaces and non-ASCII letters (which the official Node
// SDK silently truncates) go through upload → getFilesList → downloadFile → objectExists → convert.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { fixtureBytes } from '../support/fixtures.js';
import { CONVERSION_TIMEOUT_MS, readPdf } from '../support/client-env.js';
import { useClient } from '../support/local-server.js';

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const docx = await fixtureBytes('one-page.docx');
const WEIRD_NAMES = ['a #1?.docx', '100% done.docx', 'ünïcödé 文件.docx', 'with space.docx'];

describe('FileApi, FolderApi, StorageApi', () => {
  const env = useClient({ converter: 'fake', storageNames: ['week'] });

  test('copyFile and moveFile into folders that do not exist; deleteFile', async () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    await env.client.uploadFile('files/src.bin', bytes);
    await env.client.copyFile('files/src.bin', 'files/new/deep/copy.bin');
    assert.deepEqual(await env.client.downloadFile('files/new/deep/copy.bin'), bytes);
    await env.client.moveFile('files/new/deep/copy.bin', 'files/moved/m.bin');
    assert.deepEqual(await env.client.objectExists('files/new/deep/copy.bin'), { exists: false, isFolder: false });
    assert.deepEqual(await env.client.objectExists('files/moved/m.bin'), { exists: true, isFolder: false });
    await env.client.deleteFile('files/moved/m.bin');
    assert.equal((await env.client.objectExists('files/moved/m.bin')).exists, false);
    await assert.rejects(env.client.deleteFile('files/moved/m.bin'), (err) => {
      assert.equal(err.code, 'not_found');
      assert.equal(err.status, 404);
      assert.match(err.message, /The specified key does not exist/);
      return true;
    });
    await assert.rejects(env.client.moveFile('files/none.bin', 'x.bin'), { code: 'not_found' });
  });

  test('copy between storages', async () => {
    await env.client.uploadFile('cross/a.bin', new Uint8Array([7]));
    await env.client.copyFile('cross/a.bin', 'cross/b.bin', { destStorageName: 'week' });
    assert.equal((await env.client.objectExists('cross/b.bin', { storageName: 'week' })).exists, true);
    assert.equal((await env.client.objectExists('cross/b.bin')).exists, false);
    assert.deepEqual(await env.client.downloadFile('cross/b.bin', { storageName: 'week' }), new Uint8Array([7]));
  });

  test('createFolder, getFilesList, copyFolder, moveFolder, deleteFolder', async () => {
    await env.client.createFolder('tree/a/b');
    await env.client.uploadFile('tree/a/file.txt', new TextEncoder().encode('hello'));
    const list = await env.client.getFilesList('tree/a');
    assert.deepEqual(
      list.value.map((f) => [f.name, f.isFolder, f.path]),
      [
        ['b', true, '/tree/a/b/'],
        ['file.txt', false, '/tree/a/file.txt'],
      ],
    );
    assert.equal(list.value[1].size, 5);
    assert.match(list.value[1].modifiedDate, /^\d{4}-\d\d-\d\dT/);
    assert.ok(
      (await env.client.getFilesList()).value.some((f) => f.name === 'tree' && f.isFolder),
      'the root lists tree/',
    );

    await env.client.copyFolder('tree/a', 'tree/copy');
    assert.deepEqual(await env.client.objectExists('tree/copy/file.txt'), { exists: true, isFolder: false });
    await env.client.moveFolder('tree/copy', 'tree/moved');
    assert.deepEqual(await env.client.objectExists('tree/moved'), { exists: true, isFolder: true });
    assert.equal((await env.client.objectExists('tree/copy')).exists, false);

    await assert.rejects(
      env.client.deleteFolder('tree/moved'),
      (err) => err.code === 'http_error' && err.status === 409,
    );
    await env.client.deleteFolder('tree/moved', { recursive: true });
    assert.equal((await env.client.objectExists('tree/moved')).exists, false);
    await env.client.deleteFolder('never/created', { recursive: true }); // a missing folder is fine
  });

  test('storageExists, getDiscUsage, getFileVersions', async () => {
    assert.deepEqual(await env.client.storageExists('First Storage'), { exists: true });
    assert.deepEqual(await env.client.storageExists('week'), { exists: true });
    assert.deepEqual(await env.client.storageExists('no such storage'), { exists: false });
    await env.client.uploadFile('disc/ten.bin', new Uint8Array(10));
    const usage = await env.client.getDiscUsage();
    assert.ok(usage.usedSize >= 10 && usage.totalSize > usage.usedSize, JSON.stringify(usage));
    const week = await env.client.getDiscUsage({ storageName: 'week' });
    assert.ok(week.usedSize < usage.usedSize);
    const versions = await env.client.getFileVersions('disc/ten.bin');
    assert.equal(versions.value.length, 1);
    assert.equal(versions.value[0].versionId, 'null');
    assert.equal(versions.value[0].isLatest, true);
    assert.equal(versions.value[0].size, 10);
    assert.equal((await env.client.objectExists('disc/ten.bin', { versionId: 'null' })).exists, true);
  });

  test('arguments are checked before anything is sent', async () => {
    for (const call of [
      () => env.client.copyFile('', 'b'),
      () => env.client.moveFolder('a'),
      () => env.client.deleteFolder('a', { recursive: 'yes' }),
      () => env.client.getFilesList(7),
      () => env.client.storageExists(''),
      () => env.client.objectExists('/'),
      () => env.client.getDiscUsage('First Storage'),
    ]) {
      await assert.rejects(call(), { code: 'invalid_argument' });
    }
  });
});

describe('names with #, ?, %, spaces and non-ASCII letters round-trip', () => {
  const env = useClient();

  test('upload → getFilesList → downloadFile → objectExists → convert', async () => {
    for (const name of WEIRD_NAMES) {
      const path = `weird/${name}`;
      const upload = await env.client.uploadFile(path, docx);
      assert.equal(upload.errors.length, 0, name);
      assert.deepEqual(await env.client.objectExists(path), { exists: true, isFolder: false }, name);
      assert.equal(sha256(await env.client.downloadFile(path)), sha256(docx), name);
    }
    const listed = (await env.client.getFilesList('weird')).value.map((f) => f.name).sort();
    assert.deepEqual(listed, [...WEIRD_NAMES].sort());
    for (const f of (await env.client.getFilesList('weird')).value) assert.equal(f.path, `/weird/${f.name}`);

    for (const name of WEIRD_NAMES) {
      const stem = name.replace(/\.docx$/, '');
      const { files } = await env.client.convert(docx, {
        fileName: name,
        format: 'pdf',
        outputPath: `weird out/${stem}`,
        timeoutMs: CONVERSION_TIMEOUT_MS,
      });
      assert.equal(files[0].name, `${stem}.pdf`);
      assert.equal(files[0].path, `weird out/${stem}/${stem}.pdf`);
      assert.equal((await readPdf(files[0].bytes)).pages, 1);
      assert.equal((await env.client.objectExists(files[0].path)).exists, true, files[0].path);

      const stored = await env.client.convertDocument({
        filePath: `weird/${name}`,
        format: 'txt',
        outputPath: `weird txt/${stem}`,
      });
      assert.equal(stored[0].name, `${stem}.txt`);
      assert.equal(stored[0].path, `weird txt/${stem}/${stem}.txt`);
      const meta = await env.client.getDocumentMetadata(`weird/${name}`);
      assert.equal(meta.pageCount, 1);
    }
  });
});
