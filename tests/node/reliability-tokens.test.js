// SPDX-License-Identifier: MIT
// Token lifecycle through the wasm client (issue "Reliability", item 2), counted in the server's journal:
// a token is refreshed before its `exp` (a skew of a quarter of its lifetime, at most a minute), so no call
// meets a 401 for an expired token; concurrent callers share one fetch; a 401 costs one re-authentication
// shared by every call that got it, and one replay each. (The fault matrix covers expiry mid-flow and a
// token function asked again after a 401.)

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConversionClient } from 'groupdocs-conversion-wasm';
import { DEV_CREDENTIALS } from '../support/client-env.js';
import { useClient } from '../support/local-server.js';
import { describeJournal, sent } from '../support/reliability.js';
import { waitFor } from '../support/wait-for.js';

const TOKEN = /^\/connect\/token$/;
const LIST = /^\/v2\.0\/conversion\/storage\/folder\//;

describe('token lifecycle', () => {
  const env = useClient({ converter: 'fake', faults: true, tokenLifetimeSeconds: 4 });

  test('a token is replaced before it expires: calls across its lifetime never meet a 401', async () => {
    const since = await env.admin.mark();
    // Calls one after another until the client has fetched a second token (due 3 s into the 4 s lifetime,
    // a quarter before exp), then one more with it.
    let calls = 0;
    const call = async () => {
      await env.client.getFilesList('');
      calls += 1;
    };
    await waitFor(
      async () => {
        await call();
        return sent(await env.admin.journal(since), 'POST', TOKEN).length >= 2;
      },
      'the client to fetch a second token',
      { everyMs: 100 },
    );
    await call();
    const journal = await env.admin.journal(since);
    assert.equal(journal.filter((e) => e.status === 401).length, 0, describeJournal(journal));
    assert.equal(sent(journal, 'POST', TOKEN).length, 2, describeJournal(journal));
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
    await env.client.getFilesList(''); // a cached, valid token
    // The server holds the 12 listings (with the old token) until the tokens are revoked, then answers them.
    await env.admin.fault({ method: 'GET', path: '/v2.0/conversion/storage/folder/', delayMs: 600_000, times: 12 });
    const since = await env.admin.mark();
    const calls = Promise.all(Array.from({ length: 12 }, () => env.client.getFilesList('')));
    await env.admin.untilDelayed(12);
    await env.admin.expireTokens();
    await env.admin.release();
    await calls;
    const journal = await env.admin.journal(since);
    assert.equal(journal.filter((e) => e.status === 401).length, 12, describeJournal(journal));
    assert.equal(sent(journal, 'POST', TOKEN).length, 1, describeJournal(journal));
    assert.equal(sent(journal, 'GET', LIST).length, 24);
  });
});
