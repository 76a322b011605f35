// SPDX-License-Identifier: MIT
// Shared helpers for the server tests: start a server with a fake (or real) converter, get a token, and
// talk raw HTTP (node:http, so paths such as `a/../b` reach the server exactly as written).

import { request as httpRequest } from 'node:http';
import { startServer, DEV_CLIENT_ID, DEV_CLIENT_SECRET } from '../../server/index.js';
import { createFakeConverter } from './fake-converter.js';

export { DEV_CLIENT_ID, DEV_CLIENT_SECRET };

/**
 * @typedef {object} Reply
 * @property {number} status
 * @property {import('node:http').IncomingHttpHeaders} headers
 * @property {Buffer} body
 * @property {any} json the parsed body when it is JSON, else undefined
 */

/**
 * Sends one request.
 * @param {string} baseUrl
 * @param {{ method?: string, path: string, headers?: Record<string, string | number>, body?: Buffer | string,
 *   token?: string, json?: unknown }} options
 * @returns {Promise<Reply>}
 */
export function request(baseUrl, { method = 'GET', path, headers = {}, body, token, json }) {
  const { hostname, port } = new URL(baseUrl);
  const allHeaders = { ...headers };
  let payload = body;
  if (json !== undefined) {
    payload = JSON.stringify(json);
    allHeaders['Content-Type'] ??= 'application/json';
  }
  if (token) allHeaders.Authorization = `Bearer ${token}`;
  if (payload !== undefined) allHeaders['Content-Length'] ??= Buffer.byteLength(payload);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, method, path, headers: allHeaders, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const buffer = Buffer.concat(chunks);
        let parsed;
        if (/application\/json/.test(res.headers['content-type'] ?? '') && buffer.length) {
          try { parsed = JSON.parse(buffer.toString('utf8')); } catch { parsed = undefined; }
        }
        resolve({ status: res.statusCode, headers: res.headers, body: buffer, json: parsed });
      });
    });
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/**
 * Builds a multipart/form-data body.
 * @param {Array<{ name: string, filename?: string, contentType?: string, data: Buffer | string }>} parts
 * @returns {{ body: Buffer, contentType: string }}
 */
export function multipart(parts) {
  const boundary = `----test${Math.random().toString(16).slice(2)}`;
  const chunks = [];
  for (const p of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"`;
    if (p.filename !== undefined) head += `; filename="${p.filename}"`;
    head += '\r\n';
    if (p.contentType) head += `Content-Type: ${p.contentType}\r\n`;
    chunks.push(Buffer.from(`${head}\r\n`), Buffer.from(p.data), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/**
 * Gets a token with the given credentials.
 * @param {string} baseUrl
 * @param {string} [clientId]
 * @param {string} [clientSecret]
 * @returns {Promise<string>}
 */
export async function getToken(baseUrl, clientId = DEV_CLIENT_ID, clientSecret = DEV_CLIENT_SECRET) {
  const reply = await request(baseUrl, {
    method: 'POST',
    path: '/connect/token',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }).toString(),
  });
  if (reply.status !== 200) throw new Error(`token request failed: ${reply.status} ${reply.body}`);
  return reply.json.access_token;
}

/**
 * Starts a server on a free port and gets a token. The converter is a fake unless `real: true` (the
 * server's own converter) or a `converter` is given.
 * @param {object} [options] startServer options, plus `real`
 * @returns {Promise<{ server: Awaited<ReturnType<typeof startServer>>, url: string, token: string, fake: any,
 *   call: (options: Parameters<typeof request>[1]) => Promise<Reply>,
 *   upload: (path: string, data: Buffer | string, query?: string) => Promise<Reply>, close: () => Promise<void> }>}
 */
export async function startTestServer(options = {}) {
  const { real, ...rest } = options;
  const fake = real || rest.converter ? undefined : createFakeConverter();
  const server = await startServer({ port: 0, host: '127.0.0.1', workers: 2, converter: fake, ...rest });
  const token = await getToken(server.url, options.clientId, options.clientSecret);
  const call = (o) => request(server.url, { token, ...o });
  const upload = (path, data, query = '') => {
    const { body, contentType } = multipart([{ name: 'File', filename: 'file.name', contentType: 'application/octet-stream', data }]);
    return call({ method: 'PUT', path: `/v2.0/conversion/storage/file/${path}${query}`, headers: { 'Content-Type': contentType }, body });
  };
  return { server, url: server.url, token, fake, call, upload, close: () => server.close() };
}

/**
 * Polls an operation until it leaves Created/Started.
 * @param {(o: any) => Promise<Reply>} call
 * @param {string} id
 * @param {number} [timeoutMs]
 */
export async function waitForOperation(call, id, timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reply = await call({ path: `/v2.0/conversion/async?id=${id}` });
    if (reply.status !== 200) throw new Error(`status ${reply.status}: ${reply.body}`);
    if (!['Created', 'Started'].includes(reply.json.status)) return reply.json;
    if (Date.now() > deadline) throw new Error(`operation ${id} still ${reply.json.status}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
