// SPDX-License-Identifier: MIT
// Response writing, the API error body, CORS and bounded body reading.
//
// Every response leaves through `send()`, which is why fault injection (faults.js) can mutilate any of them
// and why every response carries `x-request-id`, CORS headers and a Content-Type of either
// application/json or application/octet-stream (Go's SDK decodes by those two and nothing else). The one
// other exit, `sendStream()` (a download from the disk storage), sets the same headers; a request with a fault
// rule is answered through `send()` instead (routes/file.js).

import { pipeline } from 'node:stream/promises';

/** An error that becomes an API error body (reference §5.2) with the given HTTP status. */
export class ApiError extends Error {
  /**
   * @param {number} status HTTP status
   * @param {string} code machine-readable code, e.g. `FileNotFound`
   * @param {string} message human-readable message; never contains a secret
   * @param {{ description?: string, headers?: Record<string, string> }} [extra]
   */
  constructor(status, code, message, extra = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.description = extra.description;
    this.headers = extra.headers;
  }
}

/** The message every SDK test expects for a storage key that is absent (reference §5.2). */
export const MISSING_KEY_MESSAGE = 'AmazonS3 Storage exception: The specified key does not exist.';

/**
 * A 404 for a missing storage object. The message starts with the exact S3 text the official SDK tests
 * assert, then names the path so humans can tell which file it was.
 * @param {string} path
 * @param {string} [storageName]
 * @returns {ApiError}
 */
export function missingKey(path, storageName = 'First Storage') {
  return new ApiError(404, 'FileNotFound', `${MISSING_KEY_MESSAGE} Path: '${path}' in storage '${storageName}'.`);
}

/**
 * Builds the ApiErrorResponse body of reference §5.2.
 * @param {string} requestId
 * @param {string} code
 * @param {string} message
 * @param {string} [description]
 * @returns {object}
 */
export function errorBody(requestId, code, message, description) {
  return {
    requestId,
    error: {
      code,
      message,
      description: description ?? message,
      dateTime: new Date().toISOString(),
      innerError: null,
    },
  };
}

// Headers a browser client must be able to read; Content-Length is safelisted but older engines want it named.
const EXPOSED_HEADERS = [
  'Content-Disposition',
  'Content-Length',
  'Content-Type',
  'Retry-After',
  'x-request-id',
  'x-groupdocs-page-count',
  'x-groupdocs-ignored-options',
  'WWW-Authenticate',
].join(', ');
const ALLOWED_METHODS = 'GET, POST, PUT, DELETE, OPTIONS';
const BASE_ALLOWED_HEADERS = ['authorization', 'content-type', 'accept', 'x-request-id'];

/**
 * CORS headers for any response. The API uses Bearer tokens, never cookies, so `*` is safe and needs no
 * `Vary: Origin`.
 * @returns {Record<string, string>}
 */
export function corsHeaders() {
  return {
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Expose-Headers': EXPOSED_HEADERS,
  };
}

/**
 * Headers answering a CORS preflight. Browsers cannot wildcard a header prefix, so requested headers are
 * echoed back when they are in the allowed set or start with `x-groupdocs-`.
 * @param {import('node:http').IncomingMessage} req
 * @returns {Record<string, string>}
 */
export function preflightHeaders(req) {
  const requested = String(req.headers['access-control-request-headers'] ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  const allowed = new Set(BASE_ALLOWED_HEADERS);
  for (const h of requested) if (h.startsWith('x-groupdocs-')) allowed.add(h);
  allowed.add('x-groupdocs-client').add('x-groupdocs-client-version');
  return {
    ...corsHeaders(),
    'Access-Control-Allow-Methods': ALLOWED_METHODS,
    'Access-Control-Allow-Headers': [...allowed].join(', '),
    'Access-Control-Max-Age': '600',
  };
}

/**
 * Writes a complete response: status, headers, body. The single exit for every response.
 * @param {RequestContext} ctx
 * @param {number} status
 * @param {Record<string, string | number>} headers must include Content-Type
 * @param {Buffer} body
 * @param {{ cors?: boolean }} [options] `cors: false` leaves out the API's CORS headers (server/demo-token.js)
 */
export function send(ctx, status, headers, body, { cors = true } = {}) {
  const { res } = ctx;
  if (res.headersSent || res.destroyed) return;
  ctx.status = status;
  const all = {
    ...(cors ? corsHeaders() : {}),
    'x-request-id': ctx.requestId,
    'Cache-Control': 'no-store',
    ...headers,
    'Content-Length': body.length,
  };
  if (ctx.fault?.write) {
    ctx.fault.write(res, status, all, body);
    return;
  }
  res.writeHead(status, all);
  res.end(body);
}

/**
 * Sends a JSON value.
 * @param {RequestContext} ctx
 * @param {number} status
 * @param {unknown} value
 * @param {Record<string, string>} [headers]
 * @param {{ cors?: boolean }} [options] as send()'s
 */
export function sendJson(ctx, status, value, headers = {}, options = undefined) {
  send(
    ctx,
    status,
    { 'Content-Type': 'application/json; charset=utf-8', ...headers },
    Buffer.from(JSON.stringify(value)),
    options,
  );
}

/** The body copy, move, create and delete answer with (the docs' sample; the SDKs ignore it). */
export function sendOk(ctx) {
  sendJson(ctx, 200, { code: 200, status: 'OK' });
}

/**
 * Sends file bytes as application/octet-stream with a Content-Disposition naming the file.
 * @param {RequestContext} ctx
 * @param {Buffer} bytes
 * @param {string} fileName
 * @param {Record<string, string>} [headers]
 */
export function sendBytes(ctx, bytes, fileName, headers = {}) {
  send(
    ctx,
    200,
    {
      'Content-Type': 'application/octet-stream',
      'Content-Disposition': contentDisposition(fileName),
      ...headers,
    },
    bytes,
  );
}

/**
 * Sends a file from a stream (the disk storage, issue 13): the headers of sendBytes, then the bytes as they
 * are read, so that a file larger than memory is sent with flat memory. A read error after the headers can
 * only cut the response short: the socket is closed, and the client sees fewer bytes than Content-Length.
 * @param {RequestContext} ctx
 * @param {{ size: number, stream: import('node:stream').Readable }} file
 * @param {string} fileName
 */
export function sendStream(ctx, { size, stream }, fileName) {
  const { res } = ctx;
  if (res.headersSent || res.destroyed) {
    stream.destroy();
    return;
  }
  ctx.status = 200;
  res.writeHead(200, {
    ...corsHeaders(),
    'x-request-id': ctx.requestId,
    'Cache-Control': 'no-store',
    'Content-Type': 'application/octet-stream',
    'Content-Disposition': contentDisposition(fileName),
    'Content-Length': size,
  });
  pipeline(stream, res).catch((err) => {
    if (err.code !== 'ERR_STREAM_PREMATURE_CLOSE') ctx.log?.(`request ${ctx.requestId}: send failed: ${err.message}`);
  });
}

/**
 * RFC 6266 Content-Disposition: an ASCII fallback plus the UTF-8 `filename*`.
 * @param {string} fileName
 * @returns {string}
 */
export function contentDisposition(fileName) {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * Sends an error as the API error body. Unexpected errors become a 500 whose message says nothing about
 * internals; their detail goes to the server log instead.
 * @param {RequestContext} ctx
 * @param {unknown} err
 */
export function sendError(ctx, err) {
  if (err instanceof ApiError) {
    sendJson(ctx, err.status, errorBody(ctx.requestId, err.code, err.message, err.description), err.headers);
    return;
  }
  ctx.log?.(`request ${ctx.requestId}: unexpected error: ${err?.stack ?? err}`);
  sendJson(ctx, 500, errorBody(ctx.requestId, 'InternalError', 'The server failed to process the request.'));
}

/** The largest JSON request body (ConvertSettings, admin rules): 413 above it (issue 20 item 6). */
export const JSON_BODY_LIMIT = 1024 * 1024;

/**
 * Reads a whole request body up to `limit` bytes. Refuses early on a declared Content-Length over the limit,
 * and stops reading (413) as soon as the streamed count passes it.
 * @param {import('node:http').IncomingMessage} req
 * @param {number} limit
 * @returns {Promise<Buffer>}
 */
export function readBody(req, limit) {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    return Promise.reject(tooLarge(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks, size));
    });
    req.on('error', (e) => {
      if (!failed) {
        failed = true;
        reject(e);
      }
    });
  });
}

/**
 * Reads and parses a JSON body; malformed JSON is a 400.
 * @param {import('node:http').IncomingMessage} req
 * @param {number} limit
 * @returns {Promise<unknown>}
 */
export async function readJson(req, limit) {
  const body = await readBody(req, limit);
  const text = body.toString('utf8').replace(/^\uFEFF/, '');
  if (text.trim() === '')
    throw new ApiError(400, 'InvalidRequest', 'The request body is empty; a JSON object is required.');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ApiError(400, 'InvalidJson', `The request body is not valid JSON: ${e.message}`);
  }
}

/**
 * The 413 for a body over the limit.
 * @param {number} limit
 * @returns {ApiError}
 */
export function tooLarge(limit) {
  return new ApiError(413, 'RequestTooLarge', `The request body is larger than the limit of ${limit} bytes.`);
}

/**
 * After an early error response, the rest of the request body is discarded rather than buffered. A client
 * that keeps streaming a huge body past a grace period loses the connection. (node:http answers an
 * incomplete request with `Connection: close` and closes the connection once the answer is sent, so in
 * practice the rest is never read: tests/node/server-slow-clients.test.js.)
 * @param {import('node:http').IncomingMessage} req
 * @param {number} [graceMs]
 */
export function discardRest(req, graceMs = 2000) {
  if (req.complete || req.destroyed) return;
  req.resume();
  const timer = setTimeout(() => req.destroy(), graceMs);
  timer.unref();
  req.once('end', () => clearTimeout(timer));
  req.once('close', () => clearTimeout(timer));
}

/**
 * A query parameter, matched case-insensitively (PascalCase clients exist); the first value wins.
 * @param {RequestContext} ctx
 * @param {string} name
 * @returns {string | null}
 */
export function queryParam(ctx, name) {
  const direct = ctx.query.get(name);
  if (direct !== null) return direct;
  const lower = name.toLowerCase();
  for (const [k, v] of ctx.query) if (k.toLowerCase() === lower) return v;
  return null;
}

/**
 * A boolean query parameter: `true`/`false` (any case), `1`/`0`; absent gives `fallback`.
 * @param {RequestContext} ctx
 * @param {string} name
 * @param {boolean} fallback
 * @returns {boolean}
 */
export function booleanParam(ctx, name, fallback) {
  const v = queryParam(ctx, name);
  if (v === null || v === '') return fallback;
  if (/^(true|1)$/i.test(v)) return true;
  if (/^(false|0)$/i.test(v)) return false;
  throw new ApiError(400, 'InvalidRequest', `"${name}" must be true or false.`);
}

/**
 * @typedef {object} RequestContext
 * @property {import('node:http').IncomingMessage} req
 * @property {import('node:http').ServerResponse} res
 * @property {string} requestId
 * @property {string} method
 * @property {string} rawPath the path as sent, still percent-encoded
 * @property {URLSearchParams} query
 * @property {string} baseUrl `http://host:port` (`https://` with the `tls` option) as the client addressed this server
 * @property {{ write?: Function }} [fault]
 * @property {(line: string) => void} [log]
 */
