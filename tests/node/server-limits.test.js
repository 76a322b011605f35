// SPDX-License-Identifier: MIT
// Hostile input: path traversal, oversized uploads, malformed multipart/JSON/HTTP and concurrent writes.
// Each gets a JSON error and leaves the server healthy and the storage intact.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalServer, useLocalServer } from '../support/local-server.js';
import { multipart, request, streamRequest } from '../support/server.js';

const FILE = '/v2.0/conversion/storage/file';
const LIMIT = 4096;

/** A snapshot of everything in the default storage. */
async function snapshot(t) {
  const out = {};
  const walk = async (folder) => {
    const r = await t.call({ path: `/v2.0/conversion/storage/folder/${folder}` });
    for (const e of r.json.value) {
      const p = e.path.replace(/^\/|\/$/g, '');
      if (e.isFolder) await walk(p);
      else out[p] = (await t.call({ path: `${FILE}/${p}` })).body.toString('base64');
    }
  };
  await walk('');
  return out;
}

describe('path traversal', () => {
  const t = useLocalServer({ converter: 'fake', maxUploadBytes: LIMIT });
  let before_;
  before(async () => {
    await t.upload('safe/secret.txt', 'keep me');
    await t.upload('b', 'root b');
    before_ = await snapshot(t);
  });

  const evil = [
    'a/../b',
    '..',
    '../etc/passwd',
    'safe/../../x',
    '%2e%2e/x',
    '%2E%2E%2Fx',
    '..%2fx',
    '..%2Fsafe%2Fsecret.txt',
    'a%5c..%5cb',
    '%5c..%5cx',
    '..\\x',
    'a\\..\\b',
    '%252e%252e/x',
    '%252e%252e%252fx',
    './x',
    'a/./b',
    '.',
  ];

  test('every traversal form in a path parameter is a 400 JSON error, on every verb', async () => {
    for (const p of evil) {
      for (const [method, prefix] of [
        ['GET', FILE],
        ['DELETE', FILE],
        ['GET', '/v2.0/conversion/storage/folder'],
        ['PUT', '/v2.0/conversion/storage/folder'],
        ['DELETE', '/v2.0/conversion/storage/folder'],
        ['GET', '/v2.0/conversion/storage/exist'],
        ['GET', '/v2.0/conversion/storage/version'],
      ]) {
        const r = await t.call({ method, path: `${prefix}/${p}` });
        assert.equal(r.status, 400, `${method} ${prefix}/${p}`);
        assert.equal(r.json.error.code, 'InvalidPath', `${method} ${p}`);
      }
    }
  });

  test('an upload to a traversal path is refused before its body is stored', async () => {
    for (const p of evil) {
      const r = await t.upload(p, 'evil');
      assert.equal(r.status, 400, p);
    }
  });

  test('traversal in destPath, filePath and outputPath is refused', async () => {
    const cases = [
      { method: 'PUT', path: `${FILE}/copy/safe/secret.txt?destPath=..%2Fout.txt` },
      { method: 'PUT', path: `${FILE}/move/safe/secret.txt?destPath=a%5C..%5C..%5Cout.txt` },
      { method: 'PUT', path: `/v2.0/conversion/storage/folder/copy/safe?destPath=%2e%2e` },
      { method: 'POST', path: '/v2.0/conversion', json: { filePath: '../safe/secret.txt', format: 'pdf' } },
      { method: 'POST', path: '/v2.0/conversion', json: { filePath: 'b', format: 'pdf', outputPath: 'x/../../y' } },
      { method: 'POST', path: '/v2.0/conversion/async', json: { filePath: '..\\b', format: 'pdf' } },
      { method: 'GET', path: '/v2.0/conversion/info?filePath=..%2Fb' },
      { method: 'GET', path: '/v2.0/conversion/formats?filePath=..%2Fb' },
    ];
    for (const c of cases) {
      const r = await t.call(c);
      assert.equal(r.status, 400, JSON.stringify(c));
      assert.equal(r.json.error.code, 'InvalidPath', JSON.stringify(c));
    }
  });

  test('control characters and malformed escapes are 400s', async () => {
    for (const p of ['a%00b', 'a%0Ab', 'bad%zzescape', '%E0%A4%A']) {
      const r = await t.call({ path: `${FILE}/${p}` });
      assert.equal(r.status, 400, p);
    }
  });

  test('storage is intact and the server healthy afterwards', async () => {
    assert.deepEqual(await snapshot(t), before_);
    assert.equal((await request(t.url, { path: '/' })).status, 200);
  });
});

describe('upload size limit', () => {
  const t = useLocalServer({ converter: 'fake', maxUploadBytes: LIMIT });

  // Only 7 of the 50 MiB declared are ever sent: a server that waited for the body would never answer.
  test('a declared Content-Length over the limit is a 413 before the body is read', { timeout: 30_000 }, async () => {
    const r = await streamRequest(t.url, {
      path: `${FILE}/big.bin`,
      headers: {
        'Content-Type': 'multipart/form-data; boundary=xyz',
        'Content-Length': 50 * 1024 * 1024,
        Authorization: `Bearer ${t.token}`,
      },
      write: (req) => req.write('--xyz\r\n'),
    });
    assert.equal(r.status, 413);
    assert.equal(r.json.error.code, 'RequestTooLarge');
    assert.match(r.json.error.message, new RegExp(`${LIMIT} bytes`));
  });

  test('a chunked upload is counted as it streams and cut off at the limit with a 413', async () => {
    const boundary = 'bnd';
    const r = await streamRequest(t.url, {
      path: `${FILE}/chunked.bin`,
      headers: {
        'Content-Type': `multipart/form-data; boundary=${boundary}`,
        'Transfer-Encoding': 'chunked',
        Authorization: `Bearer ${t.token}`,
      },
      write: (req) => {
        req.write(`--${boundary}\r\nContent-Disposition: form-data; name="File"; filename="file.name"\r\n\r\n`);
        let sent = 0;
        const pump = () => {
          while (sent < 64 * 1024) {
            sent += 1024;
            if (!req.write(Buffer.alloc(1024, 7))) {
              req.once('drain', pump);
              return;
            }
          }
        };
        pump();
      },
    });
    assert.equal(r.status, 413);
    assert.equal((await t.call({ path: '/v2.0/conversion/storage/exist/chunked.bin' })).json.exists, false);
  });

  test('an honest Content-Length within the multipart slack but a file over the limit is a 413 too', async () => {
    const r = await t.upload('over.bin', Buffer.alloc(LIMIT + 1));
    assert.equal(r.status, 413);
    assert.equal((await t.call({ path: '/v2.0/conversion/storage/exist/over.bin' })).json.exists, false);
  });

  test('a file of exactly the limit is accepted', async () => {
    const r = await t.upload('exact.bin', Buffer.alloc(LIMIT, 1));
    assert.equal(r.status, 200);
    assert.equal((await t.call({ path: `${FILE}/exact.bin` })).body.length, LIMIT);
  });

  test('the direct conversion route has the same limit', async () => {
    const { body, contentType } = multipart([{ name: 'File', filename: 'file.name', data: Buffer.alloc(LIMIT + 10) }]);
    const r = await t.call({
      method: 'PUT',
      path: '/v2.0/conversion?format=pdf',
      headers: { 'Content-Type': contentType },
      body,
    });
    assert.equal(r.status, 413);
  });

  test('the server still works after the cut-off uploads', async () => {
    assert.equal((await t.upload('after.txt', 'fine')).status, 200);
  });
});

describe('JSON body limit: 1 MiB', () => {
  const t = useLocalServer({ converter: 'fake' });
  const MiB = 1024 * 1024;
  /** A valid ConvertSettings body of exactly `size` bytes. */
  const settingsOfSize = (size) => {
    const head = '{"filePath":"missing.docx","format":"pdf","pad":"';
    return `${head}${'a'.repeat(size - head.length - 2)}"}`;
  };

  test('a body over 1 MiB is a 413 on the JSON routes, declared or chunked', async () => {
    for (const path of ['/v2.0/conversion', '/v2.0/conversion/async']) {
      const declared = await t.call({
        method: 'POST',
        path,
        headers: { 'Content-Type': 'application/json' },
        body: settingsOfSize(MiB + 1),
      });
      assert.equal(declared.status, 413, path);
      assert.equal(declared.json.error.code, 'RequestTooLarge');
      assert.match(declared.json.error.message, new RegExp(`${MiB} bytes`));
      const chunked = await streamRequest(t.url, {
        method: 'POST',
        path,
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${t.token}` },
        write: (req) => {
          req.write(settingsOfSize(MiB + 1));
          req.end();
        },
      });
      assert.equal(chunked.status, 413, `${path} chunked`);
    }
  });

  test('a body of exactly 1 MiB is read (and the missing file is a 404)', async () => {
    const r = await t.call({
      method: 'POST',
      path: '/v2.0/conversion',
      headers: { 'Content-Type': 'application/json' },
      body: settingsOfSize(MiB),
    });
    assert.equal(r.status, 404, r.body.toString().slice(0, 200));
    assert.equal(r.json.error.code, 'FileNotFound');
  });
});

describe('malformed input', () => {
  const t = useLocalServer({ converter: 'fake' });

  test('malformed multipart is a 400: no boundary, a truncated form, no file part, not multipart', async () => {
    const cases = [
      { headers: { 'Content-Type': 'multipart/form-data' }, body: 'x' },
      {
        headers: { 'Content-Type': 'multipart/form-data; boundary=abc' },
        body: '--abc\r\nContent-Disposition: form-data; name="File"; filename="f"\r\n\r\npartial',
      },
      {
        headers: { 'Content-Type': 'multipart/form-data; boundary=abc' },
        body: '--abc\r\nbroken header line\r\n\r\nx\r\n--abc--\r\n',
      },
      {
        ...(() => {
          const m = multipart([{ name: 'note', data: 'no file' }]);
          return { headers: { 'Content-Type': m.contentType }, body: m.body };
        })(),
      },
      { headers: { 'Content-Type': 'application/octet-stream' }, body: 'raw bytes' },
      { headers: {}, body: 'raw bytes' },
    ];
    for (const c of cases) {
      const r = await t.call({ method: 'PUT', path: `${FILE}/m.bin`, ...c });
      assert.equal(r.status, 400, JSON.stringify(c.headers));
      assert.match(r.headers['content-type'], /^application\/json/);
      assert.equal(r.json.error.code, 'InvalidMultipart');
    }
    assert.equal((await t.call({ path: '/v2.0/conversion/storage/exist/m.bin' })).json.exists, false);
  });

  test('malformed JSON on the JSON routes is a 400', async () => {
    for (const path of ['/v2.0/conversion', '/v2.0/conversion/async']) {
      const r = await t.call({
        method: 'POST',
        path,
        headers: { 'Content-Type': 'application/json' },
        body: '{"filePath": ',
      });
      assert.equal(r.status, 400);
      assert.equal(r.json.error.code, 'InvalidJson');
    }
  });

  test('malformed HTTP gets a JSON 400 and the server keeps serving', async () => {
    const { hostname, port } = new URL(t.url);
    const reply = await new Promise((resolve, reject) => {
      const socket = connect(Number(port), hostname, () => socket.write('THIS IS NOT HTTP\r\n\r\n'));
      const chunks = [];
      socket.on('data', (c) => chunks.push(c));
      socket.on('end', () => resolve(Buffer.concat(chunks).toString()));
      socket.on('error', reject);
    });
    assert.match(reply, /^HTTP\/1\.1 400/);
    assert.match(reply, /Content-Type: application\/json/);
    assert.equal((await request(t.url, { path: '/' })).status, 200);
  });
});

for (const kind of ['memory', 'disk']) {
  describe(`concurrent writes to one path (${kind})`, () => {
    let t;
    let dir;
    before(async () => {
      if (kind === 'disk') dir = await mkdtemp(join(tmpdir(), 'gd-server-concurrency-'));
      t = await startLocalServer({ converter: 'fake', dataDir: dir });
    });
    after(async () => {
      await t.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    test('never leave a mixed file: every read sees one whole upload', async () => {
      const size = 256 * 1024;
      const writers = Array.from({ length: 12 }, (_, i) => t.upload('race/same.bin', Buffer.alloc(size, i + 1)));
      const readers = Array.from({ length: 12 }, async () => {
        await new Promise((r) => setTimeout(r, Math.random() * 20));
        return t.call({ path: `${FILE}/race/same.bin` });
      });
      const [written, read] = await Promise.all([Promise.all(writers), Promise.all(readers)]);
      for (const w of written) assert.equal(w.status, 200);
      for (const r of [...read, await t.call({ path: `${FILE}/race/same.bin` })]) {
        if (r.status === 404) continue; // read before the first write landed
        assert.equal(r.body.length, size);
        const first = r.body[0];
        assert.ok(first >= 1 && first <= 12);
        assert.equal(r.body.indexOf(first === 1 ? 2 : 1), -1);
        assert.ok(
          r.body.every((b) => b === first),
          'mixed content',
        );
      }
      const disc = (await t.call({ path: '/v2.0/conversion/storage/disc' })).json;
      assert.equal(disc.usedSize, size);
    });
  });
}
