// SPDX-License-Identifier: MIT
// Proxies and private CAs in Node (issue 12; docs/runtimes.md, "Proxies and private CAs"): the whole flow, a
// real docx converted to PDF by the local server, through a real proxy (the npm `proxy` package, which counts
// the requests it forwards and the CONNECT tunnels it opens), to the server over plain HTTP and behind TLS with
// a certificate of a CA made for this run (tests/support/test-pki.js). The environment's proxy variables and
// NODE_EXTRA_CA_CERTS are set in child processes (tests/support/proxy-child.mjs), never in this one; clients
// made here name their proxy (or `proxy: false`), so that the runner's own environment cannot matter.
// What a refused certificate or proxy gives: tls-errors.test.js. NO_PROXY's rules: proxy-settings.test.js.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ConversionClient } from 'groupdocs-conversion-wasm';
import { fixturePath } from '../support/fixtures.js';
import {
  CONVERSION_TIMEOUT_MS,
  DEV_CREDENTIALS,
  assertNoSecrets,
  closedPort,
  looksLikePdf,
  readPdf,
  startLocalServer,
} from '../support/client-env.js';
import { makeTestPki } from '../support/test-pki.js';
import { startTestProxy } from '../support/test-proxy.js';
import { waitFor } from '../support/wait-for.js';
import { docBlock } from '../support/readme.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHILD = fileURLToPath(new URL('../support/proxy-child.mjs', import.meta.url));
const PROXY_USER = 'proxy-user';
const PROXY_PASSWORD = 'p@ss:w/rd%42'; // every character that a URL must escape
const FLOW_TIMEOUT = { timeout: CONVERSION_TIMEOUT_MS };

/** This process's environment without any proxy or extra-CA variable: what each child starts from. */
const CLEAN_ENV = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !/^(https?_proxy|no_proxy|node_extra_ca_certs)$/i.test(name)),
);

/** The converted document is the four-page fixture, as a PDF. */
async function assertFourPagePdf(bytes) {
  assert.ok(looksLikePdf(bytes), 'not a PDF');
  assert.equal((await readPdf(bytes)).pages, 4);
}

let pki;
let plain; // the local server over HTTP
let secure; // the same over HTTPS, its certificate signed by pki's CA
let proxy;
let proxyUrl; // with the credentials the proxy requires
let docx;
/** Requests the HTTPS server answered (each tunnel carries several when connections are kept alive). */
let secureRequests = 0;

before(async () => {
  pki = await makeTestPki();
  docx = await fixturePath('four-pages.docx');
  [plain, secure, proxy] = await Promise.all([
    startLocalServer({ workers: 1 }),
    startLocalServer({ workers: 1, tls: { key: pki.server.key, cert: pki.server.cert } }),
    startTestProxy({ user: PROXY_USER, password: PROXY_PASSWORD }),
  ]);
  secure.server.server.on('request', () => {
    secureRequests += 1;
  });
  proxyUrl = proxy.url.replace('http://', `http://${PROXY_USER}:${encodeURIComponent(PROXY_PASSWORD)}@`);
});

after(async () => {
  await Promise.all([plain?.close(), secure?.close(), proxy?.close()]);
  await pki?.remove();
});

/**
 * Runs tests/support/proxy-child.mjs with `env` added to a clean environment.
 * @returns {Promise<{ ok: boolean, code?: string, message?: string, pdfBytes?: string }>}
 */
async function inChild(args, env) {
  const { stdout } = await run(process.execPath, [CHILD, JSON.stringify(args)], {
    env: { ...CLEAN_ENV, ...env },
    timeout: CONVERSION_TIMEOUT_MS,
  });
  return JSON.parse(stdout.trim().split('\n').pop());
}

describe('through a real proxy, to the local server over HTTP and HTTPS', () => {
  test(
    'an http:// server: the whole flow through the `proxy` option, every request absolute-form',
    FLOW_TIMEOUT,
    async () => {
      proxy.reset();
      const client = await ConversionClient.create({ baseUrl: plain.url, ...DEV_CREDENTIALS, proxy: proxyUrl });
      try {
        const { files } = await client.convert(docx, { format: 'pdf' });
        await assertFourPagePdf(files[0].bytes);
      } finally {
        client.close();
      }
      // convert()'s cleanup goes out after the answer, so after close() here: through the proxy all the same.
      await waitFor(() => proxy.requests.some((url) => url.includes('/storage/folder/')), 'the cleanup at the proxy');
      assert.ok(proxy.requests.length >= 6, `token, upload, start, status, download, cleanup: ${proxy.requests}`);
      for (const url of proxy.requests) assert.ok(url.startsWith(`${plain.url}/`), url);
      assert.deepEqual(proxy.connects, []);
    },
  );

  test(
    'an https:// server: the whole flow through CONNECT tunnels, kept alive, trusting the `ca` option',
    FLOW_TIMEOUT,
    async () => {
      proxy.reset();
      secureRequests = 0;
      const client = await ConversionClient.create({
        baseUrl: secure.url,
        ...DEV_CREDENTIALS,
        proxy: proxyUrl,
        ca: pki.caPem,
      });
      try {
        const { files } = await client.convert(docx, { format: 'pdf' });
        await assertFourPagePdf(files[0].bytes);
      } finally {
        client.close();
      }
      const authority = new URL(secure.url).host;
      assert.ok(proxy.connects.length >= 1);
      for (const target of proxy.connects) assert.equal(target, authority);
      assert.deepEqual(proxy.requests, [], 'nothing of an https:// request is in the clear at the proxy');
      // A tunnel per request would be as many CONNECTs as requests.
      assert.ok(proxy.connects.length < secureRequests, `${proxy.connects.length} tunnels, ${secureRequests} requests`);
    },
  );

  test(
    'HTTPS_PROXY and NODE_EXTRA_CA_CERTS from the environment: the whole flow, no option given',
    FLOW_TIMEOUT,
    async () => {
      proxy.reset();
      const env = { HTTPS_PROXY: proxyUrl, NODE_EXTRA_CA_CERTS: pki.caPath };
      const result = await inChild({ baseUrl: secure.url, docx }, env);
      assert.equal(result.ok, true, result.message);
      await assertFourPagePdf(Buffer.from(result.pdfBytes, 'base64'));
      assert.ok(proxy.connects.length >= 1);
      assert.deepEqual(proxy.requests, []);
      // Without NODE_EXTRA_CA_CERTS, nothing in that process trusts the CA: it was what made the difference.
      const untrusted = await inChild({ baseUrl: secure.url }, { HTTPS_PROXY: proxyUrl });
      assert.equal(untrusted.code, 'tls_error', untrusted.message);
    },
  );

  test('HTTP_PROXY serves http:// URLs; the lower-case https_proxy wins over HTTPS_PROXY', async () => {
    proxy.reset();
    assert.deepEqual(await inChild({ baseUrl: plain.url }, { HTTP_PROXY: proxyUrl }), { ok: true });
    assert.ok(proxy.requests.length >= 2);
    proxy.reset();
    const nowhere = `http://127.0.0.1:${await closedPort()}`;
    const env = { https_proxy: proxyUrl, HTTPS_PROXY: nowhere, NODE_EXTRA_CA_CERTS: pki.caPath };
    assert.deepEqual(await inChild({ baseUrl: secure.url }, env), { ok: true });
    assert.ok(proxy.connects.length >= 1);
  });

  test('NO_PROXY sends the hosts it lists, and only those, straight to the server', async () => {
    const proxied = { HTTP_PROXY: proxyUrl, HTTPS_PROXY: proxyUrl, NODE_EXTRA_CA_CERTS: pki.caPath };
    const port = new URL(secure.url).port;
    for (const noProxy of ['127.0.0.1', `127.0.0.1:${port}`, 'localhost, 127.0.0.1', '*']) {
      proxy.reset();
      assert.deepEqual(
        await inChild({ baseUrl: secure.url }, { ...proxied, NO_PROXY: noProxy }),
        { ok: true },
        noProxy,
      );
      assert.deepEqual(await inChild({ baseUrl: plain.url }, { ...proxied, no_proxy: noProxy }), { ok: true }, noProxy);
      // `127.0.0.1:PORT` lists the HTTPS server's port alone: the HTTP server is still proxied.
      const plainProxied = noProxy === `127.0.0.1:${port}`;
      assert.equal(proxy.requests.length > 0, plainProxied, `NO_PROXY=${noProxy}: ${proxy.requests}`);
      assert.deepEqual(proxy.connects, [], `NO_PROXY=${noProxy}`);
    }
    // Loopback is not special: listed under another name, 127.0.0.1 is proxied.
    proxy.reset();
    assert.deepEqual(await inChild({ baseUrl: plain.url }, { ...proxied, NO_PROXY: 'localhost' }), { ok: true });
    assert.ok(proxy.requests.length > 0);
  });

  test("`proxy: false` ignores the environment's proxies; without it, they are used", async () => {
    const env = { HTTP_PROXY: `http://127.0.0.1:${await closedPort()}` };
    assert.deepEqual(await inChild({ baseUrl: plain.url, proxy: false }, env), { ok: true });
    const failed = await inChild({ baseUrl: plain.url }, env);
    assert.equal(failed.code, 'network');
    assert.match(failed.message, /ECONNREFUSED.*through the proxy http:\/\/127\.0\.0\.1:\d+/);
  });

  test("a proxy and CAs are one client's: another client of the same process goes its own way", async () => {
    proxy.reset();
    const [viaProxy, direct] = await Promise.all([
      ConversionClient.create({ baseUrl: plain.url, ...DEV_CREDENTIALS, proxy: proxyUrl }),
      ConversionClient.create({ baseUrl: secure.url, ...DEV_CREDENTIALS, proxy: false, ca: pki.caPem }),
    ]);
    try {
      for (let i = 0; i < 3; i++) await Promise.all([viaProxy.objectExists(`a${i}`), direct.objectExists(`b${i}`)]);
    } finally {
      viaProxy.close();
      direct.close();
    }
    assert.ok(proxy.requests.length >= 4, `${proxy.requests}`);
    for (const url of proxy.requests) assert.ok(url.startsWith(`${plain.url}/`), url);
    assert.deepEqual(proxy.connects, []);
    // And a client without `ca` does not trust what another client's `ca` trusts.
    const stranger = await ConversionClient.create({
      baseUrl: secure.url,
      ...DEV_CREDENTIALS,
      proxy: false,
      maxRetries: 0,
    });
    try {
      await assert.rejects(stranger.objectExists('c'), { code: 'tls_error' });
    } finally {
      stranger.close();
    }
  });

  test('a wrong proxy password is refused, and neither it nor its Basic form is in any error', async () => {
    const password = 'not-the-password-42';
    const wrong = proxy.url.replace('http://', `http://${PROXY_USER}:${password}@`);
    const secrets = [password, Buffer.from(`${PROXY_USER}:${password}`).toString('base64')];
    const overHttp = await ConversionClient.create({ baseUrl: plain.url, ...DEV_CREDENTIALS, proxy: wrong });
    const overHttps = await ConversionClient.create({
      baseUrl: secure.url,
      ...DEV_CREDENTIALS,
      proxy: wrong,
      ca: pki.caPem,
      maxRetries: 0,
    });
    try {
      // A plain request gets the proxy's answer; a tunnel it refuses is a connection that was never made.
      const refused = await overHttp.objectExists('x').catch((err) => err);
      assert.equal(refused.code, 'http_error');
      assert.equal(refused.status, 407);
      await assertNoSecrets(assert, refused, secrets);
      const untunneled = await overHttps.objectExists('x').catch((err) => err);
      assert.equal(untunneled.code, 'network');
      assert.match(
        untunneled.message,
        /the proxy answered CONNECT with 407 Proxy Authentication Required \(through the proxy http:\/\/127\.0\.0\.1:\d+\)/,
      );
      await assertNoSecrets(assert, untunneled, [...secrets, PROXY_USER]);
    } finally {
      overHttp.close();
      overHttps.close();
    }
  });
});

describe('docs/runtimes.md', () => {
  test(
    'the proxy and private CA example runs as written, through the proxy, to the server behind TLS',
    FLOW_TIMEOUT,
    async () => {
      const block = await docBlock('node-proxy-tls');
      const cwd = await mkdtemp(join(tmpdir(), 'gdconv-proxy-doc-'));
      // Inside the package, so that its own name resolves to it (Node's self-reference).
      const scriptDir = join(ROOT, 'test-output', 'docs');
      await mkdir(scriptDir, { recursive: true });
      const script = join(scriptDir, 'convert-behind-proxy.mjs');
      try {
        await copyFile(docx, join(cwd, 'report.docx'));
        await writeFile(script, block.code);
        proxy.reset();
        const { stdout } = await run(process.execPath, [script], {
          cwd,
          timeout: CONVERSION_TIMEOUT_MS,
          env: {
            ...CLEAN_ENV,
            GROUPDOCS_BASE_URL: secure.url,
            GROUPDOCS_CLIENT_ID: DEV_CREDENTIALS.clientId,
            GROUPDOCS_CLIENT_SECRET: DEV_CREDENTIALS.clientSecret,
            CORPORATE_PROXY: proxyUrl,
            CORPORATE_CA: pki.caPath,
          },
        });
        assert.match(stdout, /^saved report\.pdf$/m);
        await assertFourPagePdf(await readFile(join(cwd, 'report.pdf')));
        assert.ok(proxy.connects.length >= 1);
      } finally {
        await rm(cwd, { recursive: true, force: true });
      }
    },
  );
});
