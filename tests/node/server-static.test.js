// SPDX-License-Identifier: MIT
// The demo hooks of the server (server/static.js, server/demo-token.js): static files beside the API and
// POST /demo/token, both off unless startServer() is given them (scripts/start.js does, the CLI does not).
// Raw HTTP requests (node:http), because fetch() would normalise the `..` the traversal tests need.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../server/index.js';
import { createFakeConverter } from '../support/fake-converter.js';

const DEV = { clientId: 'local-dev-client', clientSecret: 'local-dev-secret' };

/**
 * @param {string} base e.g. http://127.0.0.1:1234
 * @param {string} method
 * @param {string} path sent exactly as given
 * @param {Record<string, string>} [headers]
 * @returns {Promise<{ status: number, headers: import('node:http').IncomingHttpHeaders, body: Buffer, text: string }>}
 */
function raw(base, method, path, headers = {}) {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, method, path, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode, headers: res.headers, body, text: body.toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('static files', () => {
  let dir;
  let outside;
  let server;

  before(async () => {
    const base = await mkdtemp(join(tmpdir(), 'gdconv-static-'));
    dir = join(base, 'site');
    outside = join(base, 'secret.txt');
    await mkdir(join(dir, 'sub'), { recursive: true });
    await mkdir(join(dir, 'lib'), { recursive: true });
    await mkdir(join(dir, 'v2.0', 'conversion'), { recursive: true });
    await mkdir(join(dir, '__admin'), { recursive: true });
    await mkdir(join(dir, 'connect'), { recursive: true });
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>home</title>');
    await writeFile(join(dir, 'app.js'), 'export const x = 1;\n');
    await writeFile(join(dir, 'style.css'), 'body{}');
    await writeFile(join(dir, 'sub', 'index.html'), '<title>sub</title>');
    await writeFile(join(dir, 'lib', 'gdconv.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
    await writeFile(join(dir, 'lib', 'glue.mjs'), 'export default 1;');
    await writeFile(join(dir, 'odd name é.txt'), 'odd');
    await writeFile(join(dir, '.env'), 'SECRET=1');
    await writeFile(join(dir, 'v2.0', 'conversion', 'formats'), 'shadow');
    await writeFile(join(dir, '__admin', 'index.html'), 'shadow');
    await writeFile(join(dir, 'connect', 'token'), 'shadow');
    await writeFile(outside, 'outside the root');
    await symlink(outside, join(dir, 'escape.txt'));
    server = await startServer({
      port: 0,
      converter: createFakeConverter(),
      staticRoutes: [
        { prefix: '/', dir },
        { prefix: '/dist/', dir: join(dir, 'lib') },
      ],
    });
  });

  after(async () => {
    await server?.close();
    if (dir) await rm(join(dir, '..'), { recursive: true, force: true });
  });

  test('serves files with their content types; the longest prefix wins', async () => {
    const cases = [
      ['/index.html', 'text/html; charset=utf-8', 'home'],
      ['/app.js', 'text/javascript; charset=utf-8', 'export const x'],
      ['/style.css', 'text/css; charset=utf-8', 'body{}'],
      ['/dist/gdconv.wasm', 'application/wasm', '\0asm'],
      ['/dist/glue.mjs', 'text/javascript; charset=utf-8', 'export default'],
      ['/lib/gdconv.wasm', 'application/wasm', '\0asm'],
      ['/odd%20name%20%C3%A9.txt', 'text/plain; charset=utf-8', 'odd'],
    ];
    for (const [path, type, start] of cases) {
      const r = await raw(server.url, 'GET', path);
      assert.equal(r.status, 200, path);
      assert.equal(r.headers['content-type'], type, path);
      assert.ok(r.text.includes(start), path);
      assert.equal(r.headers['x-content-type-options'], 'nosniff');
      assert.equal(Number(r.headers['content-length']), r.body.length);
    }
  });

  test('a directory: index.html with a slash, a redirect without', async () => {
    assert.match((await raw(server.url, 'GET', '/sub/')).text, /sub/);
    const r = await raw(server.url, 'GET', '/sub');
    assert.equal(r.status, 301);
    assert.equal(r.headers.location, '/sub/');
    assert.equal((await raw(server.url, 'GET', '/dist')).headers.location, '/dist/');
  });

  test('GET / is the page for browsers and the health check for everyone else', async () => {
    const page = await raw(server.url, 'GET', '/', { Accept: 'text/html,application/xhtml+xml,*/*;q=0.8' });
    assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
    assert.match(page.text, /home/);
    for (const accept of [undefined, '*/*', 'application/json']) {
      const health = await raw(server.url, 'GET', '/', accept ? { Accept: accept } : {});
      assert.equal(health.status, 200);
      assert.equal(JSON.parse(health.text).status, 'ok', String(accept));
    }
  });

  test('HEAD has the headers and no body; ETag revalidation gives 304', async () => {
    const head = await raw(server.url, 'HEAD', '/app.js');
    assert.equal(head.status, 200);
    assert.equal(head.body.length, 0);
    assert.equal(Number(head.headers['content-length']), 20);
    const etag = head.headers.etag;
    assert.ok(etag);
    const again = await raw(server.url, 'GET', '/app.js', { 'If-None-Match': etag });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
  });

  test('only GET and HEAD', async () => {
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const r = await raw(server.url, method, '/app.js');
      assert.equal(r.status, 405, method);
      assert.match(r.headers.allow, /GET, HEAD/);
    }
  });

  test('refuses traversal, encoded separators, NUL, dotfiles and symlinks out of the root', async () => {
    const refused = [
      '/../secret.txt',
      '/sub/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E%2Fsecret.txt',
      '/sub/%2e%2e/%2e%2e/secret.txt',
      '/dist/..%2f..%2fsecret.txt',
      '/dist/%2e%2e/index.html',
      '/..%5csecret.txt',
      '/app.js%00.html',
      '/.env',
      '/%2eenv',
      '/escape.txt',
      '/sub//index.html',
      '/%ZZ',
      '/./app.js',
    ];
    for (const path of refused) {
      const r = await raw(server.url, 'GET', path);
      assert.equal(r.status, 404, path);
      assert.doesNotMatch(r.text, /outside the root|SECRET=1|home/, path);
      assert.equal(r.headers['content-type'], 'application/json; charset=utf-8', path);
    }
  });

  test('never shadows the API: /v2.0, /connect and /__admin are not static', async () => {
    const formats = await raw(server.url, 'GET', '/v2.0/conversion/formats');
    assert.equal(formats.status, 401); // the API route, asking for a token
    const admin = await raw(server.url, 'GET', '/__admin/index.html');
    assert.equal(admin.status, 404);
    assert.doesNotMatch(admin.text, /shadow/);
    const token = await raw(server.url, 'GET', '/connect/token');
    assert.equal(token.status, 405); // the token route
    assert.doesNotMatch(token.text, /shadow/);
    for (const path of ['/V2.0/conversion/formats', '/__ADMIN/index.html', '/Connect/token']) {
      assert.doesNotMatch((await raw(server.url, 'GET', path)).text, /shadow/, path);
    }
  });

  test('a missing file is the API 404 body', async () => {
    const r = await raw(server.url, 'GET', '/nope.js');
    assert.equal(r.status, 404);
    assert.equal(JSON.parse(r.text).error.code, 'NotFound');
  });

  test('bad routes are refused at start-up', async () => {
    await assert.rejects(
      startServer({ port: 0, converter: createFakeConverter(), staticRoutes: [{ prefix: 'x/', dir }] }),
      /prefix/,
    );
    await assert.rejects(
      startServer({ port: 0, converter: createFakeConverter(), staticRoutes: [{ prefix: '/v2.0/', dir }] }),
      /reserved/,
    );
    await assert.rejects(
      startServer({
        port: 0,
        converter: createFakeConverter(),
        staticRoutes: [{ prefix: '/', dir: join(dir, 'missing') }],
      }),
      /not a readable directory/,
    );
  });
});

describe('off by default', () => {
  test('no static files and no /demo/token without the options', async () => {
    const server = await startServer({ port: 0, converter: createFakeConverter() });
    try {
      assert.equal((await raw(server.url, 'GET', '/index.html')).status, 404);
      assert.equal(JSON.parse((await raw(server.url, 'GET', '/', { Accept: 'text/html' })).text).status, 'ok');
      assert.equal((await raw(server.url, 'POST', '/demo/token')).status, 404);
    } finally {
      await server.close();
    }
  });
});

describe('POST /demo/token', () => {
  test('mints a token the API accepts, without CORS headers and without the secret', async () => {
    const server = await startServer({ port: 0, converter: createFakeConverter(), demoToken: { ...DEV } });
    try {
      const r = await fetch(`${server.url}/demo/token`, { method: 'POST' });
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('access-control-allow-origin'), null);
      assert.equal(r.headers.get('cache-control'), 'no-store');
      const text = await r.text();
      assert.doesNotMatch(text, /local-dev-secret/);
      const json = JSON.parse(text);
      assert.deepEqual(Object.keys(json).sort(), ['access_token', 'expires_in', 'token_type']);
      const api = await fetch(`${server.url}/v2.0/conversion/formats`, {
        headers: { Authorization: `Bearer ${json.access_token}` },
      });
      assert.equal(api.status, 200);
      const get = await raw(server.url, 'GET', '/demo/token');
      assert.equal(get.status, 405);
    } finally {
      await server.close();
    }
  });

  test('from another API: the token is for that API; a failing API is a 502 that names no secret', async () => {
    const api = await startServer({ port: 0, converter: createFakeConverter() });
    const page = await startServer({
      port: 0,
      converter: createFakeConverter(),
      demoToken: { ...DEV, baseUrl: api.url },
    });
    const wrong = await startServer({
      port: 0,
      converter: createFakeConverter(),
      demoToken: { clientId: 'x', clientSecret: 'not-this-secret', baseUrl: api.url },
    });
    try {
      const { access_token: token } = await (await fetch(`${page.url}/demo/token`, { method: 'POST' })).json();
      const ok = await fetch(`${api.url}/v2.0/conversion/formats`, { headers: { Authorization: `Bearer ${token}` } });
      assert.equal(ok.status, 200);
      const own = await fetch(`${page.url}/v2.0/conversion/formats`, { headers: { Authorization: `Bearer ${token}` } });
      assert.equal(own.status, 401); // signed by the other server

      const refused = await fetch(`${wrong.url}/demo/token`, { method: 'POST' });
      assert.equal(refused.status, 502);
      const text = await refused.text();
      assert.match(JSON.parse(text).error.message, /invalid_client/);
      assert.doesNotMatch(text, /not-this-secret/);
    } finally {
      await Promise.all([api.close(), page.close(), wrong.close()]);
    }
    const gone = await startServer({
      port: 0,
      converter: createFakeConverter(),
      demoToken: { ...DEV, baseUrl: api.url },
    });
    try {
      const r = await fetch(`${gone.url}/demo/token`, { method: 'POST' });
      assert.equal(r.status, 502);
      assert.match((await r.json()).error.message, /could not be reached/);
    } finally {
      await gone.close();
    }
  });

  test('bad options are refused at start-up', async () => {
    await assert.rejects(
      startServer({ port: 0, converter: createFakeConverter(), demoToken: { path: '/v2.0/token', ...DEV } }),
      /demoToken.path/,
    );
    await assert.rejects(
      startServer({ port: 0, converter: createFakeConverter(), demoToken: { clientId: 'x' } }),
      /clientSecret/,
    );
  });
});

describe('scripts/start.js (npm start)', () => {
  test(
    'serves the page, the package and the token route, prints the URL and the dev credentials, stops on SIGINT',
    { timeout: 60_000 },
    async (t) => {
      const script = fileURLToPath(new URL('../../scripts/start.js', import.meta.url));
      const dist = fileURLToPath(new URL('../../dist/index.web.mjs', import.meta.url));
      const { existsSync } = await import('node:fs');
      if (!existsSync(dist)) assert.fail('dist/ is not built: run `npm run build` (npm test does it)');
      const child = spawn(process.execPath, [script, '--port', '0', '--workers', '1'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      t.after(() => child.exitCode === null && child.kill('SIGKILL'));
      let out = '';
      const url = await new Promise((resolve, reject) => {
        child.stdout.on('data', (d) => {
          out += d;
          const m = /Open the demo page:\s+(http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
          if (m && /Press Ctrl-C/.test(out)) resolve(m[1]);
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      assert.match(out, /client id:\s+local-dev-client/);
      assert.match(out, /client secret:\s+local-dev-secret/);
      const page = await raw(url, 'GET', '/', { Accept: 'text/html' });
      assert.match(page.text, /<script type="importmap">/);
      assert.equal((await raw(url, 'GET', '/dist/gdconv.wasm')).headers['content-type'], 'application/wasm');
      assert.equal((await raw(url, 'GET', '/dist/index.web.mjs')).status, 200);
      assert.equal((await fetch(`${url}/demo/token`, { method: 'POST' })).status, 200);
      const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
      child.kill('SIGINT');
      assert.deepEqual(await exited, { code: 0, signal: null });
    },
  );
});
