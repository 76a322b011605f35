// SPDX-License-Identifier: MIT
// convert() removes what it stored (bindings/RAW_API.md, "Cleanup"), through the real wasm client against
// the local server (fault injection for its journal, the fake converter for speed): the call's <uuid>
// folder goes once the promise has settled — after success, a failed conversion, and a close() right
// after; keepFiles keeps it; a caller's outputPath keeps its results; and a Node script that never calls
// close() still exits by itself, after the delete.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { ConversionClient } from 'groupdocs-conversion-wasm';
import { runScript } from '../support/child.js';
import { DEV_CREDENTIALS } from '../support/client-env.js';
import { useClient } from '../support/local-server.js';
import { describeJournal } from '../support/reliability.js';
import { waitFor } from '../support/wait-for.js';

const DOC = new TextEncoder().encode('FAKEDOC pages=1 cleanup');
const UUID =
  /^\/v2\.0\/conversion\/storage\/file\/([0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})\//;
const CHILD = fileURLToPath(new URL('../support/cleanup-child.mjs', import.meta.url));

describe('convert() cleans up its storage folder', () => {
  const env = useClient({ converter: 'fake', faults: true });

  /** The names at the storage root. */
  async function rootNames() {
    return (await env.client.getFilesList('')).value.map((f) => f.name);
  }

  /** Resolves once the root has no `name` (the cleanup's DELETE is sent after the call settled). */
  function goneFromStorage(name) {
    return waitFor(async () => !(await rootNames()).includes(name), `${name} to leave storage`);
  }

  /** Runs `work`; returns its outcome, the uuid folder its upload went to, and the journal of that time. */
  async function observe(work) {
    const since = await env.admin.mark();
    let outcome;
    try {
      outcome = { ok: true, value: await work() };
    } catch (error) {
      outcome = { ok: false, error };
    }
    const journal = await env.admin.journal(since);
    const upload = journal.find((e) => e.method === 'PUT' && UUID.test(e.path));
    assert.ok(upload, `no upload into a uuid folder:\n${describeJournal(journal)}`);
    return { outcome, folder: UUID.exec(upload.path)[1], since };
  }

  /** The DELETEs of `folder` the server saw after `since`. */
  async function deletesOf(folder, since) {
    return (await env.admin.journal(since)).filter((e) => e.method === 'DELETE' && e.path.includes(folder));
  }

  test('after a conversion: one recursive DELETE of <uuid>, after the result', async () => {
    const { outcome, folder, since } = await observe(() =>
      env.client.convert(DOC, { format: 'pdf', fileName: 'doc.docx' }),
    );
    assert.ok(outcome.ok, outcome.error?.message);
    assert.equal(outcome.value.files[0].path.split('/')[0], folder);
    await goneFromStorage(folder);
    const deletes = await deletesOf(folder, since);
    assert.deepEqual(
      deletes.map((e) => [e.path, e.query.recursive, e.status]),
      [[`/v2.0/conversion/storage/folder/${folder}`, 'true', 200]],
    );
  });

  test('keepFiles: true leaves the folder, its input and its results', async () => {
    const { outcome, folder, since } = await observe(() =>
      env.client.convert(DOC, { format: 'pdf', fileName: 'doc.docx', keepFiles: true }),
    );
    assert.ok(outcome.ok, outcome.error?.message);
    // A later call's cleanup is the barrier: a DELETE of this call's folder would have been sent first.
    const later = await observe(() => env.client.convert(DOC, { format: 'pdf', fileName: 'doc.docx' }));
    await goneFromStorage(later.folder);
    assert.ok((await rootNames()).includes(folder));
    assert.deepEqual((await env.client.getFilesList(folder)).value.map((f) => f.name).sort(), [
      'converted',
      'doc.docx',
    ]);
    assert.equal((await env.client.objectExists(outcome.value.files[0].path)).exists, true);
    assert.deepEqual(await deletesOf(folder, since), []);
    await env.client.deleteFolder(folder, { recursive: true });
  });

  test('keepFiles must be a boolean', async () => {
    await assert.rejects(env.client.convert(DOC, { format: 'pdf', fileName: 'doc.docx', keepFiles: 'yes' }), {
      code: 'invalid_argument',
      message: /keepFiles/,
    });
  });

  test('with outputPath: the results there stay, the uploaded input goes', async () => {
    const { outcome, folder } = await observe(() =>
      env.client.convert(DOC, { format: 'pdf', fileName: 'doc.docx', outputPath: 'cleanup-kept/out' }),
    );
    assert.ok(outcome.ok, outcome.error?.message);
    assert.equal(outcome.value.files[0].path, 'cleanup-kept/out/doc.pdf');
    await goneFromStorage(folder);
    assert.equal((await env.client.objectExists('cleanup-kept/out/doc.pdf')).exists, true);
    await env.client.deleteFolder('cleanup-kept', { recursive: true });
  });

  test('a failed conversion: the rejection, then the input is gone too', async () => {
    await env.admin.failNext('Injected: the converter crashed.');
    const { outcome, folder } = await observe(() => env.client.convert(DOC, { format: 'pdf', fileName: 'doc.docx' }));
    assert.equal(outcome.ok, false);
    assert.equal(outcome.error.code, 'operation_failed');
    await goneFromStorage(folder);
  });

  test('close() right after the result does not stop the cleanup', async () => {
    const own = await ConversionClient.create({ baseUrl: env.url, ...DEV_CREDENTIALS });
    const { outcome, folder } = await observe(async () => {
      const result = await own.convert(DOC, { format: 'pdf', fileName: 'doc.docx' });
      own.close();
      return result;
    });
    assert.ok(outcome.ok, outcome.error?.message);
    await goneFromStorage(folder);
  });

  test('a script that never calls close() exits by itself, after the delete', { timeout: 60_000 }, async (t) => {
    const since = await env.admin.mark();
    const { code, stderr, report } = await runScript(CHILD, { env: { BASE_URL: env.url }, signal: t.signal });
    assert.equal(code, 0, stderr);
    const { folder } = report;
    // Gone already when the process ended: the pending DELETE was what kept it alive.
    assert.equal((await rootNames()).includes(folder), false, `${folder} outlived the script`);
    const journal = await env.admin.journal(since);
    const deletes = await deletesOf(folder, since);
    assert.equal(deletes.length, 1, describeJournal(journal));
    const download = journal.find(
      (e) => e.method === 'GET' && e.path.startsWith(`/v2.0/conversion/storage/file/${folder}/`),
    );
    assert.ok(
      download && download.seq < deletes[0].seq,
      `the DELETE came before the result's download:\n${describeJournal(journal)}`,
    );
  });
});
