// SPDX-License-Identifier: MIT
// The disk storage (`--data DIR`) with files bigger than memory (issue 13), at small sizes: an upload is
// written to a temp file as it arrives and moved into place when complete (nothing is left behind when it is
// refused, cut off or aborted), and a download is read from the file as it is sent, so that a file over the
// 2 GiB that fs.readFile can return (a sparse one here: it costs no disk) is served at all.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { readdir, readFile, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useLocalServer } from '../support/local-server.js';
import { streamRequest } from '../support/server.js';
import { useTempDir } from '../support/temp-dir.js';
import { waitFor } from '../support/wait-for.js';

const KiB = 1024;
const MiB = 1024 * KiB;
const FILE = '/v2.0/conversion/storage/file';
const LIMIT = 4 * MiB;
const QUOTA = 5 * MiB;
const BOUNDARY = 'disk-streaming-boundary';
const HEAD = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="File"; filename="file.name"\r\n\r\n`;
const TAIL = `\r\n--${BOUNDARY}--\r\n`;

/** Not compressible, every KiB differs. @param {number} size */
function payload(size) {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i + 4 <= size; i += KiB) bytes.writeUInt32LE((i * 2654435761) >>> 0, i);
  return bytes;
}

describe('the disk storage streams uploads and downloads (issue 13)', () => {
  const data = useTempDir('gdconv-disk-stream-');
  // A getter: the temp dir is made by a `before` hook, which runs before the server's.
  const t = useLocalServer({
    converter: 'fake',
    get dataDir() {
      return data.path;
    },
    maxUploadBytes: LIMIT,
    quotaBytes: QUOTA,
  });
  /** The server's temp folder: DIR/tmp/<one folder per process>. */
  const tmpDir = async () => join(data.path, 'tmp', (await readdir(join(data.path, 'tmp')))[0]);
  /** The sizes of the server's temp files (one may be renamed or removed while it is looked at). */
  const tmpSizes = async () => {
    const dir = await tmpDir();
    const sizes = await Promise.all(
      (await readdir(dir)).map((name) =>
        stat(join(dir, name)).then(
          (s) => s.size,
          () => null,
        ),
      ),
    );
    return sizes.filter((size) => size !== null);
  };
  const exists = async (path) => (await t.call({ path: `/v2.0/conversion/storage/exist/${path}` })).json.exists;
  const upload = (path, write, headers = {}) =>
    streamRequest(t.url, {
      path: `${FILE}/${path}`,
      headers: {
        'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`,
        Authorization: `Bearer ${t.token}`,
        ...headers,
      },
      write,
    });

  test('an upload is on disk while it arrives, and in place, byte for byte, when it is complete', async () => {
    const bytes = payload(2 * MiB);
    const length = HEAD.length + bytes.length + TAIL.length;
    const reply = upload(
      'streamed/up.bin',
      async (req) => {
        req.write(HEAD);
        req.write(bytes.subarray(0, MiB));
        // Half of the file sent: the server has written it to its temp file, not held it in memory.
        await waitFor(async () => (await tmpSizes()).some((size) => size >= MiB), 'the first MiB in the temp file');
        req.end(Buffer.concat([bytes.subarray(MiB), Buffer.from(TAIL)]));
      },
      { 'Content-Length': length },
    );
    const r = await reply;
    assert.equal(r.status, 200);
    assert.deepEqual(r.json.uploaded, ['up.bin']);
    assert.ok((await readFile(join(data.path, 'storages', 'First%20Storage', 'streamed', 'up.bin'))).equals(bytes));
    assert.deepEqual(await tmpSizes(), [], 'the temp file was moved into place');
    const down = await t.call({ path: `${FILE}/streamed/up.bin` });
    assert.equal(down.status, 200);
    assert.equal(down.headers['content-length'], String(bytes.length));
    assert.equal(down.headers['content-type'], 'application/octet-stream');
    assert.match(down.headers['content-disposition'], /filename="up.bin"/);
    assert.ok(down.headers['x-request-id']);
    assert.ok(down.body.equals(bytes));
  });

  test('a chunked upload over the limit is a 413 and leaves no temp file', async () => {
    const r = await upload(
      'streamed/over.bin',
      (req) => {
        req.write(HEAD);
        let sent = 0;
        const pump = () => {
          while (sent <= LIMIT) {
            sent += 64 * KiB;
            if (!req.write(payload(64 * KiB))) return void req.once('drain', pump);
          }
        };
        pump();
      },
      { 'Transfer-Encoding': 'chunked' },
    );
    assert.equal(r.status, 413);
    assert.equal(r.json.error.code, 'RequestTooLarge');
    await waitFor(async () => (await tmpSizes()).length === 0, 'the temp file removed');
    assert.equal(await exists('streamed/over.bin'), false);
  });

  test('an upload over the quota is a 507, leaves no temp file and keeps the file it would replace', async () => {
    assert.equal((await t.upload('quota/keep.bin', payload(2 * MiB))).status, 200);
    const r = await t.upload('quota/keep.bin', payload(3 * MiB + 1)); // with streamed/up.bin's 2 MiB: over 5 MiB
    assert.equal(r.status, 507);
    assert.equal(r.json.error.code, 'QuotaExceeded');
    assert.deepEqual(await tmpSizes(), []);
    assert.ok((await t.call({ path: `${FILE}/quota/keep.bin` })).body.equals(payload(2 * MiB)));
    const disc = await t.call({ path: '/v2.0/conversion/storage/disc' });
    assert.equal(disc.json.usedSize, 4 * MiB, 'used: keep.bin and streamed/up.bin');
  });

  test('an upload aborted half way leaves no temp file and no file', async () => {
    const { hostname, port } = new URL(t.url);
    const req = httpRequest({
      host: hostname,
      port,
      method: 'PUT',
      path: `${FILE}/streamed/aborted.bin`,
      agent: false,
      headers: {
        'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`,
        'Content-Length': HEAD.length + MiB + TAIL.length,
        Authorization: `Bearer ${t.token}`,
      },
    });
    req.on('error', () => {}); // the abort below
    req.write(HEAD);
    req.write(payload(MiB / 2));
    await waitFor(async () => (await tmpSizes()).some((size) => size > 0), 'the upload under way');
    req.destroy();
    await waitFor(async () => (await tmpSizes()).length === 0, 'the temp file removed');
    assert.equal(await exists('streamed/aborted.bin'), false);
  });

  test('a file over 2 GiB (more than fs.readFile can return) is sent from disk', async () => {
    const size = 2 * 1024 * MiB + 1;
    const file = join(data.path, 'storages', 'First%20Storage', 'sparse.bin');
    await writeFile(file, 'start');
    await truncate(file, size); // sparse: the rest reads as zeros and takes no disk
    const { hostname, port } = new URL(t.url);
    const { status, headers, first } = await new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          host: hostname,
          port,
          path: `${FILE}/sparse.bin`,
          agent: false,
          headers: { Authorization: `Bearer ${t.token}` },
        },
        (res) => {
          const chunks = [];
          let got = 0;
          res.on('data', (chunk) => {
            chunks.push(chunk);
            got += chunk.length;
            // Enough to see that the bytes flow: the rest is 2 GiB of zeros.
            if (got >= MiB || res.statusCode !== 200) {
              res.destroy();
              resolve({ status: res.statusCode, headers: res.headers, first: Buffer.concat(chunks) });
            }
          });
          res.on('error', () => {});
        },
      );
      req.on('error', reject);
      req.end();
    });
    assert.equal(status, 200, first.subarray(0, 200).toString());
    assert.equal(headers['content-length'], String(size));
    assert.equal(first.subarray(0, 5).toString(), 'start');
    assert.ok(first.subarray(5).every((b) => b === 0));
    // The server goes on serving once the client went away mid-file.
    assert.equal((await t.call({ path: `${FILE}/streamed/up.bin` })).status, 200);
  });
});
