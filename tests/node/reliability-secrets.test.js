// SPDX-License-Identifier: MIT
// Secrets never leak (issue "Reliability", item 7). The whole fault matrix runs in a child process with a
// distinctive client secret; everything it prints — every error in every form (message, stack, JSON,
// util.inspect, the cause chain, console.log/error of it) — is searched for the secret and for every token
// the server issued (read on the server side), as are the server's journal and log. And a token signed by
// another server instance is refused.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { ConversionClient } from 'groupdocs-conversion-wasm';
import { runScript } from '../support/child.js';
import { startLocalServer, useLocalServer } from '../support/local-server.js';
import { errorViews, settle } from '../support/reliability.js';

const CHILD = fileURLToPath(new URL('../support/fault-matrix-child.mjs', import.meta.url));

/** Keeps every token the server issues from now on in `into` (read on the server side). */
function recordIssuedTokens(server, into) {
  const { tokens } = server.app;
  const issue = tokens.issue.bind(tokens);
  tokens.issue = (subject) => {
    const answer = issue(subject);
    into.push(answer.access_token);
    return answer;
  };
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
  const logLines = [];
  const issuedTokens = [];
  const env = useLocalServer({
    converter: 'fake',
    faults: true,
    clientId,
    clientSecret: secret,
    log: (line) => logLines.push(line),
  });
  before(() => recordIssuedTokens(env.server, issuedTokens));

  test(
    'the fault matrix in a child process: no secret or token in its output, the journal or the log',
    { timeout: 160_000 },
    async (t) => {
      const {
        code,
        stdout,
        stderr,
        report: summary,
      } = await runScript(CHILD, {
        env: { BASE_URL: env.url, CLIENT_ID: clientId, CLIENT_SECRET: secret },
        signal: t.signal,
      });
      assert.equal(code, 0, stderr);
      assert.deepEqual(summary.failed, [], `scenarios failed in the child:\n${stdout.slice(-4000)}`);
      assert.ok(summary.errors >= 12, `only ${summary.errors} errors collected`);
      assert.ok(issuedTokens.length >= 5, `only ${issuedTokens.length} tokens issued`);
      const secrets = secretsOf(secret, issuedTokens);
      assertAbsent(stdout, secrets, "the child's stdout");
      assertAbsent(stderr, secrets, "the child's stderr");
      assertAbsent(await env.admin.journalText(), secrets, 'the server journal');
      assertAbsent(logLines.join('\n'), secrets, 'the server log');
      // The output really holds the errors it was searched in.
      assert.match(stdout, /ApiError/);
      assert.match(stdout, /mayHaveStarted: true/);
    },
  );

  test('a token signed by another server instance is refused, and not echoed', async () => {
    const other = await startLocalServer({ converter: 'fake', clientId, clientSecret: secret });
    try {
      const foreign = other.token;
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
