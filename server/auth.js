// SPDX-License-Identifier: MIT
// Client-credentials tokens: HS256 JWTs signed with node:crypto.
//
// The official Node SDK decodes the token (without verifying it) and refreshes only when `exp` has passed,
// so the token must be a JWT carrying `exp` (reference §3). Verification is strict: only HS256, a
// timing-safe signature compare, `exp` in the future, and the current "generation" so that the
// fault-injection route can expire every token at once.

import { createHmac, createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { ApiError, readBody, sendJson } from './http-util.js';

/** Fixed development credentials, documented in the README and printed at start. */
export const DEV_CLIENT_ID = 'local-dev-client';
export const DEV_CLIENT_SECRET = 'local-dev-secret';

const TOKEN_BODY_LIMIT = 64 * 1024;

/** @param {Buffer | string} data @returns {string} */
function base64url(data) {
  return Buffer.from(data).toString('base64url');
}

/**
 * Compares two strings in time independent of where they differ. Hashing first makes the lengths equal,
 * so the length of the secret does not leak either.
 * @param {string} a
 * @param {string} b
 * @returns {boolean}
 */
export function safeEqual(a, b) {
  const ha = createHash('sha256').update(String(a)).digest();
  const hb = createHash('sha256').update(String(b)).digest();
  return timingSafeEqual(ha, hb);
}

/**
 * Issues and verifies the server's tokens.
 */
export class TokenService {
  /**
   * @param {{ clientId: string, clientSecret: string, signingKey: Buffer, lifetimeSeconds: number, issuer?: string }} options
   */
  constructor({ clientId, clientSecret, signingKey, lifetimeSeconds, issuer = 'groupdocs-local-server' }) {
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.key = Buffer.from(signingKey);
    this.lifetimeSeconds = lifetimeSeconds;
    this.issuer = issuer;
    // `expireAll()` bumps the generation and tokens of an earlier one are refused as expired. It is not
    // persisted: after a restart with --data, tokens signed with the persisted key are valid again.
    this.generation = 0;
  }

  /** @param {string} clientId @param {string} clientSecret @returns {boolean} */
  checkCredentials(clientId, clientSecret) {
    // Evaluate both compares always, so a wrong id and a wrong secret take the same time.
    const idOk = safeEqual(clientId, this.clientId);
    const secretOk = safeEqual(clientSecret, this.clientSecret);
    return idOk && secretOk;
  }

  /**
   * @param {string} subject the client id
   * @returns {{ access_token: string, expires_in: number, token_type: string }}
   */
  issue(subject) {
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'HS256', typ: 'JWT' };
    const payload = {
      iss: this.issuer,
      sub: subject,
      client_id: subject,
      scope: 'api',
      iat: now,
      nbf: now,
      exp: now + this.lifetimeSeconds,
      jti: randomUUID(),
      gen: this.generation,
    };
    const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
    const signature = createHmac('sha256', this.key).update(signingInput).digest('base64url');
    return { access_token: `${signingInput}.${signature}`, expires_in: this.lifetimeSeconds, token_type: 'Bearer' };
  }

  /**
   * Verifies a token; returns its payload or throws a 401 ApiError whose message never echoes the token.
   * @param {string} token
   * @returns {object}
   */
  verify(token) {
    const parts = token.split('.');
    if (parts.length !== 3) throw unauthorized('The access token is not a JWT issued by this server.');
    const [h, p, s] = parts;
    let header;
    let payload;
    try {
      header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
      payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    } catch {
      throw unauthorized('The access token is not a JWT issued by this server.');
    }
    // Refusing every other `alg` closes the "alg: none" and key-confusion attacks.
    if (header?.alg !== 'HS256' || typeof payload !== 'object' || payload === null) {
      throw unauthorized('The access token is not a JWT issued by this server.');
    }
    const expected = createHmac('sha256', this.key).update(`${h}.${p}`).digest();
    const given = Buffer.from(s, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw unauthorized('The access token signature is invalid (it was not issued by this server instance).');
    }
    const now = Math.floor(Date.now() / 1000);
    if (typeof payload.exp !== 'number' || payload.exp < now) throw unauthorized('The access token has expired.');
    if (payload.gen !== this.generation) throw unauthorized('The access token has expired.');
    return payload;
  }

  /** Makes every token issued so far invalid (fault injection). */
  expireAll() {
    this.generation += 1;
  }
}

/**
 * @param {string} message
 * @returns {ApiError}
 */
export function unauthorized(message) {
  return new ApiError(401, 'Unauthorized', message, {
    headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
  });
}

/**
 * Checks the Bearer token of an API request.
 * @param {import('./http-util.js').RequestContext} ctx
 * @param {TokenService} tokens
 */
export function requireBearer(ctx, tokens) {
  const header = ctx.req.headers.authorization;
  if (!header)
    throw unauthorized(
      'Authorization header is missing: send "Authorization: Bearer <token>" from POST /connect/token.',
    );
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw unauthorized('Authorization header must be "Bearer <token>".');
  return tokens.verify(match[1]);
}

/**
 * Parses the token request's credentials: form body (what the SDKs send), JSON, or HTTP Basic (RFC 6749 §2.3.1).
 * @param {import('node:http').IncomingMessage} req
 * @param {Buffer} body
 * @returns {{ grantType?: string, clientId?: string, clientSecret?: string }}
 */
function parseTokenRequest(req, body) {
  const type = String(req.headers['content-type'] ?? '').toLowerCase();
  let fields = {};
  if (type.includes('application/json')) {
    try {
      const parsed = JSON.parse(body.toString('utf8'));
      if (parsed && typeof parsed === 'object') fields = parsed;
    } catch {
      return { malformed: true };
    }
  } else {
    fields = Object.fromEntries(new URLSearchParams(body.toString('utf8')));
  }
  let clientId = fields.client_id;
  let clientSecret = fields.client_secret;
  const basic = /^Basic\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''));
  if (basic && clientId === undefined) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon >= 0) {
      clientId = decodeURIComponent(decoded.slice(0, colon));
      clientSecret = decodeURIComponent(decoded.slice(colon + 1));
    }
  }
  return { grantType: fields.grant_type, clientId, clientSecret };
}

/**
 * `POST /connect/token`. OAuth errors use the plain `{"error": "..."}` body, not the API error body,
 * because that is what the SDKs parse (reference §3).
 * @param {import('./http-util.js').RequestContext} ctx
 * @param {TokenService} tokens
 */
export async function handleTokenRequest(ctx, tokens) {
  if (ctx.method !== 'POST') {
    throw new ApiError(405, 'MethodNotAllowed', 'Use POST for /connect/token.', {
      headers: { Allow: 'POST, OPTIONS' },
    });
  }
  const body = await readBody(ctx.req, TOKEN_BODY_LIMIT);
  const request = parseTokenRequest(ctx.req, body);
  const oauthError = (error) => sendJson(ctx, 400, { error });
  if (request.malformed) return oauthError('invalid_request');
  if (request.grantType !== 'client_credentials') {
    return oauthError(request.grantType === undefined ? 'invalid_request' : 'unsupported_grant_type');
  }
  if (
    typeof request.clientId !== 'string' ||
    typeof request.clientSecret !== 'string' ||
    !tokens.checkCredentials(request.clientId, request.clientSecret)
  ) {
    return oauthError('invalid_client');
  }
  sendJson(ctx, 200, tokens.issue(request.clientId));
}

/** @returns {Buffer} a fresh random 256-bit signing key */
export function randomSigningKey() {
  return randomBytes(32);
}
