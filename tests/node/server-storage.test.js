// SPDX-License-Identifier: MIT
// The local server's storage routes: file, folder, exist, version, disc, storage exist; path normalisation
// (reference §2), named storages, quota and the missing-file message (§5.2).

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { useLocalServer } from '../support/local-server.js';
import { multipart } from '../support/server.js';

const MISSING = 'AmazonS3 Storage exception: The specified key does not exist.';
const FILE = '/v2.0/conversion/storage/file';
const FOLDER = '/v2.0/conversion/storage/folder';
const EXIST = '/v2.0/conversion/storage/exist';

describe('storage: files', () => {
  const t = useLocalServer({ converter: 'fake' });

  const exists = async (path, query = '') => (await t.call({ path: `${EXIST}/${path}${query}` })).json;

  test('upload answers FilesUploadResult; download returns the same bytes as octet-stream', async () => {
    const bytes = Buffer.from([0, 1, 2, 255, 254, 10, 13]);
    const up = await t.upload('docs/bytes.bin', bytes);
    assert.equal(up.status, 200);
    assert.deepEqual(up.json, { uploaded: ['bytes.bin'], errors: [] });
    const down = await t.call({ path: `${FILE}/docs/bytes.bin` });
    assert.equal(down.status, 200);
    assert.equal(down.headers['content-type'], 'application/octet-stream');
    assert.match(down.headers['content-disposition'], /filename="bytes.bin"/);
    assert.deepEqual(down.body, bytes);
  });

  test('uploading again replaces the file', async () => {
    await t.upload('replace.txt', 'one');
    await t.upload('replace.txt', 'two, longer');
    assert.equal((await t.call({ path: `${FILE}/replace.txt` })).body.toString(), 'two, longer');
  });

  test("POST uploads too (the docs' cURL uses POST)", async () => {
    const { body, contentType } = multipart([{ name: 'file', filename: 'x.docx', data: 'post' }]);
    const r = await t.call({
      method: 'POST',
      path: `${FILE}/post/x.docx`,
      headers: { 'Content-Type': contentType },
      body,
    });
    assert.equal(r.status, 200);
    assert.equal((await t.call({ path: `${FILE}/post/x.docx` })).body.toString(), 'post');
  });

  test('the destination name comes from the path; a folder path takes the multipart filename', async () => {
    const { body, contentType } = multipart([{ name: 'file', filename: 'real-name.docx', data: 'named' }]);
    let r = await t.call({
      method: 'PUT',
      path: `${FILE}/named/given.docx`,
      headers: { 'Content-Type': contentType },
      body,
    });
    assert.deepEqual(r.json.uploaded, ['given.docx']);
    assert.equal((await exists('named/real-name.docx')).exists, false);
    r = await t.call({ method: 'PUT', path: `${FILE}/named/`, headers: { 'Content-Type': contentType }, body });
    assert.deepEqual(r.json.uploaded, ['real-name.docx']);
    assert.equal((await exists('named/real-name.docx')).exists, true);
  });

  test('the first part with a filename is the file, whatever its name; other parts are ignored', async () => {
    const { body, contentType } = multipart([
      { name: 'note', data: 'ignored field' },
      { name: 'Whatever', filename: 'a.bin', data: 'first' },
      { name: 'file', filename: 'b.bin', data: 'second' },
    ]);
    await t.call({ method: 'PUT', path: `${FILE}/parts.bin`, headers: { 'Content-Type': contentType }, body });
    assert.equal((await t.call({ path: `${FILE}/parts.bin` })).body.toString(), 'first');
  });

  test('a part named file (any case) without a filename is the file', async () => {
    const { body, contentType } = multipart([{ name: 'FILE', data: 'text content' }]);
    const r = await t.call({
      method: 'PUT',
      path: `${FILE}/textpart.txt`,
      headers: { 'Content-Type': contentType },
      body,
    });
    assert.equal(r.status, 200);
    assert.equal((await t.call({ path: `${FILE}/textpart.txt` })).body.toString(), 'text content');
  });

  test('delete removes the file; deleting or downloading a missing file is a 404 with the S3 message', async () => {
    await t.upload('some-folder/del.docx', 'x');
    assert.equal((await t.call({ method: 'DELETE', path: `${FILE}/some-folder/del.docx` })).status, 200);
    assert.equal((await exists('some-folder/del.docx')).exists, false);
    for (const method of ['GET', 'DELETE']) {
      const r = await t.call({ method, path: `${FILE}/some-folder%5CNotExist.docx` });
      assert.equal(r.status, 404);
      assert.equal(r.json.error.code, 'FileNotFound');
      assert.ok(r.json.error.message.startsWith(MISSING), r.json.error.message);
      assert.match(r.headers['content-type'], /^application\/json/);
    }
  });

  test('copy and move into folders that do not exist; the source stays after copy and goes after move', async () => {
    await t.upload('WordProcessing/four-pages.docx', 'four');
    let r = await t.call({
      method: 'PUT',
      path: `${FILE}/copy/WordProcessing/four-pages.docx?destPath=${encodeURIComponent('temp/WordProcessing\\four-pages.docx')}`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': 0 },
    });
    assert.equal(r.status, 200);
    assert.equal((await exists('temp/WordProcessing/four-pages.docx')).exists, true);
    assert.equal((await exists('WordProcessing/four-pages.docx')).exists, true);
    r = await t.call({
      method: 'PUT',
      path: `${FILE}/move/temp/WordProcessing/four-pages.docx?destPath=${encodeURIComponent('temp2/deep/moved.docx')}`,
    });
    assert.equal(r.status, 200);
    assert.equal((await exists('temp2/deep/moved.docx')).exists, true);
    assert.equal((await exists('temp/WordProcessing/four-pages.docx')).exists, false);
    assert.equal((await t.call({ path: `${FILE}/temp2/deep/moved.docx` })).body.toString(), 'four');
  });

  test('copy of a missing file is a 404; copy without destPath is an upload attempt and fails as a 400', async () => {
    let r = await t.call({ method: 'PUT', path: `${FILE}/copy/nothing.docx?destPath=x.docx` });
    assert.equal(r.status, 404);
    assert.ok(r.json.error.message.startsWith(MISSING));
    r = await t.call({
      method: 'PUT',
      path: `${FILE}/copy/nothing.docx`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    assert.equal(r.status, 400);
  });

  test('a file named like a route word is still a file: copy/ and move/ need destPath to mean copy', async () => {
    await t.upload('copy/plain.txt', 'not a copy');
    assert.equal((await t.call({ path: `${FILE}/copy/plain.txt` })).body.toString(), 'not a copy');
  });

  test('file versions: one version called "null", marked latest; missing file is a 404', async () => {
    await t.upload('WordProcessing/one-page.docx', 'one page');
    const r = await t.call({ path: `/v2.0/conversion/storage/version/WordProcessing/one-page.docx` });
    assert.equal(r.status, 200);
    assert.equal(r.json.value.length, 1);
    const [v] = r.json.value;
    assert.equal(v.versionId, 'null');
    assert.equal(v.isLatest, true);
    assert.equal(v.name, 'one-page.docx');
    assert.equal(v.size, 8);
    assert.equal(v.isFolder, false);
    assert.equal(v.path, '/WordProcessing/one-page.docx');
    assert.ok(!Number.isNaN(Date.parse(v.modifiedDate)));
    const missing = await t.call({ path: `/v2.0/conversion/storage/version/none.docx` });
    assert.equal(missing.status, 404);
    assert.ok(missing.json.error.message.startsWith(MISSING));
  });

  test('versionId "null" addresses the file; any other versionId does not exist', async () => {
    await t.upload('ver.txt', 'v');
    assert.equal((await t.call({ path: `${FILE}/ver.txt?versionId=null` })).status, 200);
    assert.equal((await t.call({ path: `${FILE}/ver.txt?versionId=abc` })).status, 404);
    assert.equal((await exists('ver.txt', '?versionId=abc')).exists, false);
  });

  test('object exists: files, folders, the root and missing paths', async () => {
    await t.upload('ex/one.docx', '1');
    assert.deepEqual(await exists('ex/one.docx'), { exists: true, isFolder: false });
    assert.deepEqual(await exists('ex'), { exists: true, isFolder: true });
    assert.deepEqual(await exists(''), { exists: true, isFolder: true });
    assert.deepEqual(await exists('ex/two.docx'), { exists: false, isFolder: false });
  });

  test('a file cannot be written where a folder is, nor under a file: 409', async () => {
    await t.upload('clash/file.txt', 'x');
    let r = await t.upload('clash', 'y');
    assert.equal(r.status, 409);
    r = await t.upload('clash/file.txt/inner.txt', 'z');
    assert.equal(r.status, 409);
    assert.equal((await t.call({ path: `${FILE}/clash/file.txt` })).body.toString(), 'x');
  });
});

describe('storage: path normalisation (reference §2)', () => {
  const t = useLocalServer({ converter: 'fake' });

  test('backslash, %5C, %2F, repeated and trailing slashes all name the same file', async () => {
    await t.upload('WordProcessing%5Cone-page.docx', 'same');
    for (const p of [
      'WordProcessing/one-page.docx',
      'WordProcessing%5Cone-page.docx',
      'WordProcessing%2Fone-page.docx',
      'WordProcessing\\one-page.docx',
      '/WordProcessing//one-page.docx',
      'WordProcessing/one-page.docx/',
    ]) {
      const r = await t.call({ path: `${FILE}/${p}` });
      assert.equal(r.status, 200, p);
      assert.equal(r.body.toString(), 'same', p);
    }
  });

  test('query paths are normalised the same way (destPath with %5C)', async () => {
    await t.upload('q/src.txt', 'q');
    const r = await t.call({ method: 'PUT', path: `${FILE}/copy/q/src.txt?destPath=q%5Csub%5Cdest.txt` });
    assert.equal(r.status, 200);
    assert.equal((await t.call({ path: `${FILE}/q/sub/dest.txt` })).status, 200);
  });

  test('spaces: %20 in the path and + in the query both mean a space', async () => {
    await t.upload('four%20pages.docx', 'spaced');
    const r = await t.call({ method: 'PUT', path: `${FILE}/copy/four%20pages.docx?destPath=my+copy.docx` });
    assert.equal(r.status, 200);
    assert.equal((await t.call({ path: `${FILE}/my%20copy.docx` })).body.toString(), 'spaced');
  });

  test('a trailing slash on the base URL (//v2.0) still works', async () => {
    await t.upload('slash.txt', 's');
    const r = await t.call({ path: `//v2.0/conversion/storage/file/slash.txt` });
    assert.equal(r.status, 200);
  });

  test('UTF-8 names round-trip, with an RFC 6266 filename* in Content-Disposition', async () => {
    await t.upload(encodeURIComponent('résumé ü.docx'), 'utf8');
    const r = await t.call({ path: `${FILE}/${encodeURIComponent('résumé ü.docx')}` });
    assert.equal(r.status, 200);
    assert.match(r.headers['content-disposition'], /filename\*=UTF-8''r%C3%A9sum%C3%A9%20%C3%BC\.docx/);
  });
});

describe('storage: folders', () => {
  const t = useLocalServer({ converter: 'fake' });

  const list = async (path) => t.call({ path: `${FOLDER}/${path}` });

  test('list: FilesList of direct children, folders first, paths with a leading /', async () => {
    await t.upload('WordProcessing/one-page.docx', '12345');
    await t.upload('WordProcessing/sub/deep.docx', 'd');
    const r = await list('WordProcessing');
    assert.equal(r.status, 200);
    assert.deepEqual(
      r.json.value.map((e) => [e.name, e.isFolder, e.size, e.path]),
      [
        ['sub', true, 0, '/WordProcessing/sub/'],
        ['one-page.docx', false, 5, '/WordProcessing/one-page.docx'],
      ],
    );
    for (const e of r.json.value) assert.ok(!Number.isNaN(Date.parse(e.modifiedDate)));
  });

  test('folder/ (empty path) and folder (no slash) list the root', async () => {
    for (const p of [`${FOLDER}/`, FOLDER]) {
      const r = await t.call({ path: p });
      assert.equal(r.status, 200, p);
      assert.ok(r.json.value.some((e) => e.name === 'WordProcessing' && e.isFolder));
    }
  });

  test('listing a missing folder is a 404 with the S3 message', async () => {
    const r = await list('no/such/folder');
    assert.equal(r.status, 404);
    assert.ok(r.json.error.message.startsWith(MISSING));
  });

  test('create makes parents; creating an existing folder is fine; POST works too', async () => {
    assert.equal((await t.call({ method: 'PUT', path: `${FOLDER}/made/a/b` })).status, 200);
    assert.equal((await t.call({ method: 'PUT', path: `${FOLDER}/made/a/b` })).status, 200);
    assert.equal((await t.call({ method: 'POST', path: `${FOLDER}/made/c` })).status, 200);
    assert.deepEqual(
      (await list('made')).json.value.map((e) => e.name),
      ['a', 'c'],
    );
    assert.deepEqual((await list('made/a/b')).json.value, []);
  });

  test('delete: missing folder is a success, non-empty without recursive is 409, recursive removes all', async () => {
    assert.equal((await t.call({ method: 'DELETE', path: `${FOLDER}/converted?recursive=true` })).status, 200);
    assert.equal((await t.call({ method: 'DELETE', path: `${FOLDER}/never-made` })).status, 200);
    await t.upload('full/x/y.txt', 'y');
    let r = await t.call({ method: 'DELETE', path: `${FOLDER}/full` });
    assert.equal(r.status, 409);
    assert.equal(r.json.error.code, 'FolderNotEmpty');
    r = await t.call({ method: 'DELETE', path: `${FOLDER}/full?recursive=false` });
    assert.equal(r.status, 409);
    r = await t.call({ method: 'DELETE', path: `${FOLDER}/full?recursive=true` });
    assert.equal(r.status, 200);
    assert.equal((await t.call({ path: `${EXIST}/full/x/y.txt` })).json.exists, false);
    assert.equal((await t.call({ path: `${EXIST}/full` })).json.exists, false);
    await t.call({ method: 'PUT', path: `${FOLDER}/empty` });
    assert.equal((await t.call({ method: 'DELETE', path: `${FOLDER}/empty` })).status, 200);
  });

  test('delete refuses the root and a file path', async () => {
    assert.equal((await t.call({ method: 'DELETE', path: `${FOLDER}/?recursive=true` })).status, 400);
    await t.upload('afile.txt', 'f');
    assert.equal((await t.call({ method: 'DELETE', path: `${FOLDER}/afile.txt` })).status, 400);
    assert.equal((await t.call({ path: `${EXIST}/afile.txt` })).json.exists, true);
  });

  test('copy and move folders with their content into non-existent destinations', async () => {
    await t.upload('tree/a.txt', 'a');
    await t.upload('tree/sub/b.txt', 'b');
    await t.call({ method: 'PUT', path: `${FOLDER}/tree/emptysub` });
    let r = await t.call({ method: 'PUT', path: `${FOLDER}/copy/tree?destPath=temp1/tree-copy` });
    assert.equal(r.status, 200);
    assert.deepEqual((await t.call({ path: `${EXIST}/temp1/tree-copy` })).json, { exists: true, isFolder: true });
    assert.equal((await t.call({ path: `${FILE}/temp1/tree-copy/sub/b.txt` })).body.toString(), 'b');
    assert.equal((await t.call({ path: `${EXIST}/temp1/tree-copy/emptysub` })).json.isFolder, true);
    assert.equal((await t.call({ path: `${EXIST}/tree/a.txt` })).json.exists, true);
    r = await t.call({ method: 'PUT', path: `${FOLDER}/move/tree?destPath=temp2/tree-moved` });
    assert.equal(r.status, 200);
    assert.equal((await t.call({ path: `${FILE}/temp2/tree-moved/a.txt` })).body.toString(), 'a');
    assert.equal((await t.call({ path: `${EXIST}/tree` })).json.exists, false);
  });

  test('a folder cannot be copied into itself; a missing source folder is a 404', async () => {
    await t.upload('self/x.txt', 'x');
    let r = await t.call({ method: 'PUT', path: `${FOLDER}/copy/self?destPath=self/inner` });
    assert.equal(r.status, 400);
    r = await t.call({ method: 'PUT', path: `${FOLDER}/move/nothing-here?destPath=elsewhere` });
    assert.equal(r.status, 404);
    assert.ok(r.json.error.message.startsWith(MISSING));
  });
});

describe('storage: named storages, disc usage and quota', () => {
  const t = useLocalServer({ converter: 'fake', quotaBytes: 1000, storageNames: ['preset'] });

  test('storageName selects a separate storage; the default is First Storage', async () => {
    await t.upload('shared.txt', 'first');
    await t.upload('shared.txt', 'week', '?storageName=week');
    assert.equal((await t.call({ path: `${FILE}/shared.txt` })).body.toString(), 'first');
    assert.equal((await t.call({ path: `${FILE}/shared.txt?storageName=First%20Storage` })).body.toString(), 'first');
    assert.equal((await t.call({ path: `${FILE}/shared.txt?storageName=week` })).body.toString(), 'week');
    const missing = await t.call({ path: `${FILE}/shared.txt?storageName=other` });
    assert.equal(missing.status, 404);
  });

  test('storage exist: First Storage, storages written to and configured names exist; others do not', async () => {
    const ex = async (name) =>
      (await t.call({ path: `/v2.0/conversion/storage/${encodeURIComponent(name)}/exist` })).json;
    assert.deepEqual(await ex('First Storage'), { exists: true });
    assert.deepEqual(await ex('week'), { exists: true });
    assert.deepEqual(await ex('preset'), { exists: true });
    assert.deepEqual(await ex('never-used'), { exists: false });
  });

  test('copy across storages with srcStorageName/destStorageName', async () => {
    const r = await t.call({
      method: 'PUT',
      path: `${FILE}/copy/shared.txt?destPath=from-week.txt&srcStorageName=week&destStorageName=First%20Storage`,
    });
    assert.equal(r.status, 200);
    assert.equal((await t.call({ path: `${FILE}/from-week.txt` })).body.toString(), 'week');
  });

  test('disc usage reflects what is stored, per storage, against the quota', async () => {
    const before = (await t.call({ path: '/v2.0/conversion/storage/disc' })).json;
    assert.equal(before.totalSize, 1000);
    await t.upload('grow.bin', Buffer.alloc(100));
    const after = (await t.call({ path: '/v2.0/conversion/storage/disc' })).json;
    assert.equal(after.usedSize, before.usedSize + 100);
    await t.upload('grow.bin', Buffer.alloc(40));
    assert.equal((await t.call({ path: '/v2.0/conversion/storage/disc' })).json.usedSize, before.usedSize + 40);
    await t.call({ method: 'DELETE', path: `${FILE}/grow.bin` });
    assert.equal((await t.call({ path: '/v2.0/conversion/storage/disc' })).json.usedSize, before.usedSize);
    const week = (await t.call({ path: '/v2.0/conversion/storage/disc?storageName=week' })).json;
    assert.deepEqual(week, { usedSize: 4, totalSize: 1000 });
  });

  test('a write beyond the quota fails with 507 and the API error body; nothing is stored', async () => {
    const r = await t.upload('too-big.bin', Buffer.alloc(2000));
    assert.equal(r.status, 507);
    assert.equal(r.json.error.code, 'QuotaExceeded');
    assert.match(r.json.error.message, /quota/i);
    assert.equal((await t.call({ path: `${EXIST}/too-big.bin` })).json.exists, false);
    const copy = await t.call({ method: 'PUT', path: `${FILE}/copy/shared.txt?destPath=ok.txt` });
    assert.equal(copy.status, 200);
  });

  test('an invalid storage name is a 400', async () => {
    const r = await t.call({ path: `${FILE}/x.txt?storageName=${encodeURIComponent('a/b')}` });
    assert.equal(r.status, 400);
    assert.equal(r.json.error.code, 'InvalidStorageName');
  });
});
