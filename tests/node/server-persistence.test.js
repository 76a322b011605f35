// SPDX-License-Identifier: MIT
// `--data DIR`: storage, operations and the token signing key survive a restart; writes are atomic
// (temp file + rename) and the layout on disk is what the server documents.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile, stat, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startLocalServer } from '../support/local-server.js';
import { request, multipart, waitForOperation } from '../support/server.js';
import { useTempDir } from '../support/temp-dir.js';

describe('--data keeps state across restarts', () => {
  const tmp = useTempDir('gd-server-data-');

  test('files, folders, named storages, operations and tokens survive; usage is recomputed', async () => {
    const first = await startLocalServer({ converter: 'fake', dataDir: tmp.path, quotaBytes: 10000 });
    let opId;
    let convertId;
    let token;
    try {
      await first.upload('WordProcessing/four-pages.docx', 'FAKEDOC pages=4');
      await first.upload('w.txt', 'week file', '?storageName=week');
      await first.call({ method: 'PUT', path: '/v2.0/conversion/storage/folder/empty/nested' });
      const r = await first.call({
        method: 'POST',
        path: '/v2.0/conversion/async',
        json: { filePath: 'WordProcessing/four-pages.docx', format: 'jpg', outputPath: 'converted' },
      });
      opId = r.json;
      assert.equal((await waitForOperation(first.call, opId)).status, 'Finished');
      const { body, contentType } = multipart([{ name: 'File', filename: 'report.docx', data: 'FAKEDOC pages=2' }]);
      convertId = (
        await first.call({
          method: 'PUT',
          path: '/v2.0/conversion/async?format=png',
          headers: { 'Content-Type': contentType },
          body,
        })
      ).json;
      assert.equal((await waitForOperation(first.call, convertId)).status, 'Finished');
      token = first.token;
    } finally {
      await first.close();
    }

    const second = await startLocalServer({ converter: 'fake', dataDir: tmp.path, quotaBytes: 10000 });
    try {
      const call = (o) => request(second.url, { token, ...o });
      assert.equal(
        (await call({ path: '/v2.0/conversion/license' })).status,
        200,
        'a token from before the restart is valid',
      );
      assert.equal(
        (await call({ path: '/v2.0/conversion/storage/file/WordProcessing/four-pages.docx' })).body.toString(),
        'FAKEDOC pages=4',
      );
      assert.equal(
        (await call({ path: '/v2.0/conversion/storage/file/w.txt?storageName=week' })).body.toString(),
        'week file',
      );
      assert.deepEqual((await call({ path: '/v2.0/conversion/storage/week/exist' })).json, { exists: true });
      assert.deepEqual((await call({ path: '/v2.0/conversion/storage/exist/empty/nested' })).json, {
        exists: true,
        isFolder: true,
      });
      const op = (await call({ path: `/v2.0/conversion/async?id=${opId}` })).json;
      assert.equal(op.status, 'Finished');
      assert.equal(op.result.length, 4);
      assert.equal(
        (await call({ path: `/v2.0/conversion/async/result?id=${opId}` })).body.toString(),
        'FAKE docx->jpg page 1',
      );
      const conv = (await call({ path: `/v2.0/conversion/async?id=${convertId}` })).json;
      assert.deepEqual(
        conv.result.map((x) => x.name),
        ['report-page-1.png', 'report-page-2.png'],
      );
      const page2 = await call({ path: `/v2.0/conversion/async/result?id=${convertId}&name=report-page-2.png` });
      assert.equal(page2.body.toString(), 'FAKE docx->png page 2');
      const disc = (await call({ path: '/v2.0/conversion/storage/disc' })).json;
      const expected = 'FAKEDOC pages=4'.length + 4 * 'FAKE docx->jpg page 1'.length;
      assert.deepEqual(disc, { usedSize: expected, totalSize: 10000 });
    } finally {
      await second.close();
    }
  });

  test('the signing key is persisted with owner-only permissions; the layout is storages/, operations/, tmp/', async () => {
    const s = await stat(join(tmp.path, 'signing-key'));
    assert.equal(s.mode & 0o777, 0o600);
    assert.match(await readFile(join(tmp.path, 'signing-key'), 'utf8'), /^[0-9a-f]{64}$/);
    assert.deepEqual((await readdir(tmp.path)).sort(), ['operations', 'signing-key', 'storages', 'tmp']);
    assert.deepEqual((await readdir(join(tmp.path, 'storages'))).sort(), ['First%20Storage', 'week']);
    assert.deepEqual(await readdir(join(tmp.path, 'tmp')), [], 'no temp files are left behind');
  });

  test('an operation cut short by a restart is Failed afterwards, with an explanation', async () => {
    const opsDir = join(tmp.path, 'operations');
    const id = '11111111-2222-3333-4444-555555555555';
    await mkdir(opsDir, { recursive: true });
    await writeFile(
      join(opsDir, `${id}.json`),
      JSON.stringify({
        id,
        method: 'ConvertAndSave',
        status: 'Started',
        created: new Date().toISOString(),
        started: new Date().toISOString(),
      }),
    );
    await writeFile(join(opsDir, 'garbage.json'), '{not json');
    const t = await startLocalServer({ converter: 'fake', dataDir: tmp.path });
    try {
      const op = (await t.call({ path: `/v2.0/conversion/async?id=${id}` })).json;
      assert.equal(op.status, 'Failed');
      assert.match(op.error, /restarted/);
      assert.match(op.failed, /Z$/);
    } finally {
      await t.close();
    }
  });

  test('a given signing key wins over the persisted one', async () => {
    const t = await startLocalServer({ converter: 'fake', dataDir: tmp.path, signingKey: 'explicit' });
    const other = await startLocalServer({ converter: 'fake', signingKey: 'explicit' });
    try {
      assert.equal((await request(t.url, { path: '/v2.0/conversion/license', token: other.token })).status, 200);
    } finally {
      await t.close();
      await other.close();
    }
  });

  test('reset with --data empties the directories', async () => {
    const t = await startLocalServer({ converter: 'fake', dataDir: tmp.path, faults: true });
    try {
      assert.equal((await request(t.url, { method: 'POST', path: '/__admin/reset' })).status, 200);
      assert.deepEqual(await readdir(join(tmp.path, 'storages')), []);
      assert.deepEqual(await readdir(join(tmp.path, 'operations')), []);
      assert.deepEqual((await t.call({ path: '/v2.0/conversion/storage/folder/' })).json.value, []);
    } finally {
      await t.close();
    }
  });

  test('storage names are escaped on disk: a storage called ".." stays inside the data dir', async () => {
    const t = await startLocalServer({ converter: 'fake', dataDir: tmp.path });
    try {
      assert.equal((await t.upload('x.txt', 'dots', '?storageName=..')).status, 200);
      assert.equal(
        (await t.call({ path: '/v2.0/conversion/storage/file/x.txt?storageName=..' })).body.toString(),
        'dots',
      );
      assert.deepEqual(await readdir(join(tmp.path, 'storages')), ['%2E%2E']);
      assert.ok(!(await readdir(tmp.path)).includes('x.txt'));
    } finally {
      await t.close();
    }
  });
});

describe('start-up failure', () => {
  test('a port in use rejects startServer with EADDRINUSE and leaves nothing running', async () => {
    const first = await startLocalServer({ converter: 'fake' });
    try {
      const { createFakeConverter } = await import('../support/fake-converter.js');
      const { startServer } = await import('../../server/index.js');
      await assert.rejects(
        startServer({ port: first.server.port, host: '127.0.0.1', converter: createFakeConverter() }),
        /EADDRINUSE/,
      );
      assert.equal((await request(first.url, { path: '/' })).status, 200);
    } finally {
      await first.close();
    }
  });
});
