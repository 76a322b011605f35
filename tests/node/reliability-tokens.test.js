// SPDX-License-Identifier: MIT
// Token lifecycle through the wasm client (issue "Reliability", item 2), counted in the server's journal:
// a token is refreshed before its `exp` (a skew of a quarter of its lifetime, at most a minute), so no call
// meets a 401 for an expired token; concurrent callers share one fetch; a 401 costs one re-authentication
// shared by every call that got it, and one replay each. (The fault matrix covers expiry mid-flow and a
// token function asked again after a 401.)

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConversionClient } from 'groupdocs-conversion-wasm';
import { DEV_CREDENTIALS } from '../support/client-env.js';
import { describeJournal, sent, startFaultServer } from '../support/reliability.js';

const TOKEN = /^\/connect\/token$/;
const LIST = /^\/v2\.0\/conversion\/storage\/folder\//;
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

describe('token lifecycle', () => {
  let env;
  let client;

  before(async () => {
    env = await startFaultServer({ tokenLifetimeSeconds: 4 });
    client = await ConversionClient.create({ baseUrl: env.url, ...DEV_CREDENTIALS });
  });
  after(async () => {
    client?.close();
    await env?.close();
  });

  test('a token is replaced before it expires: calls across its lifetime never meet a 401', async () => {
    const since = await env.admin.mark();
    const deadline = Date.now() + 5500; // longer than the 4 s lifetime (refreshed 1 s early)
    let calls = 0;
    while (Date.now() < deadline) {
      await client.getFilesList('');
      calls += 1;
      await pause(150);
    }
    const journal = await env.admin.journal(since);
    assert.equal(journal.filter((e) => e.status === 401).length, 0, describeJournal(journal));
    assert.ok(sent(journal, 'POST', TOKEN).length >= 2, `one token for ${calls} calls over 5.5 s`);
    assert.equal(sent(journal, 'GET', LIST).length, calls);
  });

  test('concurrent callers share one token fetch', async () => {
    const fresh = await ConversionClient.create({ baseUrl: env.url, ...DEV_CREDENTIALS });
    try {
      const since = await env.admin.mark();
      await Promise.all(Array.from({ length: 12 }, () => fresh.getFilesList('')));
      const journal = await env.admin.journal(since);
      assert.equal(sent(journal, 'POST', TOKEN).length, 1, describeJournal(journal));
    } finally {
      fresh.close();
    }
  });

  test('tokens revoked under 12 calls in flight: one shared re-authentication, one replay each', async () => {
    await client.getFilesList(''); // a cached, valid token
    await env.admin.fault({ method: 'GET', path: '/v2.0/conversion/storage/folder/', delayMs: 300, times: 12 });
    const since = await env.admin.mark();
    const calls = Promise.all(Array.from({ length: 12 }, () => client.getFilesList('')));
    await pause(100); // all 12 are now held by the server with the old token
    await env.admin.expireTokens();
    await calls;
    const journal = await env.admin.journal(since);
    assert.equal(journal.filter((e) => e.status === 401).length, 12, describeJournal(journal));
    assert.equal(sent(journal, 'POST', TOKEN).length, 1, describeJournal(journal));
    assert.equal(sent(journal, 'GET', LIST).length, 24);
  });
});
