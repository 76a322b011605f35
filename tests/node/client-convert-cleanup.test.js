// SPDX-License-Identifier: MIT
// convert() removes what it stored (bindings/RAW_API.md, "Cleanup"), through the real wasm client against
// the local server (fault injection for its journal, the fake converter for speed): the call's <uuid>
// folder is gone once the promise has settled — after success, a failed conversion, and a close() right
// after; keepFiles keeps it; a caller's outputPath keeps its results; and a Node script that never calls
// close() still exits by itself, after the delete.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ConversionClient } from 'groupdocs-conversion-wasm';
import { DEV_CREDENTIALS } from '../support/client-env.js';
import { describeJournal, startFaultServer } from '../support/reliability.js';

const DOC = new TextEncoder().encode('FAKEDOC pages=1 cleanup');
const UUID = /^\/v2\.0\/conversion\/storage\/file\/([0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})\//;
const CHILD = fileURLToPath(new URL('../support/cleanup-child.mjs', import.meta.url));
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

describe('convert() cleans up its storage folder', () => {
  let env;
  let client;

  before(async () => {
    env = await startFaultServer();
    client = await ConversionClient.create({ baseUrl: env.url, ...DEV_CREDENTIALS });
  });

  after(async () => {
    client?.close();
    await env?.close();
  });

  /** The names at the storage root. */
  async function rootNames() {
    return (await client.getFilesList('')).value.map((f) => f.name);
  }

  /** Waits (up to 5 s) until the root has no `name`; returns whether it went. */
  async function goneEventually(name) {
    for (let i = 0; i < 100; i += 1) {
      if (!(await rootNames()).includes(name)) return true;
      await pause(50);
    }
    return false;
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
    const { outcome, folder, since } = await observe(() => client.convert(DOC, { format: 'pdf', fileName: 'doc.docx' }));
    assert.ok(outcome.ok, outcome.error?.message);
    assert.equal(outcome.value.files[0].path.split('/')[0], folder);
    assert.ok(await goneEventually(folder), `${folder} is still in storage`);
    const deletes = await deletesOf(folder, since);
    assert.deepEqual(deletes.map((e) => [e.path, e.query.recursive, e.status]),
      [[`/v2.0/conversion/storage/folder/${folder}`, 'true', 200]]);
  });

  test('keepFiles: true leaves the folder, its input and its results', async () => {
    const { outcome, folder, since } = await observe(() =>
      client.convert(DOC, { format: 'pdf', fileName: 'doc.docx', keepFiles: true }));
    assert.ok(outcome.ok, outcome.error?.message);
    await pause(500);
    assert.ok((await rootNames()).includes(folder));
    assert.deepEqual((await client.getFilesList(folder)).value.map((f) => f.name).sort(), ['converted', 'doc.docx']);
    assert.equal((await client.objectExists(outcome.value.files[0].path)).exists, true);
    assert.deepEqual(await deletesOf(folder, since), []);
    await client.deleteFolder(folder, { recursive: true });
  });

  test('keepFiles must be a boolean', async () => {
    await assert.rejects(client.convert(DOC, { format: 'pdf', fileName: 'doc.docx', keepFiles: 'yes' }),
      { code: 'invalid_argument', message: /keepFiles/ });
  });

  test('with outputPath: the results there stay, the uploaded input goes', async () => {
    const { outcome, folder } = await observe(() =>
      client.convert(DOC, { format: 'pdf', fileName: 'doc.docx', outputPath: 'cleanup-kept/out' }));
    assert.ok(outcome.ok, outcome.error?.message);
    assert.equal(outcome.value.files[0].path, 'cleanup-kept/out/doc.pdf');
    assert.ok(await goneEventually(folder), `${folder} is still in storage`);
    assert.equal((await client.objectExists('cleanup-kept/out/doc.pdf')).exists, true);
    await client.deleteFolder('cleanup-kept', { recursive: true });
  });

  test('a failed conversion: the rejection, then the input is gone too', async () => {
    await env.admin.failNext('Injected: the converter crashed.');
    const { outcome, folder } = await observe(() => client.convert(DOC, { format: 'pdf', fileName: 'doc.docx' }));
    assert.equal(outcome.ok, false);
    assert.equal(outcome.error.code, 'operation_failed');
    assert.ok(await goneEventually(folder), `${folder} is still in storage`);
  });

  test('close() right after the result does not stop the cleanup', async () => {
    const own = await ConversionClient.create({ baseUrl: env.url, ...DEV_CREDENTIALS });
    const { outcome, folder } = await observe(async () => {
      const result = await own.convert(DOC, { format: 'pdf', fileName: 'doc.docx' });
      own.close();
      return result;
    });
    assert.ok(outcome.ok, outcome.error?.message);
    assert.ok(await goneEventually(folder), `${folder} is still in storage`);
  });

  test('a script that never calls close() exits by itself, after the delete', async () => {
    const since = await env.admin.mark();
    const child = spawn(process.execPath, [CHILD], { env: { ...process.env, BASE_URL: env.url }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => { out += c; });
    child.stderr.on('data', (c) => { err += c; });
    const code = await new Promise((resolve, reject) => {
      const guard = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`the child did not exit: ${out} ${err}`)); }, 20_000);
      child.on('exit', (c) => { clearTimeout(guard); resolve(c); });
    });
    assert.equal(code, 0, err);
    const { folder, resolvedAt } = JSON.parse(out.trim().split('\n').pop());
    // Gone already when the process ended: the pending DELETE was what kept it alive.
    assert.equal((await rootNames()).includes(folder), false, `${folder} outlived the script`);
    const deletes = await deletesOf(folder, since);
    assert.equal(deletes.length, 1, describeJournal(await env.admin.journal(since)));
    assert.ok(Date.parse(deletes[0].time) >= resolvedAt - 5, `the DELETE (${deletes[0].time}) came before the result (${resolvedAt})`);
  });
});
