// SPDX-License-Identifier: MIT
// Cancellation leaves nothing alive: a script that aborts a call in each state it can be in (a request in
// flight, a retry backoff of 30 s, the token fetch, the poll wait) gets `aborted` at once and then exits by
// itself within a second — no process.exit, no close(): aborting cleared every fetch and timer the call had.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ConversionClient } from 'groupdocs-conversion-wasm';
import { getToken } from '../support/server.js';
import { startFaultServer } from '../support/reliability.js';

const CHILD = fileURLToPath(new URL('../support/abort-child.mjs', import.meta.url));
const EXIT_WITHIN_MS = 1000;

/** Runs the child; resolves with its last stdout line (JSON), its exit code and when it exited. */
function runChild(env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => { out += c; });
    child.stderr.on('data', (c) => { err += c; });
    const guard = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`the child did not exit: ${out} ${err}`)); }, 20_000);
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      const exitedAt = Date.now();
      try {
        resolve({ report: JSON.parse(out.trim().split('\n').pop()), code, signal, exitedAt, stderr: err });
      } catch {
        reject(new Error(`unreadable child output: ${out} ${err}`));
      }
    });
  });
}

describe('aborting leaves nothing alive: the process exits by itself', () => {
  let env;
  let release = () => {};
  before(async () => { env = await startFaultServer(); });
  after(async () => {
    release();
    await env?.close();
  });

  async function expectPromptExit(env2, what) {
    const { report, code, exitedAt, stderr } = await runChild(env2);
    assert.equal(code, 0, stderr);
    assert.equal(report.code, 'aborted', JSON.stringify(report));
    assert.equal(report.name, 'ApiError');
    assert.ok(report.sinceAbortMs < 100, `${what}: rejected ${report.sinceAbortMs} ms after abort()`);
    const lingered = exitedAt - report.at;
    assert.ok(lingered < EXIT_WITHIN_MS, `${what}: the process stayed alive ${lingered} ms after the abort`);
  }

  test('a request in flight (the upload, answered only after 3 s)', async () => {
    await env.admin.clearFaults();
    await env.admin.fault({ method: 'PUT', path: '/v2.0/conversion/storage/file/', delayMs: 3000 });
    await expectPromptExit({ BASE_URL: env.url, CALL: 'convert', ABORT_AFTER_MS: '100' }, 'in flight');
  });

  test('a retry backoff (503 with Retry-After: 30)', async () => {
    await env.admin.clearFaults();
    await env.admin.fault({ method: 'PUT', path: '/v2.0/conversion/storage/file/', status: 503, retryAfter: 30 });
    await expectPromptExit({ BASE_URL: env.url, CALL: 'convert', ABORT_AFTER_MS: '300' }, 'backoff');
  });

  test('the token fetch (answered only after 3 s)', async () => {
    await env.admin.clearFaults();
    await env.admin.fault({ method: 'POST', path: '/connect/token', delayMs: 3000 });
    await expectPromptExit({ BASE_URL: env.url, CALL: 'convert', ABORT_AFTER_MS: '100' }, 'token');
  });

  test('the wait for an operation that never finishes (polls and their timers)', async () => {
    await env.admin.clearFaults();
    env.fake.gate = new Promise((resolve) => { release = resolve; }); // the conversion waits until after()
    const token = await getToken(env.url);
    const setup = await ConversionClient.create({ baseUrl: env.url, accessToken: token });
    await setup.uploadFile('abort/doc.docx', new TextEncoder().encode('FAKEDOC pages=1'));
    const id = await setup.startConvertAndSave({ filePath: 'abort/doc.docx', format: 'pdf', outputPath: 'abort/out' });
    setup.close();
    await expectPromptExit({ BASE_URL: env.url, CALL: 'waitForOperation', OPERATION_ID: id, ABORT_AFTER_MS: '900', ACCESS_TOKEN: token }, 'poll');
  });
});
