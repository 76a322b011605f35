// SPDX-License-Identifier: MIT
// Every input type the client accepts, through the real wasm module and the local server: bytes in memory
// (Uint8Array, views with an offset, Buffer, ArrayBuffer, DataView), Blob and File, and in Node a file path
// or file: URL. Uploads are checked byte for byte by downloading them again; conversions by PDF content.
// Also the Node output helper saveFile().

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ApiError, saveFile } from 'groupdocs-conversion-wasm';
import { fixturePath } from '../support/fixtures.js';
import { CONVERSION_TIMEOUT_MS, readPdf } from '../support/client-env.js';
import { useClient } from '../support/local-server.js';
import { useTempDir } from '../support/temp-dir.js';

/** A distinct payload per case, with NULs and high bytes. */
const payload = (seed, length = 4096) => Uint8Array.from({ length }, (_, i) => (i * seed + seed) & 0xff);

describe('ConversionClient inputs', () => {
  const env = useClient();
  const tmp = useTempDir('gdconv-inputs-');
  let docxPath;
  let docx;

  before(async () => {
    docxPath = await fixturePath('one-page.docx');
    docx = await readFile(docxPath);
  });

  /** Uploads `input`, downloads it again and compares with `expected`. */
  async function roundTrip(name, input, expected) {
    const result = await env.client.uploadFile(`inputs/${name}`, input);
    assert.equal(result.errors.length, 0);
    const back = await env.client.downloadFile(`inputs/${name}`);
    assert.deepEqual(Buffer.from(back), Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength));
  }

  test('Uint8Array', async () => {
    const bytes = payload(3);
    await roundTrip('u8.bin', bytes, bytes);
  });

  test('a Uint8Array view into a larger buffer uploads only its own bytes', async () => {
    const whole = payload(5, 10_000);
    const view = whole.subarray(1234, 5678);
    await roundTrip('view.bin', view, view);
  });

  test('Node Buffer, including one from the shared pool', async () => {
    const buffer = Buffer.from(payload(7));
    await roundTrip('buffer.bin', buffer, buffer);
    const pooled = Buffer.from('small pooled buffer'); // lives at an offset in Buffer's shared pool
    assert.ok(pooled.byteOffset > 0 || pooled.buffer.byteLength > pooled.byteLength);
    await roundTrip('pooled.bin', pooled, pooled);
  });

  test('ArrayBuffer', async () => {
    const bytes = payload(11);
    await roundTrip('arraybuffer.bin', bytes.buffer, bytes);
  });

  test('DataView and other ArrayBufferViews', async () => {
    const bytes = payload(13, 4000);
    await roundTrip('dataview.bin', new DataView(bytes.buffer, 100, 2000), bytes.subarray(100, 2100));
    await roundTrip('int16.bin', new Int16Array(bytes.buffer, 0, 1000), bytes.subarray(0, 2000));
  });

  test('Blob, read once', async () => {
    const bytes = payload(17);
    let reads = 0;
    class CountingBlob extends Blob {
      arrayBuffer() {
        reads += 1;
        return super.arrayBuffer();
      }
    }
    await roundTrip('blob.bin', new CountingBlob([bytes]), bytes);
    assert.equal(reads, 1);
  });

  test('File', async () => {
    const bytes = payload(19);
    await roundTrip('file.bin', new File([bytes], 'ignored-name.bin'), bytes);
  });

  test('a file path and a file: URL (Node)', async () => {
    const bytes = payload(23);
    const local = join(tmp.path, 'local.bin');
    await writeFile(local, bytes);
    await roundTrip('path.bin', local, bytes);
    await roundTrip('url.bin', pathToFileURL(local), bytes);
  });

  test('an empty input uploads an empty file', async () => {
    await roundTrip('empty.bin', new Uint8Array(0), new Uint8Array(0));
  });

  test('a missing local file rejects with io_error naming the path', async () => {
    const missing = join(tmp.path, 'no-such-file.docx');
    await assert.rejects(env.client.uploadFile('inputs/x.docx', missing), (err) => {
      assert.ok(err instanceof ApiError);
      assert.equal(err.code, 'io_error');
      assert.match(err.message, /no-such-file\.docx/);
      assert.equal(err.cause?.code, 'ENOENT');
      return true;
    });
  });

  test('unsupported inputs reject with invalid_argument', async () => {
    for (const input of [42, null, undefined, { bytes: payload(1) }, [1, 2, 3], '']) {
      await assert.rejects(
        env.client.uploadFile('inputs/bad.bin', input),
        (err) => {
          assert.ok(err instanceof ApiError);
          assert.equal(err.code, 'invalid_argument');
          return true;
        },
        `input ${String(input)}`,
      );
    }
  });

  test('convert(): a File takes its name from the File', async () => {
    const file = new File([docx], 'from-file.docx');
    const { files } = await env.client.convert(file, { format: 'pdf', timeoutMs: CONVERSION_TIMEOUT_MS });
    assert.equal(files[0].name, 'from-file.pdf');
    const { pages, text } = await readPdf(files[0].bytes);
    assert.equal(pages, 1);
    assert.match(text, /exactly one page/);
  });

  test('convert(): a Buffer takes its name from { fileName }', async () => {
    const { files } = await env.client.convert(docx, {
      fileName: 'report.docx',
      format: 'pdf',
      timeoutMs: CONVERSION_TIMEOUT_MS,
    });
    assert.equal(files[0].name, 'report.pdf');
    assert.equal((await readPdf(files[0].bytes)).pages, 1);
  });

  test('convert(): an ArrayBuffer and a Blob with { fileName }', async () => {
    const arrayBuffer = docx.buffer.slice(docx.byteOffset, docx.byteOffset + docx.byteLength);
    const [a, b] = await Promise.all([
      env.client.convert(arrayBuffer, { fileName: 'ab.docx', format: 'pdf', timeoutMs: CONVERSION_TIMEOUT_MS }),
      env.client.convert(new Blob([docx]), { fileName: 'blob.docx', format: 'pdf', timeoutMs: CONVERSION_TIMEOUT_MS }),
    ]);
    assert.equal(a.files[0].name, 'ab.pdf');
    assert.equal(b.files[0].name, 'blob.pdf');
    assert.equal((await readPdf(a.files[0].bytes)).pages, 1);
    assert.equal((await readPdf(b.files[0].bytes)).pages, 1);
  });

  test('convert(): bytes without a name reject with invalid_argument asking for fileName', async () => {
    for (const input of [docx, new Uint8Array(docx), docx.buffer, new Blob([docx])]) {
      await assert.rejects(env.client.convert(input, { format: 'pdf' }), (err) => {
        assert.ok(err instanceof ApiError);
        assert.equal(err.code, 'invalid_argument');
        assert.match(err.message, /fileName/);
        return true;
      });
    }
  });

  test('saveFile() writes bytes to a path, creating folders', async () => {
    const bytes = payload(29);
    const target = join(tmp.path, 'nested', 'deeper', 'out.bin');
    await saveFile(bytes, target);
    assert.deepEqual(new Uint8Array(await readFile(target)), bytes);
    await saveFile(bytes.buffer, pathToFileURL(join(tmp.path, 'from-url.bin')));
    assert.deepEqual(new Uint8Array(await readFile(join(tmp.path, 'from-url.bin'))), bytes);
    await assert.rejects(saveFile('not bytes', join(tmp.path, 'x.bin')), {
      name: 'ApiError',
      code: 'invalid_argument',
    });
    await assert.rejects(saveFile(bytes, ''), { name: 'ApiError', code: 'invalid_argument' });
    await writeFile(join(tmp.path, 'a-file'), 'x');
    await assert.rejects(saveFile(bytes, join(tmp.path, 'a-file', 'child.bin')), {
      name: 'ApiError',
      code: 'io_error',
    });
  });
});
