// SPDX-License-Identifier: MIT
// Authentication: client credentials, and the token-provider mode for browsers, where the page never holds
// the client secret: `accessToken` is a fixed token or a function that fetches one from the app's backend.
// Through the real wasm module and the local server.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { ApiError, ConversionClient } from 'groupdocs-conversion-wasm';
import { fixturePath } from '../support/fixtures.js';
import { CONVERSION_TIMEOUT_MS, DEV_CREDENTIALS, readPdf } from '../support/client-env.js';
import { useLocalServer } from '../support/local-server.js';

describe('ConversionClient authentication', () => {
  const env = useLocalServer();
  let docx;

  /** What an app's backend does for its page: trade the client credentials for a token. */
  async function backendToken() {
    const response = await fetch(`${env.url}/connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: DEV_CREDENTIALS.clientId,
        client_secret: DEV_CREDENTIALS.clientSecret,
      }),
    });
    assert.equal(response.status, 200);
    return (await response.json()).access_token;
  }

  before(async () => {
    docx = await readFile(await fixturePath('one-page.docx'));
  });

  test('client credentials', async () => {
    const client = await ConversionClient.create({ baseUrl: env.url, ...DEV_CREDENTIALS });
    try {
      await client.uploadFile('auth/credentials.bin', new Uint8Array([1, 2, 3]));
      assert.deepEqual([...(await client.downloadFile('auth/credentials.bin'))], [1, 2, 3]);
    } finally {
      client.close();
    }
  });

  test('accessToken as an async function: called once, its JWT reused until it expires', async () => {
    let calls = 0;
    const client = await ConversionClient.create({
      baseUrl: env.url,
      accessToken: async () => {
        calls += 1;
        return backendToken();
      },
    });
    try {
      const { files } = await client.convert(docx, {
        fileName: 'token.docx',
        format: 'pdf',
        keepFiles: true,
        timeoutMs: CONVERSION_TIMEOUT_MS,
      });
      assert.equal((await readPdf(files[0].bytes)).pages, 1);
      await client.downloadFile(files[0].path);
      await Promise.all([1, 2, 3].map((n) => client.uploadFile(`auth/parallel-${n}.bin`, new Uint8Array([n]))));
      assert.equal(calls, 1);
    } finally {
      client.close();
    }
  });

  test('accessToken as a synchronous function and as a string', async () => {
    const token = await backendToken();
    for (const accessToken of [() => token, token]) {
      const client = await ConversionClient.create({ baseUrl: env.url, accessToken });
      try {
        await client.uploadFile('auth/fixed.bin', new Uint8Array([9]));
        assert.deepEqual([...(await client.downloadFile('auth/fixed.bin'))], [9]);
      } finally {
        client.close();
      }
    }
  });

  test('a failing token function: auth_failed, with its error as the cause', async () => {
    const failure = new Error('backend said no');
    const client = await ConversionClient.create({
      baseUrl: env.url,
      accessToken: async () => {
        throw failure;
      },
    });
    try {
      await assert.rejects(client.downloadFile('auth/x.bin'), (err) => {
        assert.ok(err instanceof ApiError);
        assert.equal(err.code, 'auth_failed');
        assert.match(err.message, /backend said no/);
        assert.equal(err.cause, failure);
        return true;
      });
    } finally {
      client.close();
    }
  });

  test('a token function returning nothing usable: auth_failed', async () => {
    for (const value of ['', undefined, 42]) {
      const client = await ConversionClient.create({ baseUrl: env.url, accessToken: () => value });
      try {
        await assert.rejects(client.downloadFile('auth/x.bin'), { name: 'ApiError', code: 'auth_failed' });
      } finally {
        client.close();
      }
    }
  });

  test('the token function is asked again after a failure', async () => {
    let calls = 0;
    const client = await ConversionClient.create({
      baseUrl: env.url,
      accessToken: async () => {
        calls += 1;
        if (calls === 1) throw new Error('first try fails');
        return backendToken();
      },
    });
    try {
      await assert.rejects(client.downloadFile('auth/retry.bin'), { code: 'auth_failed' });
      await client.uploadFile('auth/retry.bin', new Uint8Array([7]));
      assert.deepEqual([...(await client.downloadFile('auth/retry.bin'))], [7]);
      assert.equal(calls, 2);
    } finally {
      client.close();
    }
  });
});
