// SPDX-License-Identifier: MIT
// The local server for a test file or suite, started on 127.0.0.1 and an ephemeral port, and a
// ConversionClient on it. `useLocalServer()` and `useClient()` register node:test's before/after for the
// caller and return a handle that fills in when the suite starts:
//
//   describe('storage', () => {
//     const t = useLocalServer({ converter: 'fake' });
//     test('…', async () => { assert.equal((await t.upload('a.txt', 'x')).status, 200); });
//   });
//
// `startLocalServer()` is the same without the hooks, for a test that needs a server of its own. node:test
// runs `after` hooks in the order they were added: a cleanup that must come before the server closes is
// added before the fixture.

import { after, before } from 'node:test';
import { ConversionClient } from 'groupdocs-conversion-wasm';
import { startServer } from '../../server/index.js';
import { createFakeConverter } from './fake-converter.js';
import { adminOf } from './reliability.js';
import { DEV_CLIENT_ID, DEV_CLIENT_SECRET, getToken, multipart, request } from './server.js';

/** The local server's documented development credentials. */
export const DEV_CREDENTIALS = Object.freeze({ clientId: DEV_CLIENT_ID, clientSecret: DEV_CLIENT_SECRET });

/**
 * @typedef {object} LocalServer
 * @property {Awaited<ReturnType<typeof startServer>>} server what startServer() answered
 * @property {string} url `http://127.0.0.1:<port>` (`https:` with a `tls` option)
 * @property {string} token a bearer token for the server's credentials ('' over TLS: see below)
 * @property {ReturnType<typeof createFakeConverter> | undefined} fake the fake converter, with `converter: 'fake'`
 * @property {ReturnType<typeof adminOf> | undefined} admin the fault-injection admin API, with `faults: true`
 * @property {(options: Parameters<typeof request>[1]) => Promise<import('./server.js').Reply>} call one request
 *   with the token
 * @property {(name: string, data: Buffer, format?: string) => Promise<import('./server.js').Reply>} convertDirect
 *   PUT /conversion of `data` as the file `name` (its extension the source format) to `format` (pdf)
 * @property {(path: string, data: Buffer | string, query?: string) => Promise<import('./server.js').Reply>} upload
 *   a multipart PUT to storage/file/<path>
 * @property {() => Promise<void>} close
 */

/**
 * Starts the local server. `converter`: 'real' (default: the server's own, LibreOffice and Poppler),
 * 'fake' (tests/support/fake-converter.js: milliseconds, deterministic, controllable) or a converter object;
 * every other option goes to startServer (two workers and a 5 s shutdown grace unless given; `tls: { key, cert }`
 * serves HTTPS).
 * Over TLS only the client talks to the server (tests/node/proxy-tls.test.js): `token`, `call` and `upload`,
 * which speak plain node:http, are left out.
 * @param {{ converter?: 'real' | 'fake' | object } & Record<string, unknown>} [options]
 * @returns {Promise<LocalServer>}
 */
export async function startLocalServer({ converter = 'real', ...options } = {}) {
  const fake = converter === 'fake' ? createFakeConverter() : undefined;
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    workers: 2,
    // close() waits for running requests and conversions up to this; a test's gated or hung fake conversion
    // must not hold its suite for the 30 s default.
    shutdownGraceMs: 5000,
    ...options,
    converter: converter === 'real' ? undefined : (fake ?? converter),
  });
  if (!/^https?:\/\/127\.0\.0\.1:\d+$/.test(server.url)) throw new Error(`unexpected server url ${server.url}`);
  if (options.tls) return { server, url: server.url, token: '', fake, close: () => server.close() };
  const token = await getToken(server.url, options.clientId, options.clientSecret);
  const call = (o) => request(server.url, { token, ...o });
  const upload = (path, data, query = '') => {
    const { body, contentType } = multipart([
      { name: 'File', filename: 'file.name', contentType: 'application/octet-stream', data },
    ]);
    return call({
      method: 'PUT',
      path: `/v2.0/conversion/storage/file/${path}${query}`,
      headers: { 'Content-Type': contentType },
      body,
    });
  };
  // PUT /conversion (multipart): `name`'s extension is the source format, the answer the first result.
  const convertDirect = (name, data, format = 'pdf') => {
    const { body, contentType } = multipart([
      { name: 'File', filename: name, contentType: 'application/octet-stream', data },
      { name: 'loadOptions', data: JSON.stringify({ format: name.slice(name.lastIndexOf('.') + 1) }) },
    ]);
    return call({
      method: 'PUT',
      path: `/v2.0/conversion?format=${format}`,
      headers: { 'Content-Type': contentType },
      body,
    });
  };
  return {
    server,
    url: server.url,
    token,
    fake,
    admin: options.faults ? adminOf(server.url) : undefined,
    call,
    upload,
    convertDirect,
    close: () => server.close(),
  };
}

/**
 * The local server for the calling suite: started before its tests, closed after them.
 * @param {Parameters<typeof startLocalServer>[0]} [options]
 * @returns {LocalServer} filled in by the time the suite's tests run
 */
export function useLocalServer(options) {
  const handle = /** @type {LocalServer} */ ({});
  before(async () => {
    Object.assign(handle, await startLocalServer(options));
  });
  after(async () => {
    await handle.close?.();
  });
  return handle;
}

/**
 * The local server and a ConversionClient on it with the server's credentials, for the calling suite.
 * @param {Parameters<typeof startLocalServer>[0] & { client?: object }} [options] `client`: more
 *   ConversionClient.create options; the rest as startLocalServer
 * @returns {LocalServer & { client: ConversionClient }}
 */
export function useClient({ client: clientOptions, ...options } = {}) {
  const handle = /** @type {LocalServer & { client: ConversionClient }} */ ({});
  before(async () => {
    Object.assign(handle, await startLocalServer(options));
    const credentials = {
      clientId: options.clientId ?? DEV_CLIENT_ID,
      clientSecret: options.clientSecret ?? DEV_CLIENT_SECRET,
    };
    handle.client = await ConversionClient.create({ baseUrl: handle.url, ...credentials, ...clientOptions });
  });
  after(async () => {
    handle.client?.close();
    await handle.close?.();
  });
  return handle;
}
