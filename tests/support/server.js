// SPDX-License-Identifier: MIT
// Shared helpers for the server tests: get a token, and talk raw HTTP (node:http, so paths such as `a/../b`
// reach the server exactly as written). The server itself comes from local-server.js.

import { request as httpRequest } from 'node:http';
import { DEV_CLIENT_ID, DEV_CLIENT_SECRET } from '../../server/index.js';
import { waitFor } from './wait-for.js';

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
          try {
            parsed = JSON.parse(buffer.toString('utf8'));
          } catch {
            parsed = undefined;
          }
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
 * Sends a request whose body is written by `write(req)`, and resolves with the response as soon as it comes,
 * ignoring write errors caused by the server cutting the upload short.
 * @param {string} url
 * @param {{ method?: string, path: string, headers: Record<string, string | number>,
 *   write: (req: import('node:http').ClientRequest) => void }} options (method: PUT unless given)
 * @returns {Promise<{ status: number, headers: import('node:http').IncomingHttpHeaders, json: any }>}
 */
export function streamRequest(url, { method = 'PUT', path, headers, write }) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, method, path, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        req.destroy();
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode, headers: res.headers, json: JSON.parse(body.toString() || 'null') });
      });
    });
    req.on('error', (e) => {
      if (!['EPIPE', 'ECONNRESET'].includes(e.code)) reject(e);
    });
    write(req);
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
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
    }).toString(),
  });
  if (reply.status !== 200) throw new Error(`token request failed: ${reply.status} ${reply.body}`);
  return reply.json.access_token;
}

/**
 * Polls an operation until it leaves Created/Started. `giveUpMs` guards against a hang (an operation that
 * never ends fails the test with its last status instead of hanging it); it is never reached when all is well.
 * @param {(o: any) => Promise<Reply>} call
 * @param {string} id
 * @param {number} [giveUpMs]
 */
export async function waitForOperation(call, id, giveUpMs = 120_000) {
  let last;
  try {
    return await waitFor(
      async () => {
        const reply = await call({ path: `/v2.0/conversion/async?id=${id}` });
        if (reply.status !== 200) throw new Error(`status ${reply.status}: ${reply.body}`);
        last = reply.json.status;
        return !['Created', 'Started'].includes(last) && reply.json;
      },
      `operation ${id} to end`,
      { everyMs: 20, giveUpMs },
    );
  } catch (err) {
    if (last) err.message += ` (still ${last})`;
    throw err;
  }
}
