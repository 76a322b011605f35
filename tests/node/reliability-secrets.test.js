// SPDX-License-Identifier: MIT
// Secrets never leak (issue "Reliability", item 7). The whole fault matrix runs in a child process with a
// distinctive client secret; everything it prints — every error in every form (message, stack, JSON,
// util.inspect, the cause chain, console.log/error of it) — is searched for the secret and for every token
// the server issued (read on the server side), as are the server's journal and log. And a token signed by
// another server instance is refused.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { ConversionClient } from 'groupdocs-conversion-wasm';
import { getToken } from '../support/server.js';
import { errorViews, settle, startFaultServer } from '../support/reliability.js';

const CHILD = fileURLToPath(new URL('../support/fault-matrix-child.mjs', import.meta.url));

function run(env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => { stdout += c; });
    child.stderr.on('data', (c) => { stderr += c; });
    const guard = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`timed out:\n${stdout}\n${stderr}`)); }, 150_000);
    child.on('exit', (code) => { clearTimeout(guard); resolve({ code, stdout, stderr }); });
  });
}

/** The strings that must never show: the secret, each token, and each token's signature on its own. */
function secretsOf(secret, tokens) {
  return [secret, ...tokens, ...tokens.map((t) => t.split('.')[2]).filter((s) => s && s.length >= 16)];
}

function assertAbsent(text, secrets, where) {
  for (const secret of secrets) {
    const at = text.indexOf(secret);
    assert.equal(at, -1, `${where} contains a secret: …${text.slice(Math.max(0, at - 80), at + 20)}…`);
  }
}

describe('no secret or token in anything the client produces under faults', () => {
  const secret = `s3cr3t-${randomBytes(16).toString('hex')}`;
  const clientId = `secrets-test-${randomBytes(4).toString('hex')}`;
  let env;

  before(async () => {
    env = await startFaultServer({ clientId, clientSecret: secret });
  });
  after(async () => {
    await env?.close();
  });

  test('the fault matrix in a child process: no secret or token in its output, the journal or the log', { timeout: 160_000 }, async () => {
    const { code, stdout, stderr } = await run({ BASE_URL: env.url, CLIENT_ID: clientId, CLIENT_SECRET: secret });
    assert.equal(code, 0, stderr);
    const summary = JSON.parse(stdout.trim().split('\n').pop());
    assert.deepEqual(summary.failed, [], `scenarios failed in the child:\n${stdout.slice(-4000)}`);
    assert.ok(summary.errors >= 12, `only ${summary.errors} errors collected`);
    assert.ok(env.issuedTokens.length >= 5, `only ${env.issuedTokens.length} tokens issued`);
    const secrets = secretsOf(secret, env.issuedTokens);
    assertAbsent(stdout, secrets, 'the child\'s stdout');
    assertAbsent(stderr, secrets, 'the child\'s stderr');
    assertAbsent(await env.admin.journalText(), secrets, 'the server journal');
    assertAbsent(env.logLines.join('\n'), secrets, 'the server log');
    // The output really holds the errors it was searched in.
    assert.match(stdout, /ApiError/);
    assert.match(stdout, /mayHaveStarted: true/);
  });

  test('a token signed by another server instance is refused, and not echoed', async () => {
    const other = await startFaultServer({ clientId, clientSecret: secret });
    try {
      const foreign = await getToken(other.url, clientId, secret);
      const client = await ConversionClient.create({ baseUrl: env.url, accessToken: foreign, maxRetries: 0 });
      try {
        const outcome = await settle(client.getFilesList(''));
        assert.equal(outcome.error?.code, 'auth_failed');
        assert.equal(outcome.error.status, 401);
        assert.match(outcome.error.message, /not issued by this server instance|signature/i);
        for (const view of errorViews(outcome.error)) assertAbsent(view, secretsOf(secret, [foreign]), 'the error');
      } finally {
        client.close();
      }
    } finally {
      await other.close();
    }
  });
});
