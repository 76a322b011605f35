// SPDX-License-Identifier: MIT
// Files bigger than memory (issue 13), at small sizes: a path input is read as it is sent and never enters the
// wasm heap (nor takes room in it), a retried upload reads the file again, downloads go to a path (through a
// temporary name, removed when the download fails or is aborted) or come back as a Blob, and a file that
// cannot be read or written is `io_error`. The sizes (20 MiB against a 16 MiB heap) make "not in the heap"
// visible: the heap would have to grow to hold any of it.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConversionClient } from 'groupdocs-conversion-wasm';
import { useClient } from '../support/local-server.js';
import { useTempDir } from '../support/temp-dir.js';
import { waitFor } from '../support/wait-for.js';

const MiB = 1024 * 1024;
const heapStats = ConversionClient[Symbol.for('groupdocs-conversion-wasm.heapStats')];

/** Not compressible, not all zeros: every 4 KiB page differs. @param {number} size */
function fileBytes(size) {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i += 4096) bytes.writeUInt32LE((i * 2654435761) >>> 0, i);
  return bytes;
}

describe('files bigger than memory (issue 13)', () => {
  const env = useClient({ converter: 'fake', faults: true });
  const dir = useTempDir('gdconv-stream-');
  const big = fileBytes(20 * MiB);

  /** The input file, written once. */
  const input = async () => {
    const path = join(dir.path, 'in.bin');
    await writeFile(path, big);
    return path;
  };

  test('a path input is sent from the file: the wasm heap neither holds it nor grows for it', async () => {
    const path = await input();
    await env.client.objectExists('warm-up'); // token and module ready
    const before = await heapStats();
    const loaded = [];
    await env.client.uploadFile('stream/up.bin', path, { onProgress: (e) => loaded.push(e) });
    const after = await heapStats();
    assert.ok(
      after.memoryBytes - before.memoryBytes < big.length,
      `heap grew ${after.memoryBytes - before.memoryBytes}`,
    );
    assert.ok(after.usedBytes - before.usedBytes < MiB, `heap in use grew ${after.usedBytes - before.usedBytes}`);
    const last = loaded.at(-1);
    assert.ok(last.total > big.length && last.loaded === last.total, 'upload progress reaches the whole body');
    assert.ok(loaded.length > 2, 'progress while the file goes');
    const stored = await env.client.downloadFile('stream/up.bin');
    assert.ok(Buffer.from(stored).equals(big));
  });

  test('a retried upload reads the file again from its start', async () => {
    const path = await input();
    await env.admin.fault({
      method: 'PUT',
      path: '/v2.0/conversion/storage/file/stream/retry.bin',
      action: 'drop',
      dropAt: 'request',
    });
    await env.client.uploadFile('stream/retry.bin', path, { retry: { baseDelayMs: 1 } });
    const stored = await env.client.downloadFile('stream/retry.bin');
    assert.ok(Buffer.from(stored).equals(big));
    const entries = await env.admin.journal();
    assert.equal(entries.filter((e) => e.method === 'PUT' && e.path.endsWith('/retry.bin')).length, 2);
  });

  test('a missing or unreadable input is io_error, and nothing is sent', async () => {
    await assert.rejects(env.client.uploadFile('stream/none.bin', join(dir.path, 'missing.bin')), {
      code: 'io_error',
      message: /missing\.bin.*ENOENT/,
    });
    await assert.rejects(env.client.uploadFile('stream/none.bin', dir.path), { code: 'io_error' });
    assert.equal((await env.client.objectExists('stream/none.bin')).exists, false);
  });

  test('downloadFile(path, { to }) writes the file chunk by chunk, outside the heap, and leaves no temporary file', async () => {
    await env.client.uploadFile('stream/down.bin', big);
    const target = join(dir.path, 'out', 'deep', 'down.bin');
    const before = await heapStats();
    const saved = await env.client.downloadFile('stream/down.bin', { to: target });
    const after = await heapStats();
    assert.deepEqual(saved, { path: target, size: big.length });
    assert.ok((await readFile(target)).equals(big));
    assert.deepEqual(await readdir(join(dir.path, 'out', 'deep')), ['down.bin']);
    assert.ok(
      after.memoryBytes - before.memoryBytes < big.length,
      `heap grew ${after.memoryBytes - before.memoryBytes}`,
    );
  });

  test('an aborted download removes its partial file and leaves the target untouched', async () => {
    await env.client.uploadFile('stream/abort.bin', big);
    const folder = join(dir.path, 'aborted');
    const controller = new AbortController();
    const download = env.client.downloadFile('stream/abort.bin', {
      to: join(folder, 'abort.bin'),
      signal: controller.signal,
      onProgress: (e) => {
        if (e.loaded > 0 && e.loaded < e.total) controller.abort();
      },
    });
    await assert.rejects(download, { code: 'aborted' });
    await waitFor(async () => (await readdir(folder)).length === 0, 'the partial file to be removed');
  });

  test('a download cut short leaves nothing behind', async () => {
    await env.client.uploadFile('stream/cut.bin', big);
    const folder = join(dir.path, 'cut');
    await env.admin.fault({ method: 'GET', path: '/v2.0/conversion/storage/file/stream/cut.bin', action: 'truncate' });
    await assert.rejects(env.client.downloadFile('stream/cut.bin', { to: join(folder, 'cut.bin'), maxRetries: 0 }), {
      code: 'network',
    });
    await waitFor(async () => (await readdir(folder)).length === 0, 'the partial file to be removed');
  });

  test('a target that cannot be written is io_error', async () => {
    await env.client.uploadFile('stream/small.bin', Buffer.from('small'));
    const blocker = join(dir.path, 'a-file');
    await writeFile(blocker, 'x');
    await assert.rejects(env.client.downloadFile('stream/small.bin', { to: join(blocker, 'x.bin') }), {
      code: 'io_error',
    });
    // A folder where the file should go: the finished file cannot take its name.
    const folder = join(dir.path, 'occupied');
    await mkdir(join(folder, 'small.bin', 'inside'), { recursive: true });
    await assert.rejects(env.client.downloadFile('stream/small.bin', { to: join(folder, 'small.bin') }), {
      code: 'io_error',
    });
    assert.deepEqual(await readdir(folder), ['small.bin']);
  });

  test("downloadFile(path, { as: 'blob' }) gives a Blob that never passed through the heap", async () => {
    await env.client.uploadFile('stream/blob.bin', big);
    const before = await heapStats();
    const blob = await env.client.downloadFile('stream/blob.bin', { as: 'blob' });
    const after = await heapStats();
    assert.ok(blob instanceof Blob);
    assert.ok(Buffer.from(await blob.arrayBuffer()).equals(big));
    assert.ok(after.memoryBytes - before.memoryBytes < big.length);
  });

  test('bad destination options are invalid_argument', async () => {
    await assert.rejects(env.client.downloadFile('stream/small.bin', { as: 'text' }), { code: 'invalid_argument' });
    await assert.rejects(env.client.downloadFile('stream/small.bin', { to: '' }), { code: 'invalid_argument' });
    await assert.rejects(env.client.downloadFile('stream/small.bin', { to: 'x', as: 'blob' }), {
      code: 'invalid_argument',
    });
  });

  test('convert(path, { outDir }) streams the input up and the results into the folder', async () => {
    const path = join(dir.path, 'report.docx');
    await writeFile(path, 'FAKEDOC pages=2 streamed');
    const outDir = join(dir.path, 'results');
    const { files } = await env.client.convert(path, { format: 'pdf', outDir, keepFiles: true });
    assert.equal(files.length, 1);
    assert.equal(files[0].file, join(outDir, files[0].name));
    assert.equal(files[0].bytes, undefined);
    const written = await readFile(files[0].file);
    assert.equal(written.length, files[0].size);
    assert.ok(written.equals(await env.client.downloadFile(files[0].path)));
    const { files: blobs } = await env.client.convert(path, { format: 'pdf', as: 'blob' });
    assert.ok(blobs[0].blob instanceof Blob);
    assert.equal(blobs[0].blob.size, blobs[0].size);
  });
});
