// SPDX-License-Identifier: MIT
// The POST rule (src/core/policy.h, docs/reliability.md), branch by branch, counted in the server's
// journal: a request that starts a conversion is sent again only when the server cannot have acted on it
// (the connection was never made; 429 or 503), and otherwise rejects with `mayHaveStarted: true`.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { createServer, connect } from 'node:net';
import { ConversionClient } from 'groupdocs-conversion-wasm';
import { closedPort } from '../support/client-env.js';
import { useClient } from '../support/local-server.js';
import { describeJournal, sent, settle } from '../support/reliability.js';
import { waitFor } from '../support/wait-for.js';

const START = /^\/v2\.0\/conversion\/async$/;
const SETTINGS = { filePath: 'post/doc.docx', format: 'pdf', outputPath: 'post/out' };
const QUICK = { retry: { baseDelayMs: 20, maxDelayMs: 50 } };

/** Resolves when a connection to 127.0.0.1:`port` from this process is refused (nothing listens there). */
function connectionRefused(port) {
  return new Promise((resolve) => {
    const onSocket = ({ socket }) =>
      socket.once('error', (err) => {
        if (err.code !== 'ECONNREFUSED' || err.port !== port) return;
        unsubscribe('net.client.socket', onSocket);
        resolve();
      });
    subscribe('net.client.socket', onSocket);
  });
}

describe('the POST rule: starting a conversion is replayed only when it cannot have started', () => {
  const env = useClient({ converter: 'fake', faults: true, client: QUICK });

  before(async () => {
    await env.client.uploadFile('post/doc.docx', new TextEncoder().encode('FAKEDOC pages=1 post'));
  });

  /** Runs `fn` with `rule` in place; returns its outcome and the POSTs the server saw. */
  async function withFault(rule, fn) {
    await env.admin.clearFaults();
    const since = await env.admin.mark();
    if (rule) await env.admin.fault(rule);
    const outcome = await settle(fn());
    await env.admin.clearFaults();
    const journal = await env.admin.journal(since);
    return { outcome, journal, posts: sent(journal, 'POST', START).length };
  }

  for (const status of [429, 503]) {
    test(`${status} with Retry-After: the server refused it before any work, so it is sent again`, async () => {
      const rule = { method: 'POST', path: '/v2.0/conversion/async', status, retryAfter: 1 };
      const { outcome, journal, posts } = await withFault(rule, () => env.client.startConvertAndSave(SETTINGS));
      assert.ok(outcome.ok, outcome.error?.message);
      assert.match(outcome.value, /^[0-9a-f-]{36}$/);
      assert.equal(posts, 2, describeJournal(journal));
      // The wait before it is the server's 1 s, not the 20–50 ms backoff: a retry deadline of half a second
      // cannot fit it, so the server's answer comes at once (the core's fake-clock tests time the wait).
      const capped = await withFault(rule, () =>
        env.client.startConvertAndSave(SETTINGS, { retry: { deadlineMs: 500 } }),
      );
      assert.equal(capped.outcome.error?.status, status);
      assert.equal(capped.outcome.error.mayHaveStarted, false);
      assert.equal(capped.posts, 1, describeJournal(capped.journal));
    });
  }

  for (const status of [500, 502, 504, 408]) {
    test(`${status}: it may have started, so it is not sent again`, async () => {
      const { outcome, journal, posts } = await withFault(
        { method: 'POST', path: '/v2.0/conversion/async', status },
        () => env.client.startConvertAndSave(SETTINGS),
      );
      assert.equal(outcome.error?.code, 'http_error');
      assert.equal(outcome.error.status, status);
      assert.equal(outcome.error.mayHaveStarted, true);
      assert.equal(outcome.error.retryable, false);
      assert.match(outcome.error.message, /may have started/);
      assert.equal(posts, 1, describeJournal(journal));
    });
  }

  test('a timeout: it may have started, so it is not sent again', async () => {
    const since = await env.admin.mark();
    const { outcome } = await withFault({ method: 'POST', path: '/v2.0/conversion/async', delayMs: 600_000 }, () =>
      env.client.startConvertAndSave(SETTINGS, { requestTimeoutMs: 300 }),
    );
    assert.equal(outcome.error?.code, 'timeout');
    assert.equal(outcome.error.mayHaveStarted, true);
    assert.equal(outcome.error.retryable, false);
    // The server held the request until the client gave up on it and hung up: the answer was not awaited.
    const journal = await waitFor(async () => {
      const entries = await env.admin.journal(since);
      return sent(entries, 'POST', START).length > 0 && entries;
    }, 'the timed-out POST in the journal');
    const posts = sent(journal, 'POST', START);
    assert.deepEqual(
      posts.map((e) => e.status),
      [null],
      describeJournal(journal),
    );
  });

  test('a connection dropped before the server read the request: the client cannot tell, so it is not sent again', async () => {
    const { outcome, journal, posts } = await withFault(
      { method: 'POST', path: '/v2.0/conversion/async', action: 'drop', dropAt: 'request' },
      () => env.client.startConvertAndSave(SETTINGS),
    );
    assert.equal(outcome.error?.code, 'network');
    assert.equal(outcome.error.mayHaveStarted, true);
    assert.equal(posts, 1, describeJournal(journal));
  });

  test('a 400-class refusal is neither sent again nor in doubt', async () => {
    const { outcome, posts } = await withFault(null, () =>
      env.client.startConvertAndSave({ ...SETTINGS, filePath: 'post/missing.docx' }),
    );
    assert.equal(outcome.error?.code, 'not_found');
    assert.equal(outcome.error.mayHaveStarted, false);
    assert.equal(posts, 1);
  });

  test('startConvert (the multipart PUT that starts a conversion) follows the same rule', async () => {
    const doc = new TextEncoder().encode('FAKEDOC pages=1 direct');
    const refused = await withFault({ method: 'PUT', path: '/v2.0/conversion/async', status: 503 }, () =>
      env.client.startConvert(doc, { format: 'pdf', fileName: 'doc.docx' }),
    );
    assert.ok(refused.outcome.ok, refused.outcome.error?.message);
    assert.equal(sent(refused.journal, 'PUT', START).length, 2);
    const failed = await withFault({ method: 'PUT', path: '/v2.0/conversion/async', status: 502 }, () =>
      env.client.startConvert(doc, { format: 'pdf', fileName: 'doc.docx' }),
    );
    assert.equal(failed.outcome.error?.mayHaveStarted, true);
    assert.equal(sent(failed.journal, 'PUT', START).length, 1);
  });

  test('connection refused (never sent): sent again until the server is there; it saw one POST', async () => {
    // The client talks to a port nothing listens on; once it has been refused there, a TCP relay to the
    // server opens on that port.
    const port = await closedPort();
    const relay = createServer((socket) => {
      const upstream = connect(env.server.port, '127.0.0.1');
      socket.pipe(upstream).pipe(socket);
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
    });
    const viaRelay = await ConversionClient.create({
      baseUrl: `http://127.0.0.1:${port}`,
      accessToken: () => env.token,
      retry: { maxAttempts: 11, baseDelayMs: 200, maxDelayMs: 200 },
    });
    try {
      const since = await env.admin.mark();
      const refused = connectionRefused(port);
      const pending = settle(viaRelay.startConvertAndSave(SETTINGS));
      await refused;
      await new Promise((resolve) => relay.listen(port, '127.0.0.1', resolve));
      const outcome = await pending;
      assert.ok(outcome.ok, outcome.error?.message);
      const journal = await env.admin.journal(since);
      assert.equal(sent(journal, 'POST', START).length, 1, describeJournal(journal));
    } finally {
      viaRelay.close();
      relay.close();
    }
  });

  test('connection refused until the attempts run out: network, retryable, not in doubt', async () => {
    const port = await closedPort();
    const offline = await ConversionClient.create({
      baseUrl: `http://127.0.0.1:${port}`,
      accessToken: 'a-token-that-is-never-sent',
      retry: { maxAttempts: 3, baseDelayMs: 10 },
    });
    try {
      const outcome = await settle(offline.startConvertAndSave(SETTINGS));
      assert.equal(outcome.error?.code, 'network');
      assert.equal(outcome.error.retryable, true);
      assert.equal(outcome.error.mayHaveStarted, false);
      assert.match(outcome.error.message, /could not connect \(ECONNREFUSED/);
    } finally {
      offline.close();
    }
  });
});
