// SPDX-License-Identifier: MIT
// Which proxy a Node client's request goes through (bindings/js/proxy-settings.js): the `proxy` option and the
// environment's HTTP_PROXY, HTTPS_PROXY and NO_PROXY, read as undici's EnvHttpProxyAgent reads them
// (nodejs/undici, lib/dispatcher/env-http-proxy-agent.js), with the environment passed in as an object.
// The requests themselves going through a real proxy: proxy-tls.test.js.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseNoProxy, parseProxyUrl, proxyFor, readProxySettings } from '../../bindings/js/proxy-settings.js';
import { redact } from '../../bindings/js/errors.js';

const P = 'http://proxy.test:3128';
/** The origin of the proxy a request to `url` goes through under `env`, or null: straight to the server. */
const via = (env, url, option) => {
  const settings = readProxySettings(option, env);
  return (settings && proxyFor(settings, new URL(url))?.origin) || null;
};

test('no proxy variables, or empty ones: no proxy at all', () => {
  assert.equal(readProxySettings(undefined, {}), null);
  assert.equal(readProxySettings(undefined, { HTTP_PROXY: '', HTTPS_PROXY: '' }), null);
  assert.equal(readProxySettings(undefined, { NO_PROXY: 'example.com' }), null);
});

test('HTTPS_PROXY serves https:// URLs and HTTP_PROXY http:// ones; HTTP_PROXY serves both when HTTPS_PROXY is unset', () => {
  const both = { HTTP_PROXY: 'http://plain.test:1', HTTPS_PROXY: 'http://secure.test:2' };
  assert.equal(via(both, 'http://api.example/x'), 'http://plain.test:1');
  assert.equal(via(both, 'https://api.example/x'), 'http://secure.test:2');
  assert.equal(via({ HTTP_PROXY: P }, 'https://api.example/x'), P);
  assert.equal(via({ HTTPS_PROXY: P }, 'http://api.example/x'), null);
  assert.equal(via({ HTTPS_PROXY: P }, 'https://api.example/x'), P);
});

test('the lower-case variables win whenever they are set, even empty', () => {
  assert.equal(
    via({ http_proxy: 'http://lower.test:1', HTTP_PROXY: 'http://upper.test:2' }, 'http://a.example'),
    'http://lower.test:1',
  );
  assert.equal(
    via({ https_proxy: 'http://lower.test:1', HTTPS_PROXY: 'http://upper.test:2' }, 'https://a.example'),
    'http://lower.test:1',
  );
  assert.equal(via({ http_proxy: '', HTTP_PROXY: P }, 'http://a.example'), null);
  assert.equal(via({ HTTP_PROXY: P, no_proxy: '', NO_PROXY: 'a.example' }, 'http://a.example'), P);
  assert.equal(via({ HTTP_PROXY: P, no_proxy: 'a.example', NO_PROXY: '' }, 'http://a.example'), null);
});

test('NO_PROXY matches as undici does: names and what is below them, ports, `*`, IPv6, no special loopback', () => {
  const cases = [
    // [NO_PROXY, URL, proxied?]
    ['example.com', 'https://example.com/', false],
    ['example.com', 'https://api.example.com/', false],
    ['example.com', 'https://notexample.com/', true],
    ['.example.com', 'https://example.com/', false],
    ['.example.com', 'https://a.b.example.com/', false],
    ['*.example.com', 'https://example.com/', false],
    ['*.example.com', 'https://api.example.com/', false],
    ['EXAMPLE.com.', 'https://Api.Example.COM./', false],
    ['example.com:8443', 'https://example.com:8443/', false],
    ['example.com:8443', 'https://example.com/', true],
    ['example.com:443', 'https://example.com/', false],
    ['example.com:80', 'http://example.com/', false],
    ['example.com:80', 'https://example.com/', true],
    ['other.test, example.com', 'https://example.com/', false],
    ['other.test example.com', 'https://example.com/', false],
    ['other.test,,example.com', 'https://example.com/', false],
    ['*', 'https://anything.test/', false],
    ['*, other.test', 'https://anything.test/', true],
    ['127.0.0.1', 'http://127.0.0.1:8080/', false],
    ['127.0.0.1:8080', 'http://127.0.0.1:8080/', false],
    ['127.0.0.1:9090', 'http://127.0.0.1:8080/', true],
    ['::1', 'http://[::1]:8080/', false],
    ['[::1]', 'http://[::1]:8080/', false],
    ['[::1]:8080', 'http://[::1]:8080/', false],
    ['[::1]:9090', 'http://[::1]:8080/', true],
    ['localhost', 'http://127.0.0.1/', true],
    ['', 'http://127.0.0.1/', true],
    ['0.0.1', 'http://127.0.0.1/', false], // undici compares addresses as names, by their ending too
  ];
  for (const [noProxy, url, proxied] of cases) {
    assert.equal(via({ HTTP_PROXY: P, NO_PROXY: noProxy }, url), proxied ? P : null, `NO_PROXY=${noProxy} ${url}`);
  }
});

test('NO_PROXY entries, parsed', () => {
  assert.deepEqual(parseNoProxy(' a.test:81,[::1]:82 ::1 *.B.test. '), [
    { hostname: 'a.test', port: 81 },
    { hostname: '::1', port: 82 },
    { hostname: '::1', port: 0 },
    { hostname: 'b.test', port: 0 },
  ]);
});

test('an explicit proxy serves every URL, NO_PROXY aside; `false` means none, whatever the environment says', () => {
  const env = { HTTP_PROXY: 'http://env.test:1', NO_PROXY: '*' };
  assert.equal(via(env, 'http://a.example', P), P);
  assert.equal(via(env, 'https://a.example', P), P);
  assert.equal(readProxySettings(false, { HTTP_PROXY: P, HTTPS_PROXY: P }), null);
});

test('a proxy URL: bare host:port is http://, the credentials become Proxy-Authorization and are secrets', () => {
  assert.deepEqual(parseProxyUrl('proxy.test:3128', 'HTTP_PROXY'), {
    hostname: 'proxy.test',
    port: 3128,
    origin: P,
    authorization: '',
    secrets: [],
  });
  assert.deepEqual(parseProxyUrl('http://[::1]', 'proxy'), {
    hostname: '::1',
    port: 80,
    origin: 'http://[::1]',
    authorization: '',
    secrets: [],
  });
  const server = parseProxyUrl('http://me%40corp:p%40ss%3Aw%2Frd@proxy.test:3128/', 'proxy');
  const basic = Buffer.from('me@corp:p@ss:w/rd').toString('base64');
  assert.equal(server.origin, P);
  assert.equal(server.authorization, `Basic ${basic}`);
  assert.deepEqual(server.secrets, ['p@ss:w/rd', 'p%40ss%3Aw%2Frd', basic]);
});

test('a proxy that is not an http:// URL is refused, naming where it came from but never quoting it', () => {
  const refused = (value, name, pattern) => {
    let caught;
    try {
      parseProxyUrl(value, name);
    } catch (err) {
      caught = err;
    }
    assert.equal(caught?.code, 'invalid_argument', value);
    assert.match(caught.message, pattern);
    assert.ok(!caught.message.includes('hunter2'), caught.message);
  };
  refused('https://u:hunter2@proxy.test', 'HTTPS_PROXY', /^HTTPS_PROXY: https:\/\/ proxies are not supported/);
  refused('socks5://u:hunter2@proxy.test:1080', 'proxy', /^proxy: socks5:\/\/ proxies are not supported/);
  refused('http://u:hunter2@[bad', 'http_proxy', /^http_proxy is not a URL/);
  assert.throws(() => readProxySettings(42, {}), { code: 'invalid_argument', message: /^proxy must be a proxy URL/ });
  assert.throws(() => readProxySettings('', {}), { code: 'invalid_argument' });
  assert.throws(() => readProxySettings(true, {}), { code: 'invalid_argument' });
  assert.throws(() => readProxySettings(undefined, { https_proxy: 'ftp://proxy.test' }), {
    message: /^https_proxy: ftp:/,
  });
});

test("redaction removes a URL's user and password and Basic credentials, whatever text carries them", () => {
  const text = 'via http://me:hunter2@proxy.test:3128/ with Proxy-Authorization: Basic bWU6aHVudGVyMg==';
  const out = redact(text, []);
  assert.ok(!out.includes('hunter2') && !out.includes('bWU6aHVudGVyMg'), out);
  assert.equal(out, 'via http://[redacted]@proxy.test:3128/ with Proxy-Authorization: Basic [redacted]');
  assert.equal(
    redact('https://api.groupdocs.cloud/v2.0 and Basic auth', []),
    'https://api.groupdocs.cloud/v2.0 and Basic auth',
  );
});
