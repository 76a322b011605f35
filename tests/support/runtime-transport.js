// SPDX-License-Identifier: MIT
// The test side of tests/support/runtime-transport-child.mjs: the fault rules it needs, how a runtime runs it, and
// what it must print.

import assert from 'node:assert/strict';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closedPort } from './client-env.js';
import { adminOf } from './reliability.js';
import { runCommand } from './runtimes.js';

const CHILD = fileURLToPath(new URL('./runtime-transport-child.mjs', import.meta.url));

/**
 * Runs the child in a runtime, from a folder where the packed package is installed, against a local server
 * started with `faults: true`, and checks that a timeout, a refused connection and an abort are told apart.
 * @param {{ server: { url: string }, folder: string, runtime: string, args?: string[], env?: Record<string, string> }} how
 *   `args`: the runtime's own, before the script's
 */
export async function checkTransportIn({ server, folder, runtime, args = [], env = {} }) {
  await setTransportFaults(adminOf(server.url));
  await copyFile(CHILD, join(folder, 'transport.mjs'));
  const script = ['transport.mjs', server.url, String(await closedPort())];
  const { stdout } = await runCommand(runtime, [...args, ...script], { cwd: folder, env, timeout: 60_000 });
  assertTransportChecks(stdout);
}

/**
 * A folder list and an upload that the server answers only after 30 s.
 * @param {ReturnType<import('./reliability.js').adminOf>} admin
 */
async function setTransportFaults(admin) {
  await admin.clearFaults();
  await admin.fault([
    { method: 'GET', path: '/v2.0/conversion/storage/folder/slow', delayMs: 30_000, times: -1 },
    { method: 'PUT', path: '/v2.0/conversion/storage/file/abort/', delayMs: 30_000, times: -1 },
  ]);
}

/** @param {string} stdout the child's output */
function assertTransportChecks(stdout) {
  const checks = Object.fromEntries(
    stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
      .map((r) => [r.check, r]),
  );
  assert.deepEqual(Object.keys(checks), ['timeout', 'network', 'abort'], stdout);
  for (const r of Object.values(checks)) assert.equal(r.name, 'ApiError', JSON.stringify(r));
  assert.equal(checks.timeout.code, 'timeout', JSON.stringify(checks.timeout));
  assert.equal(checks.network.code, 'network', JSON.stringify(checks.network));
  assert.equal(checks.abort.code, 'aborted', JSON.stringify(checks.abort));
  // The refused connection's description names the address at most, never a path.
  assert.doesNotMatch(checks.network.message, /\/v2\.0\//);
}
