// SPDX-License-Identifier: MIT
// The test side of tests/support/runtime-transport-child.mjs: the fault rules it needs and what it must print.

import assert from 'node:assert/strict';

/**
 * A folder list and an upload that the server answers only after 30 s.
 * @param {ReturnType<import('./reliability.js').adminOf>} admin
 */
export async function setTransportFaults(admin) {
  await admin.clearFaults();
  await admin.fault([
    { method: 'GET', path: '/v2.0/conversion/storage/folder/slow', delayMs: 30_000, times: -1 },
    { method: 'PUT', path: '/v2.0/conversion/storage/file/abort/', delayMs: 30_000, times: -1 },
  ]);
}

/** @param {string} stdout the child's output */
export function assertTransportChecks(stdout) {
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
