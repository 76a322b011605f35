// SPDX-License-Identifier: MIT
// The request id and the one log entry per request (issue 20 item 5).
//
// The entry holds what an operator needs and nothing a client sent as content: the path without its query
// string (clients put tokens there: `?access_token=`, `?code=`), never a header value, never a body (the token
// route takes client_secret in its form body, conversions carry document passwords in their options).

import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';

// An incoming x-request-id is echoed in a response header and written to the log: only a short id made of
// characters that are safe in both is honoured; anything else gets an id of our own.
const REQUEST_ID = /^[A-Za-z0-9._:+/=@-]{1,128}$/;
// W3C Trace Context: version-traceid-parentid-flags, lower-case hex; version ff and an all-zero trace id are
// invalid, and versions after 00 may append fields (https://www.w3.org/TR/trace-context/#traceparent-header).
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/**
 * The id of a request: its `x-request-id` when that is a plausible id, else the trace id of a valid W3C
 * `traceparent`, else a new UUID.
 * @param {import('node:http').IncomingHttpHeaders} headers
 * @returns {string}
 */
export function requestIdOf(headers) {
  const given = headers['x-request-id'];
  if (typeof given === 'string' && REQUEST_ID.test(given)) return given;
  const trace = TRACEPARENT.exec(String(headers.traceparent ?? '').trim());
  if (trace) {
    const [, version, traceId, , , extra] = trace;
    if (version !== 'ff' && !/^0+$/.test(traceId) && !(version === '00' && extra)) return traceId;
  }
  return randomUUID();
}

/**
 * @typedef {object} RequestLogEntry
 * @property {string} time when the request arrived, ISO 8601
 * @property {string} requestId
 * @property {string} method
 * @property {string} path the URL path, as sent, without the query string
 * @property {number | null} status null when the connection ended before any response
 * @property {number} durationMs from the request's headers to the response's end (or the connection's)
 * @property {number} bytesIn bytes read from the connection for this request, headers included (as nginx's
 *   `$request_length`); a refused upload counts what was read before the answer
 * @property {number} bytesOut bytes written to the connection for it, headers included (nginx's `$bytes_sent`)
 */

// Where the previous request on a keep-alive connection ended, in the socket's byte counters.
const marks = new WeakMap();

/**
 * Calls `write` with the request's log entry once its response has ended or its connection has closed.
 * @param {import('./http-util.js').RequestContext} ctx
 * @param {(entry: RequestLogEntry) => void} write
 */
export function logWhenDone(ctx, write) {
  const { req, res } = ctx;
  const socket = req.socket;
  const time = new Date().toISOString();
  const started = performance.now();
  const mark = marks.get(socket) ?? { read: 0, written: 0 };
  res.once('close', () => {
    const read = socket.bytesRead ?? mark.read;
    const written = socket.bytesWritten ?? mark.written;
    marks.set(socket, { read, written });
    write({
      time,
      requestId: ctx.requestId,
      method: ctx.method,
      path: ctx.rawPath,
      status: res.headersSent ? res.statusCode : null,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      bytesIn: read - mark.read,
      bytesOut: written - mark.written,
    });
  });
}
