// SPDX-License-Identifier: MIT
// The pieces of a static host for the pages Chromium loads in the tests and the bench: a server on a free
// loopback port, files sent with their content type, and the README's token route (a page asks its own origin
// for a token; the credentials stay on the server).

import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { DEV_CREDENTIALS } from './client-env.js';

const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
};

/** The README's token route, as its token-server.mjs serves it. */
export const TOKEN_ROUTE = '/api/groupdocs-token';

/**
 * Starts `handler` on a free port of 127.0.0.1.
 * @param {import('node:http').RequestListener} handler
 * @returns {Promise<{ url: string, close: () => Promise<void> }>} `close()` ends open keep-alive connections too
 */
export async function listenLoopback(handler) {
  const server = createServer(handler);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Answers with the file at URL path `path` under `dir`, its content type by extension; 404 when there is none.
 * @param {import('node:http').ServerResponse} res
 * @param {string} dir
 * @param {string} path
 * @param {Record<string, string>} [headers] more response headers
 */
export async function sendFile(res, dir, path, headers = {}) {
  const file = join(dir, normalize(`/${path}`)); // rooted first, so `..` cannot climb out of dir
  const body = await readFile(file).catch(() => null);
  if (!body) return res.writeHead(404).end();
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', ...headers }).end(body);
}

/**
 * Answers TOKEN_ROUTE: a token minted from the API's /connect/token with the dev credentials, as plain text
 * (502 when the API refuses).
 * @param {import('node:http').ServerResponse} res
 * @param {string} apiUrl
 */
export async function sendToken(res, apiUrl) {
  const answer = await fetch(`${apiUrl}/connect/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: DEV_CREDENTIALS.clientId,
      client_secret: DEV_CREDENTIALS.clientSecret,
    }),
  });
  const { access_token: token } = await answer.json();
  res.writeHead(answer.ok ? 200 : 502, { 'content-type': 'text/plain' }).end(token ?? '');
}
