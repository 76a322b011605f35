// SPDX-License-Identifier: MIT
// POST /demo/token: the "minimal backend that mints tokens" a web page needs, for the demo page
// (`npm start`, scripts/start.js) and the browser tests. Off unless startServer() gets `demoToken`.
//
// The page must never hold a client secret, so it asks this route, which exchanges the credentials it
// was configured with at `<baseUrl>/connect/token` (client credentials) and returns only the token.
// It is the pattern to copy into a real backend, with two differences: put the route behind your own
// session/user check, and keep it same-origin. That is why its answers carry no CORS headers (unlike the
// API's): another site's page cannot read a token from it.

import { ApiError, discardRest, errorBody, sendJson } from './http-util.js';

const UPSTREAM_TIMEOUT_MS = 15_000;

/**
 * @typedef {object} DemoTokenOptions
 * @property {string} [path='/demo/token'] where the route lives; must not be under /v2.0, /connect or /__admin
 * @property {string} [baseUrl] the API whose /connect/token mints the token; default this server itself
 * @property {string} clientId
 * @property {string} clientSecret
 */

/**
 * @param {DemoTokenOptions} options
 * @param {() => string} selfUrl this server's base URL, known once it listens
 * @returns {{ path: string, handle: (ctx: import('./http-util.js').RequestContext) => Promise<void> }}
 */
export function createDemoTokenRoute(options, selfUrl) {
  const { path = '/demo/token', baseUrl, clientId, clientSecret } = options ?? {};
  if (typeof path !== 'string' || !path.startsWith('/') || /^\/(v2\.0|connect|__admin)(\/|$)/i.test(path)) {
    throw new TypeError(`demoToken.path must be a path outside the API's prefixes, got ${JSON.stringify(path)}`);
  }
  if (typeof clientId !== 'string' || !clientId || typeof clientSecret !== 'string' || !clientSecret) {
    throw new TypeError('demoToken needs clientId and clientSecret');
  }
  if (baseUrl !== undefined) new URL(baseUrl); // throws on a bad URL at start-up, not per request

  async function handle(ctx) {
    if (ctx.method !== 'POST') {
      throw new ApiError(405, 'MethodNotAllowed', `Use POST for ${path}.`, { headers: { Allow: 'POST' } });
    }
    discardRest(ctx.req);
    const upstream = `${(baseUrl ?? selfUrl()).replace(/\/+$/, '')}/connect/token`;
    let answer;
    try {
      const res = await fetch(upstream, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: clientId,
          client_secret: clientSecret,
        }),
        signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
      });
      const json = await res.json().catch(() => null);
      if (!res.ok || typeof json?.access_token !== 'string') {
        const reason = typeof json?.error === 'string' ? json.error : `HTTP ${res.status}`;
        return reply(
          ctx,
          502,
          errorBody(
            ctx.requestId,
            'TokenEndpointFailed',
            `The API's token endpoint refused the demo credentials (${reason}).`,
          ),
        );
      }
      answer = { access_token: json.access_token, token_type: 'Bearer', expires_in: json.expires_in };
    } catch (e) {
      const why = e?.name === 'TimeoutError' ? 'it did not answer in time' : 'it could not be reached';
      return reply(
        ctx,
        502,
        errorBody(ctx.requestId, 'TokenEndpointFailed', `The API's token endpoint ${upstream} failed: ${why}.`),
      );
    }
    reply(ctx, 200, answer);
  }

  return { path, handle };
}

/**
 * Writes JSON without the API's CORS headers (see the top of this file). Fault rules still apply.
 * @param {import('./http-util.js').RequestContext} ctx
 * @param {number} status
 * @param {unknown} value
 */
function reply(ctx, status, value) {
  sendJson(ctx, status, value, {}, { cors: false });
}
