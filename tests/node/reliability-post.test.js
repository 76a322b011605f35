// SPDX-License-Identifier: MIT
// The POST rule (src/core/policy.h, docs/reliability.md), branch by branch, counted in the server's
// journal: a request that starts a conversion is sent again only when the server cannot have acted on it
// (the connection was never made; 429 or 503), and otherwise rejects with `mayHaveStarted: true`.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, connect } from 'node:net';
import { ConversionClient } from 'groupdocs-conversion-wasm';
import { DEV_CREDENTIALS, closedPort } from '../support/client-env.js';
import { getToken } from '../support/server.js';
import { describeJournal, sent, settle, startFaultServer } from '../support/reliability.js';

const START = /^\/v2\.0\/conversion\/async$/;
const SETTINGS = { filePath: 'post/doc.docx', format: 'pdf', outputPath: 'post/out' };
const QUICK = { retry: { baseDelayMs: 20, maxDelayMs: 50 } };

describe('the POST rule: starting a conversion is replayed only when it cannot have started', () => {
  let env;
  let client;

  before(async () => {
    env = await startFaultServer();
    client = await ConversionClient.create({ baseUrl: env.url, ...DEV_CREDENTIALS, ...QUICK });
    await client.uploadFile('post/doc.docx', new TextEncoder().encode('FAKEDOC pages=1 post'));
  });

  after(async () => {
    client?.close();
    await env?.close();
  });

  /** Runs `fn` with `rule` in place; returns its outcome and the POSTs the server saw. */
  async function withFault(rule, fn) {
    await env.admin.clearFaults();
    const since = await env.admin.mark();
    if (rule) await env.admin.fault(rule);
    const outcome = await settle(fn());
    await new Promise((resolve) => setTimeout(resolve, 100)); // aborted requests are journaled on close
    await env.admin.clearFaults();
    const journal = await env.admin.journal(since);
    return { outcome, journal, posts: sent(journal, 'POST', START).length };
  }

  for (const status of [429, 503]) {
    test(`${status} with Retry-After: the server refused it before any work, so it is sent again`, async () => {
      const { outcome, journal, posts } = await withFault(
        { method: 'POST', path: '/v2.0/conversion/async', status, retryAfter: 1 }, () => client.startConvertAndSave(SETTINGS));
      assert.ok(outcome.ok, outcome.error?.message);
      assert.match(outcome.value, /^[0-9a-f-]{36}$/);
      assert.ok(outcome.ms >= 950, `waited ${outcome.ms} ms`);
      assert.equal(posts, 2, describeJournal(journal));
    });
  }

  for (const status of [500, 502, 504, 408]) {
    test(`${status}: it may have started, so it is not sent again`, async () => {
      const { outcome, journal, posts } = await withFault(
        { method: 'POST', path: '/v2.0/conversion/async', status }, () => client.startConvertAndSave(SETTINGS));
      assert.equal(outcome.error?.code, 'http_error');
      assert.equal(outcome.error.status, status);
      assert.equal(outcome.error.mayHaveStarted, true);
      assert.equal(outcome.error.retryable, false);
      assert.match(outcome.error.message, /may have started/);
      assert.equal(posts, 1, describeJournal(journal));
    });
  }

  test('a timeout: it may have started, so it is not sent again', async () => {
    const { outcome, journal, posts } = await withFault(
      { method: 'POST', path: '/v2.0/conversion/async', delayMs: 1500 },
      () => client.startConvertAndSave(SETTINGS, { requestTimeoutMs: 300 }));
    assert.equal(outcome.error?.code, 'timeout');
    assert.equal(outcome.error.mayHaveStarted, true);
    assert.equal(outcome.error.retryable, false);
    assert.ok(outcome.ms < 1000, `took ${outcome.ms} ms`);
    assert.equal(posts, 1, describeJournal(journal));
  });

  test('a connection dropped before the server read the request: the client cannot tell, so it is not sent again', async () => {
    const { outcome, journal, posts } = await withFault(
      { method: 'POST', path: '/v2.0/conversion/async', action: 'drop', dropAt: 'request' },
      () => client.startConvertAndSave(SETTINGS));
    assert.equal(outcome.error?.code, 'network');
    assert.equal(outcome.error.mayHaveStarted, true);
    assert.equal(posts, 1, describeJournal(journal));
  });

  test('a 400-class refusal is neither sent again nor in doubt', async () => {
    const { outcome, posts } = await withFault(null,
      () => client.startConvertAndSave({ ...SETTINGS, filePath: 'post/missing.docx' }));
    assert.equal(outcome.error?.code, 'not_found');
    assert.equal(outcome.error.mayHaveStarted, false);
    assert.equal(posts, 1);
  });

  test('startConvert (the multipart PUT that starts a conversion) follows the same rule', async () => {
    const doc = new TextEncoder().encode('FAKEDOC pages=1 direct');
    const refused = await withFault({ method: 'PUT', path: '/v2.0/conversion/async', status: 503 },
      () => client.startConvert(doc, { format: 'pdf', fileName: 'doc.docx' }));
    assert.ok(refused.outcome.ok, refused.outcome.error?.message);
    assert.equal(sent(refused.journal, 'PUT', START).length, 2);
    const failed = await withFault({ method: 'PUT', path: '/v2.0/conversion/async', status: 502 },
      () => client.startConvert(doc, { format: 'pdf', fileName: 'doc.docx' }));
    assert.equal(failed.outcome.error?.mayHaveStarted, true);
    assert.equal(sent(failed.journal, 'PUT', START).length, 1);
  });

  test('connection refused (never sent): sent again until the server is there; it saw one POST', async () => {
    // The client talks to a port nothing listens on; 150 ms later a TCP relay to the server opens there.
    const port = await closedPort();
    const relay = createServer((socket) => {
      const upstream = connect(env.server.port, '127.0.0.1');
      socket.pipe(upstream).pipe(socket);
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
    });
    const token = await getToken(env.url);
    const viaRelay = await ConversionClient.create({
      baseUrl: `http://127.0.0.1:${port}`, accessToken: () => token, retry: { maxAttempts: 11, baseDelayMs: 200, maxDelayMs: 200 },
    });
    try {
      const since = await env.admin.mark();
      const opening = new Promise((resolve) => setTimeout(() => relay.listen(port, '127.0.0.1', resolve), 150));
      const outcome = await settle(viaRelay.startConvertAndSave(SETTINGS));
      await opening;
      assert.ok(outcome.ok, outcome.error?.message);
      assert.ok(outcome.ms >= 150, `resolved after ${outcome.ms} ms, before the relay was there`);
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
      baseUrl: `http://127.0.0.1:${port}`, accessToken: 'a-token-that-is-never-sent', retry: { maxAttempts: 3, baseDelayMs: 10 },
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
