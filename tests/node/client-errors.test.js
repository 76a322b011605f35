// SPDX-License-Identifier: MIT
// Every failure is an ApiError with a code, the HTTP status, the API's code and a readable message, and
// never carries a client secret or a token. Through the real wasm module and the local server.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { inspect } from 'node:util';
import { ApiError, ConversionClient } from 'groupdocs-conversion-wasm';
import { fixtureBytes, fixturePath } from '../support/fixtures.js';
import { CONVERSION_TIMEOUT_MS, DEV_CREDENTIALS, assertNoSecrets, closedPort, readPdf } from '../support/client-env.js';
import { useClient } from '../support/local-server.js';

/** assert.rejects validator: an ApiError with `code`, plus any further checks. */
function apiError(code, check = () => {}) {
  return (err) => {
    assert.ok(err instanceof ApiError, `not an ApiError: ${inspect(err)}`);
    assert.ok(err instanceof Error);
    assert.equal(err.name, 'ApiError');
    assert.equal(err.code, code, `code ${err.code}: ${err.message}`);
    assert.equal(typeof err.message, 'string');
    assert.ok(err.message.length > 0);
    assert.equal(typeof err.status, 'number');
    assert.equal(typeof err.apiCode, 'string');
    assert.equal(typeof err.requestId, 'string');
    assert.equal(typeof err.retryable, 'boolean');
    check(err);
    return true;
  };
}

const docx = await fixtureBytes('one-page.docx');

describe('ConversionClient errors', () => {
  const env = useClient();

  test("wrong credentials: auth_failed with the server's code, and the secret appears nowhere", async () => {
    const secret = `wrong-secret-${randomBytes(8).toString('hex')}`;
    const bad = await ConversionClient.create({ baseUrl: env.url, clientId: 'local-dev-client', clientSecret: secret });
    try {
      let caught;
      await assert.rejects(
        bad.convert(docx, { fileName: 'a.docx', format: 'pdf' }),
        apiError('auth_failed', (err) => {
          assert.ok(err.status === 400 || err.status === 401, `status ${err.status}`);
          assert.equal(err.apiCode, 'invalid_client');
          assert.equal(err.retryable, false);
          caught = err;
        }),
      );
      await assertNoSecrets(assert, caught, [secret]);
      // Every method fails the same way, and never shows the secret.
      for (const call of [
        () => bad.uploadFile('x/a.docx', docx),
        () => bad.getOperationStatus('00000000-0000-0000-0000-000000000000'),
        () => bad.downloadFile('x/a.docx'),
      ]) {
        let failure;
        await assert.rejects(
          call(),
          apiError('auth_failed', (err) => {
            failure = err;
          }),
        );
        await assertNoSecrets(assert, failure, [secret]);
      }
      assert.ok(!inspect(bad, { showHidden: true, depth: 10 }).includes(secret));
    } finally {
      bad.close();
    }
  });

  test('an unknown client id is auth_failed too', async () => {
    const bad = await ConversionClient.create({ baseUrl: env.url, clientId: 'nobody', clientSecret: 'nothing' });
    try {
      await assert.rejects(
        bad.downloadFile('x'),
        apiError('auth_failed', (err) => {
          assert.equal(err.apiCode, 'invalid_client');
          assert.doesNotMatch(err.message, /nothing/);
        }),
      );
    } finally {
      bad.close();
    }
  });

  test('a token the server refuses: auth_failed, and the token appears nowhere', async () => {
    const token = `opaque-${randomBytes(12).toString('hex')}`;
    const bad = await ConversionClient.create({ baseUrl: env.url, accessToken: token });
    try {
      let caught;
      await assert.rejects(
        bad.downloadFile('x/y.docx'),
        apiError('auth_failed', (err) => {
          assert.equal(err.status, 401);
          caught = err;
        }),
      );
      await assertNoSecrets(assert, caught, [token]);
    } finally {
      bad.close();
    }
  });

  test("a missing file: not_found with the server's message", async () => {
    await assert.rejects(
      env.client.downloadFile('some-folder/NotExist.docx'),
      apiError('not_found', (err) => {
        assert.equal(err.status, 404);
        assert.match(err.message, /specified key does not exist/i);
        assert.equal(err.retryable, false);
      }),
    );
  });

  test('converting a missing storage file fails as not_found or operation_failed, naming the problem', async () => {
    const settings = { filePath: 'nowhere/missing.docx', format: 'pdf', outputPath: 'nowhere/out' };
    let error;
    try {
      const id = await env.client.startConvertAndSave(settings);
      await env.client.waitForOperation(id, { timeoutMs: CONVERSION_TIMEOUT_MS });
    } catch (err) {
      error = err;
    }
    assert.ok(error instanceof ApiError, 'it failed');
    assert.ok(['not_found', 'operation_failed'].includes(error.code), error.code);
    assert.match(error.message, /does not exist|not found/i);
  });

  test('an unknown operation id: not_found', async () => {
    await assert.rejects(
      env.client.getOperationStatus('00000000-0000-4000-8000-000000000000'),
      apiError('not_found', (err) => {
        assert.equal(err.status, 404);
      }),
    );
  });

  test("an unsupported target format: invalid_argument or http_error with the server's message", async () => {
    await env.client.uploadFile('formats/one-page.docx', docx);
    for (const run of [
      () => env.client.startConvertAndSave({ filePath: 'formats/one-page.docx', format: 'xyz' }),
      () => env.client.convert(docx, { fileName: 'one-page.docx', format: 'xyz' }),
    ]) {
      await assert.rejects(run(), (err) => {
        assert.ok(err instanceof ApiError);
        assert.ok(['invalid_argument', 'http_error'].includes(err.code), err.code);
        assert.match(err.message, /xyz/);
        if (err.code === 'http_error') {
          assert.equal(err.status, 400);
          assert.match(err.message, /not supported/i);
          assert.equal(err.apiCode, 'UnsupportedFormat');
        }
        return true;
      });
    }
  });

  test("a document the converter cannot read: operation_failed with the server's text", async () => {
    // A real .docx cut in half: its zip has no central directory, so no office filter can open it, every time
    // (random bytes after a zip header sometimes opened as text and converted).
    const whole = await fixtureBytes('four-pages.docx');
    const truncated = whole.subarray(0, Math.floor(whole.length / 2));
    const garbage = new TextEncoder().encode('this is not a word document at all, just text pretending');
    let error;
    for (const bytes of [truncated, garbage]) {
      try {
        await env.client.convert(bytes, { fileName: 'broken.docx', format: 'pdf', timeoutMs: CONVERSION_TIMEOUT_MS });
      } catch (err) {
        error = err;
        break;
      }
    }
    assert.ok(error, 'a broken document did not convert');
    apiError('operation_failed', (err) => {
      assert.equal(err.apiCode, 'Failed');
      assert.ok(err.message.length > 10, err.message);
    })(error);
  });

  test('a wrong password: operation_failed naming the password problem; the right one converts', async () => {
    const locked = await readFile(await fixturePath('password-protected.docx'));
    await assert.rejects(
      env.client.convert(locked, {
        fileName: 'locked.docx',
        format: 'pdf',
        loadOptions: { password: 'wrong' },
        timeoutMs: CONVERSION_TIMEOUT_MS,
      }),
      apiError('operation_failed', (err) => assert.match(err.message, /password/i)),
    );
    await assert.rejects(
      env.client.convert(locked, { fileName: 'locked.docx', format: 'pdf', timeoutMs: CONVERSION_TIMEOUT_MS }),
      apiError('operation_failed', (err) => assert.match(err.message, /password/i)),
    );
    const { files } = await env.client.convert(locked, {
      fileName: 'locked.docx',
      format: 'pdf',
      loadOptions: { password: 'password' },
      timeoutMs: CONVERSION_TIMEOUT_MS,
    });
    assert.match((await readPdf(files[0].bytes)).text, /Xylophone/);
  });

  test('no server listening: network, status 0, retryable', async () => {
    const port = await closedPort();
    const offline = await ConversionClient.create({
      baseUrl: `http://127.0.0.1:${port}`,
      ...DEV_CREDENTIALS,
      maxRetries: 0,
    });
    try {
      await assert.rejects(
        offline.downloadFile('x'),
        apiError('network', (err) => {
          assert.equal(err.status, 0);
          assert.equal(err.retryable, true);
        }),
      );
    } finally {
      offline.close();
    }
  });

  test('waitForOperation({ timeoutMs }): timeout', async () => {
    await env.client.uploadFile('timeout/one-page.docx', docx);
    const id = await env.client.startConvertAndSave({ filePath: 'timeout/one-page.docx', format: 'pdf' });
    await assert.rejects(env.client.waitForOperation(id, { timeoutMs: 20 }), apiError('timeout'));
    assert.equal((await env.client.waitForOperation(id, { timeoutMs: CONVERSION_TIMEOUT_MS })).status, 'Finished');
  });

  test('AbortSignal: an aborted signal rejects at once; aborting mid-flight rejects with aborted and its reason', async () => {
    await assert.rejects(env.client.downloadFile('x', { signal: AbortSignal.abort() }), apiError('aborted'));

    const controller = new AbortController();
    const reason = new Error('user pressed cancel');
    const stages = [];
    await assert.rejects(
      env.client.convert(docx, {
        fileName: 'cancel.docx',
        format: 'pdf',
        signal: controller.signal,
        onProgress: (e) => {
          if (e.type === 'stage') stages.push(e.stage);
          if (e.type === 'stage' && e.stage === 'convert') controller.abort(reason);
        },
      }),
      apiError('aborted', (err) => assert.equal(err.cause, reason)),
    );
    assert.ok(stages.includes('convert'));
    assert.ok(!stages.includes('download'), 'the flow stopped');

    const wait = new AbortController();
    await env.client.uploadFile('abort/one-page.docx', docx);
    const id = await env.client.startConvertAndSave({ filePath: 'abort/one-page.docx', format: 'pdf' });
    // Aborted from the first status it reports: mid-wait, whatever the machine's speed.
    await assert.rejects(
      env.client.waitForOperation(id, { signal: wait.signal, onStatus: () => wait.abort() }),
      apiError('aborted'),
    );
  });

  test('AbortSignal.timeout(): timeout', async () => {
    await env.client.uploadFile('abort-timeout/one-page.docx', docx);
    const id = await env.client.startConvertAndSave({ filePath: 'abort-timeout/one-page.docx', format: 'pdf' });
    await assert.rejects(
      env.client.waitForOperation(id, { signal: AbortSignal.timeout(30) }),
      apiError('timeout', (err) => {
        assert.equal(err.cause?.name, 'TimeoutError');
      }),
    );
  });

  test('a throwing onProgress stops the call and is its cause', async () => {
    const bug = new TypeError('bug in my progress bar');
    await assert.rejects(
      env.client.convert(docx, {
        fileName: 'throws.docx',
        format: 'pdf',
        onProgress: () => {
          throw bug;
        },
      }),
      apiError('aborted', (err) => assert.equal(err.cause, bug)),
    );
  });

  test('close(): calls in flight reject with aborted, later calls with closed', async () => {
    const closing = await ConversionClient.create({ baseUrl: env.url, ...DEV_CREDENTIALS });
    await closing.uploadFile('close/one-page.docx', docx);
    const id = await closing.startConvertAndSave({ filePath: 'close/one-page.docx', format: 'pdf' });
    const pending = closing.waitForOperation(id);
    closing.close();
    closing.close(); // twice is fine
    await assert.rejects(pending, apiError('aborted'));
    await assert.rejects(closing.getOperationStatus(id), apiError('closed'));
    await assert.rejects(closing.convert(docx, { fileName: 'a.docx', format: 'pdf' }), apiError('closed'));

    // `using` / `await using` close it too (Symbol.dispose / Symbol.asyncDispose).
    for (const dispose of [Symbol.dispose, Symbol.asyncDispose]) {
      const scoped = await ConversionClient.create({ baseUrl: env.url, ...DEV_CREDENTIALS });
      await scoped[dispose]();
      await assert.rejects(scoped.downloadFile('x'), apiError('closed'));
    }
  });

  test('invalid arguments: invalid_argument before any request', async () => {
    const creates = [
      undefined,
      {},
      { baseUrl: env.url },
      { baseUrl: env.url, clientId: 'id' },
      { baseUrl: env.url, clientId: 'id', clientSecret: 's', accessToken: 't' },
      { baseUrl: env.url, accessToken: '' },
      { baseUrl: env.url, accessToken: 42 },
      { baseUrl: 'ftp://example.com', ...DEV_CREDENTIALS },
      { baseUrl: 'not a url', ...DEV_CREDENTIALS },
      { baseUrl: env.url, ...DEV_CREDENTIALS, timeoutMs: -1 },
      { baseUrl: env.url, ...DEV_CREDENTIALS, maxRetries: 1.5 },
      { baseUrl: env.url, ...DEV_CREDENTIALS, locateFile: 'gdconv.wasm' },
    ];
    for (const options of creates) {
      await assert.rejects(ConversionClient.create(options), apiError('invalid_argument'), inspect(options));
    }
    assert.throws(
      () => new ConversionClient(),
      apiError('invalid_argument', (err) => assert.match(err.message, /create/)),
    );

    const calls = [
      () => env.client.uploadFile('', docx),
      () => env.client.uploadFile(42, docx),
      () => env.client.startConvertAndSave(null),
      () => env.client.startConvertAndSave({ format: 'pdf' }),
      () => env.client.startConvertAndSave({ filePath: 'a.docx' }),
      () => env.client.getOperationStatus(''),
      () => env.client.downloadFile(undefined),
      () => env.client.waitForOperation('id', { timeoutMs: 'soon' }),
      () => env.client.waitForOperation('id', { onStatus: 'log' }),
      () => env.client.convert(docx),
      () => env.client.convert(docx, { fileName: 'a.docx' }),
      () => env.client.convert(docx, { fileName: 'a.docx', format: 'pdf', onProgress: true }),
      () => env.client.convert(docx, { fileName: 'a.docx', format: 'pdf', loadOptions: { password: 5 } }),
      () => env.client.convert(docx, { fileName: 'a.docx', format: 'pdf', convertOptions: { fromPage: 'one' } }),
    ];
    for (const call of calls) await assert.rejects(call(), apiError('invalid_argument'), call.toString());
  });
});
