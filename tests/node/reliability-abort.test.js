// SPDX-License-Identifier: MIT
// Cancellation leaves nothing alive: a script that aborts a call in each state it can be in (a request in
// flight, a retry backoff, the token fetch, the poll wait) gets `aborted`, and then exits by itself — no
// process.exit, no close(). The server holds the request in question (or asks for a ten-minute backoff, or
// never finishes the operation), so a socket or timer the abort left alive would keep the script running
// far past the test's timeout; and the journal shows the call cut short, not waited out.

import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { ConversionClient } from 'groupdocs-conversion-wasm';
import { startScript } from '../support/child.js';
import { useLocalServer } from '../support/local-server.js';
import { describeJournal, sent } from '../support/reliability.js';
import { waitFor } from '../support/wait-for.js';

const CHILD = fileURLToPath(new URL('../support/abort-child.mjs', import.meta.url));
const FILE = /^\/v2\.0\/conversion\/storage\/file\//;
const TOKEN = /^\/connect\/token$/;
/** Far longer than a script needs to start, abort and end, even on a loaded machine. */
const EXITS = { timeout: 60_000 };

describe('aborting leaves nothing alive: the process exits by itself', () => {
  let release = () => {};
  after(() => release()); // before the server closes (after hooks run in the order they were added)
  const env = useLocalServer({ converter: 'fake', faults: true });

  /**
   * Runs the script with `scriptEnv`; once `inState(since)` resolves (the server sees the call where the
   * test wants it), tells it to abort. Resolves, once the script has ended, with the journal mark of its start.
   */
  async function abortWhen(t, scriptEnv, inState) {
    const since = await env.admin.mark();
    const { child, done } = startScript(CHILD, { env: { BASE_URL: env.url, ...scriptEnv }, signal: t.signal });
    await inState(since);
    child.kill('SIGUSR2');
    const { code, stderr, report } = await done;
    assert.equal(code, 0, stderr);
    assert.deepEqual(report, { code: 'aborted', name: 'ApiError' });
    return since;
  }

  /** The requests of `method` to `path` were given up by the client: journaled, never answered. */
  async function assertHungUp(since, method, path) {
    const journal = await waitFor(async () => {
      const entries = await env.admin.journal(since);
      return sent(entries, method, path).length > 0 && entries;
    }, `${method} ${path} in the journal`);
    assert.deepEqual(
      sent(journal, method, path).map((e) => e.status),
      [null],
      describeJournal(journal),
    );
  }

  for (const [what, rule, path] of [
    [
      'a request in flight (the upload, held by the server)',
      { method: 'PUT', path: '/v2.0/conversion/storage/file/' },
      FILE,
    ],
    ['the token fetch (held by the server)', { method: 'POST', path: '/connect/token' }, TOKEN],
  ]) {
    test(what, EXITS, async (t) => {
      await env.admin.clearFaults();
      await env.admin.fault({ ...rule, delayMs: 600_000 });
      const since = await abortWhen(t, { CALL: 'convert' }, () => env.admin.untilDelayed(1));
      await assertHungUp(since, rule.method, path);
    });
  }

  test('a retry backoff (503 with Retry-After: 600)', EXITS, async (t) => {
    await env.admin.clearFaults();
    await env.admin.fault({ method: 'PUT', path: '/v2.0/conversion/storage/file/', status: 503, retryAfter: 600 });
    const since = await abortWhen(t, { CALL: 'convert' }, (mark) =>
      waitFor(async () => sent(await env.admin.journal(mark), 'PUT', FILE).length > 0, 'the 503 on the upload'),
    );
    const journal = await env.admin.journal(since);
    assert.deepEqual(
      sent(journal, 'PUT', FILE).map((e) => e.status),
      [503],
      'the upload was not sent again',
    );
  });

  test('the wait for an operation that never finishes (polls and their timers)', EXITS, async (t) => {
    await env.admin.clearFaults();
    env.fake.gate = new Promise((resolve) => {
      release = resolve;
    }); // the conversion waits until after()
    const setup = await ConversionClient.create({ baseUrl: env.url, accessToken: env.token });
    await setup.uploadFile('abort/doc.docx', new TextEncoder().encode('FAKEDOC pages=1'));
    const id = await setup.startConvertAndSave({ filePath: 'abort/doc.docx', format: 'pdf', outputPath: 'abort/out' });
    setup.close();
    const POLL = /^\/v2\.0\/conversion\/async$/;
    await abortWhen(t, { CALL: 'waitForOperation', OPERATION_ID: id, ACCESS_TOKEN: env.token }, (mark) =>
      waitFor(async () => sent(await env.admin.journal(mark), 'GET', POLL).length > 0, 'the first status poll'),
    );
  });
});
