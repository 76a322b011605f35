// SPDX-License-Identifier: MIT
// What a refused certificate, a proxy that is down and ill-made `proxy`/`ca` options give (issue 12): a typed
// ApiError, at once and never retried where trying again cannot help, never a hang (each test's `timeout`
// would fail it; the clients keep their default 5-minute request timeout, so only an answer ends a call). The
// servers use the fake converter: no document is converted here. The flows that work: proxy-tls.test.js.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConversionClient } from 'groupdocs-conversion-wasm';
import { DEV_CREDENTIALS, closedPort, startLocalServer } from '../support/client-env.js';
import { ROOT } from '../support/packed.js';
import { makeTestPki } from '../support/test-pki.js';
import { startTestProxy } from '../support/test-proxy.js';

const NEVER_A_HANG = { timeout: 30_000 };

/** The local server with the fake converter, counting the TCP connections made to it. */
async function startCountingServer(options = {}) {
  const local = await startLocalServer({ converter: 'fake', ...options });
  const counted = { url: local.url, connections: 0, close: () => local.close() };
  local.server.server.on('connection', () => {
    counted.connections += 1;
  });
  return counted;
}

/** The error a call on a fresh client with `options` (and the dev credentials, unless a token) rejects with. */
async function errorOf(options, call = (client) => client.objectExists('x')) {
  const client = await ConversionClient.create({ ...(options.accessToken ? {} : DEV_CREDENTIALS), ...options });
  try {
    await call(client);
  } catch (err) {
    return err;
  } finally {
    client.close();
  }
  return assert.fail('the call succeeded');
}

let pki;
let selfSigned; // its certificate signed by nobody but itself
let otherHost; // its certificate signed by the test CA, but for another host name
let plain; // plain HTTP
let proxy;

before(async () => {
  pki = await makeTestPki();
  [selfSigned, otherHost, plain, proxy] = await Promise.all([
    startCountingServer({ tls: pki.selfSigned }),
    startCountingServer({ tls: pki.otherHost }),
    startCountingServer(),
    startTestProxy(),
  ]);
});

after(async () => {
  await Promise.all([selfSigned?.close(), otherHost?.close(), plain?.close(), proxy?.close()]);
  await pki?.remove();
});

describe('a certificate that is refused is a tls_error, at once and never retried', () => {
  test('a self-signed certificate nobody trusts', NEVER_A_HANG, async () => {
    selfSigned.connections = 0;
    // The default retry policy would send a network error's request twice more: a TLS failure is final.
    const err = await errorOf({ baseUrl: selfSigned.url, proxy: false });
    assert.equal(err.name, 'ApiError');
    assert.equal(err.code, 'tls_error');
    assert.equal(err.retryable, false);
    assert.equal(err.status, 0);
    assert.match(err.message, /^TLS error: DEPTH_ZERO_SELF_SIGNED_CERT: self[- ]signed certificate$/);
    assert.equal(selfSigned.connections, 1, 'one attempt');
  });

  test('a starting conversion (the POST rule) is not retried either, and is not in doubt', NEVER_A_HANG, async () => {
    selfSigned.connections = 0;
    const err = await errorOf({ baseUrl: selfSigned.url, proxy: false, accessToken: 'a-token' }, (client) =>
      client.startConvertAndSave({ filePath: 'a.docx', format: 'pdf' }),
    );
    assert.equal(err.code, 'tls_error');
    assert.equal(err.mayHaveStarted, false);
    assert.equal(selfSigned.connections, 1);
  });

  test("a trusted CA's certificate for another host name", NEVER_A_HANG, async () => {
    otherHost.connections = 0;
    const err = await errorOf({ baseUrl: otherHost.url, proxy: false, ca: pki.caPem });
    assert.equal(err.code, 'tls_error');
    assert.equal(err.retryable, false);
    assert.match(err.message, /^TLS error: ERR_TLS_CERT_ALTNAME_INVALID: .*127\.0\.0\.1/);
    assert.equal(otherHost.connections, 1);
  });

  test(
    "the same through a proxy's tunnel: the certificate is the server's, checked against its name",
    NEVER_A_HANG,
    async () => {
      proxy.reset();
      const err = await errorOf({ baseUrl: selfSigned.url, proxy: proxy.url });
      assert.equal(err.code, 'tls_error');
      assert.match(err.message, /DEPTH_ZERO_SELF_SIGNED_CERT.*\(through the proxy http:\/\/127\.0\.0\.1:\d+\)$/);
      assert.deepEqual(proxy.connects, [new URL(selfSigned.url).host]);
    },
  );

  test('an https:// URL of a plain-HTTP server', NEVER_A_HANG, async () => {
    const err = await errorOf({ baseUrl: plain.url.replace('http:', 'https:'), proxy: false });
    assert.equal(err.code, 'tls_error');
    assert.match(err.message, /^TLS error: EPROTO: wrong version number$/);
  });

  test(
    "the web glue's fetch() adapter (Deno, Bun, workerd; here Node's fetch) says tls_error too",
    NEVER_A_HANG,
    async () => {
      const dist = join(ROOT, 'dist');
      const web = await import(pathToFileURL(join(dist, 'index.web.mjs')).href);
      const wasmBinary = await readFile(join(dist, 'gdconv.wasm'));
      const client = await web.ConversionClient.create({ baseUrl: selfSigned.url, ...DEV_CREDENTIALS, wasmBinary });
      try {
        const err = await client.objectExists('x').catch((e) => e);
        assert.equal(err.code, 'tls_error', err.message);
        assert.equal(err.retryable, false);
        assert.match(err.message, /SELF_SIGNED/);
      } finally {
        client.close();
      }
      // Its runtime's own fetch() decides about proxies and CAs there: the options are refused, not ignored.
      for (const options of [{ proxy: false }, { ca: pki.caPem }]) {
        await assert.rejects(
          web.ConversionClient.create({ baseUrl: plain.url, ...DEV_CREDENTIALS, wasmBinary, ...options }),
          { code: 'invalid_argument', message: /an option of the Node entry/ },
        );
      }
    },
  );
});

describe('a proxy that cannot be used', () => {
  test(
    'nothing listens where it should be: a network error naming the proxy, without its credentials',
    NEVER_A_HANG,
    async () => {
      const port = await closedPort();
      const err = await errorOf({
        baseUrl: plain.url,
        proxy: `http://someone:hunter2@127.0.0.1:${port}`,
        maxRetries: 0,
      });
      assert.equal(err.code, 'network');
      assert.equal(err.retryable, true);
      assert.equal(
        err.message,
        `network error: could not connect (ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:${port} (through the proxy http://127.0.0.1:${port}))`,
      );
    },
  );
});

describe('`proxy` and `ca` are checked before anything is sent', () => {
  const refusals = [
    [{ proxy: 'https://proxy.test:3128' }, /^proxy: https:\/\/ proxies are not supported/],
    [{ proxy: 'socks5://proxy.test:1080' }, /^proxy: socks5:\/\/ proxies are not supported/],
    [{ proxy: 42 }, /^proxy must be a proxy URL/],
    [{ proxy: true }, /^proxy must be a proxy URL/],
    [{ ca: '/etc/ssl/certs/private-ca.pem' }, /^ca holds no PEM certificate .*not its path/],
    [
      { ca: '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n' },
      /^ca holds a PEM block that is not a valid certificate/,
    ],
    [{ ca: ['x'] }, /^ca\[0\] holds no PEM certificate/],
    [{ ca: 5 }, /^ca must be a PEM certificate/],
    [{ ca: [] }, /^ca must hold at least one PEM certificate/],
  ];
  for (const [options, message] of refusals) {
    test(`${JSON.stringify(options)}: invalid_argument`, async () => {
      plain.connections = 0;
      await assert.rejects(ConversionClient.create({ baseUrl: plain.url, ...DEV_CREDENTIALS, ...options }), {
        name: 'ApiError',
        code: 'invalid_argument',
        message,
      });
      assert.equal(plain.connections, 0);
    });
  }

  test("a valid `ca` as a Buffer, as bytes, or in an array with Node's own CAs, is taken", async () => {
    const { rootCertificates } = await import('node:tls');
    for (const ca of [Buffer.from(pki.caPem), new TextEncoder().encode(pki.caPem), [...rootCertificates, pki.caPem]]) {
      const client = await ConversionClient.create({ baseUrl: otherHost.url, ...DEV_CREDENTIALS, proxy: false, ca });
      client.close();
    }
  });
});
