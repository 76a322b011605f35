// SPDX-License-Identifier: MIT
// Deterministic fault injection and the request journal, for reliability tests.
//
// A rule matches the next N requests by method and path (prefix or regex) and then either answers a given
// status, delays, drops the connection at a chosen point, truncates the body, or sends malformed JSON.
// The response-mutilating actions let the real handler run first (so "the upload was stored but the reply
// was lost" can be tested) and then intercept the single `send()` every response goes through.

import { STATUS_CODES } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { errorBody } from './http-util.js';

const ACTIONS = new Set(['status', 'delay', 'drop', 'truncate', 'malformed-json']);
const DROP_POINTS = new Set(['request', 'headers', 'body']);
const JOURNAL_LIMIT = 10000;
// Query keys that could carry a credential never reach the journal in clear.
const SECRET_KEYS = /secret|token|password|authorization|key/i;

/** A rule the admin route rejected; becomes a 400. */
export class FaultRuleError extends Error {}

/**
 * Validates and normalises a rule from `POST /__admin/faults`.
 * @param {any} input
 * @param {number} id
 */
function normaliseRule(input, id) {
  if (!input || typeof input !== 'object' || Array.isArray(input))
    throw new FaultRuleError('A fault rule must be a JSON object.');
  const action =
    input.action ?? (input.status !== undefined ? 'status' : input.delayMs !== undefined ? 'delay' : undefined);
  if (!ACTIONS.has(action)) throw new FaultRuleError(`"action" must be one of: ${[...ACTIONS].join(', ')}.`);
  const rule = {
    id: `f${id}`,
    method: typeof input.method === 'string' && input.method !== '*' ? input.method.toUpperCase() : '*',
    path: typeof input.path === 'string' ? input.path : undefined,
    pathRegex: typeof input.pathRegex === 'string' ? input.pathRegex : undefined,
    times: input.times === undefined ? 1 : input.times,
    action,
    delayMs: input.delayMs ?? 0,
  };
  if (rule.pathRegex !== undefined) {
    try {
      rule.regex = new RegExp(rule.pathRegex);
    } catch (e) {
      throw new FaultRuleError(`"pathRegex" is not a valid regular expression: ${e.message}`);
    }
  }
  if (!(Number.isInteger(rule.times) && (rule.times >= 1 || rule.times === -1))) {
    throw new FaultRuleError('"times" must be a positive integer, or -1 for every matching request.');
  }
  if (!(Number.isFinite(rule.delayMs) && rule.delayMs >= 0 && rule.delayMs <= 600000)) {
    throw new FaultRuleError('"delayMs" must be a number of milliseconds between 0 and 600000.');
  }
  if (action === 'status') {
    if (!(Number.isInteger(input.status) && input.status >= 100 && input.status <= 599)) {
      throw new FaultRuleError('"status" must be an HTTP status between 100 and 599.');
    }
    rule.status = input.status;
    if (input.retryAfter !== undefined) rule.retryAfter = String(input.retryAfter);
    if (input.body !== undefined) rule.body = input.body;
    if (input.headers && typeof input.headers === 'object') rule.headers = input.headers;
  }
  if (action === 'drop') {
    rule.dropAt = input.dropAt ?? 'headers';
    if (!DROP_POINTS.has(rule.dropAt))
      throw new FaultRuleError(`"dropAt" must be one of: ${[...DROP_POINTS].join(', ')}.`);
  }
  if (action === 'drop' || action === 'truncate') {
    if (input.bytes !== undefined && !(Number.isInteger(input.bytes) && input.bytes >= 0)) {
      throw new FaultRuleError('"bytes" must be a non-negative integer.');
    }
    rule.bytes = input.bytes;
  }
  return rule;
}

/** @param {object} rule @returns {object} the rule as the admin route shows it */
function publicRule(rule) {
  const { regex, ...rest } = rule;
  return rest;
}

/** The part of a body sent before a drop or truncation: `bytes` if given, else half. */
function partialLength(rule, body) {
  const n = rule.bytes ?? Math.floor(body.length / 2);
  return Math.min(n, Math.max(body.length - 1, 0));
}

/** Holds the fault rules, the "next operation" faults, the request journal and the requests being delayed. */
export class FaultInjector {
  constructor() {
    /** @type {Set<AbortController>} one per request waiting out a rule's delay */
    this.delayed = new Set();
    this.reset();
  }

  reset() {
    this.rules = [];
    this.nextId = 1;
    /** @type {Array<{ kind: 'fail' | 'cancel', message?: string }>} */
    this.operationFaults = [];
    this.journal = [];
    this.seq = 0;
  }

  /** @param {any} input @returns {object} the stored rule */
  add(input) {
    const rule = normaliseRule(input, this.nextId);
    this.nextId += 1;
    this.rules.push(rule);
    return publicRule(rule);
  }

  /** @returns {object[]} */
  list() {
    return this.rules.map(publicRule);
  }

  clear() {
    this.rules = [];
  }

  /**
   * Finds the first rule matching a request and consumes one of its uses.
   * @param {string} method
   * @param {string} path the URL path, without the query
   * @returns {object | null}
   */
  take(method, path) {
    const index = this.rules.findIndex(
      (r) =>
        (r.method === '*' || r.method === method) &&
        (r.path === undefined || path.startsWith(r.path)) &&
        (r.regex === undefined || r.regex.test(path)),
    );
    if (index < 0) return null;
    const rule = this.rules[index];
    if (rule.times !== -1) {
      rule.times -= 1;
      if (rule.times === 0) this.rules.splice(index, 1);
    }
    return rule;
  }

  /**
   * Waits out a rule's `delayMs` before the request is handled. The wait ends early when the client hangs
   * up (nothing would read the answer), on `releaseDelays()`, or when the server closes, so that a test can
   * hold requests for as long as it needs (`delayMs` up to 600000) without a clock: it sees them held in
   * `delayedCount()` and lets them go when it is ready.
   * @param {number} ms
   * @param {import('node:http').ServerResponse} res
   */
  async delay(ms, res) {
    const controller = new AbortController();
    const hangUp = () => controller.abort();
    this.delayed.add(controller);
    res.once('close', hangUp);
    try {
      await sleep(ms, undefined, { signal: controller.signal });
    } catch (err) {
      if (err.name !== 'AbortError') throw err;
    } finally {
      this.delayed.delete(controller);
      res.off('close', hangUp);
    }
  }

  /** @returns {number} how many requests are waiting out a delay now */
  delayedCount() {
    return this.delayed.size;
  }

  /** Ends every delay in progress: the requests are handled now. @returns {number} how many there were */
  releaseDelays() {
    const count = this.delayed.size;
    for (const controller of this.delayed) controller.abort();
    return count;
  }

  /**
   * Queues faults for the next operations created.
   * @param {'fail' | 'cancel'} kind
   * @param {number} count
   * @param {string} [message]
   */
  addOperationFault(kind, count, message) {
    for (let i = 0; i < count; i += 1) this.operationFaults.push({ kind, message });
  }

  /** @returns {{ kind: 'fail' | 'cancel', message?: string } | undefined} the fault for a new operation */
  takeOperationFault() {
    return this.operationFaults.shift();
  }

  /**
   * Records one finished request. The Authorization header and any body are never recorded, and query
   * values under secret-looking keys are redacted.
   * @param {{ requestId: string, method: string, path: string, query: URLSearchParams, status: number | null,
   *   time: Date, durationMs: number, fault?: string }} entry
   */
  record(entry) {
    const query = {};
    for (const [k, v] of entry.query) query[k] = SECRET_KEYS.test(k) ? '[redacted]' : v;
    this.seq += 1;
    this.journal.push({
      seq: this.seq,
      requestId: entry.requestId,
      method: entry.method,
      path: entry.path,
      query,
      status: entry.status,
      time: entry.time.toISOString(),
      durationMs: entry.durationMs,
      ...(entry.fault ? { fault: entry.fault } : {}),
    });
    if (this.journal.length > JOURNAL_LIMIT) this.journal.splice(0, this.journal.length - JOURNAL_LIMIT);
  }

  /** @param {number} since @param {number} limit */
  readJournal(since = 0, limit = JOURNAL_LIMIT) {
    return this.journal.filter((e) => e.seq > since).slice(0, limit);
  }

  clearJournal() {
    this.journal = [];
  }
}

/**
 * Answers a request with a rule's status (the handler does not run).
 * @param {import('./http-util.js').RequestContext} ctx
 * @param {object} rule
 * @param {Function} send http-util's send
 */
export function sendStatusFault(ctx, rule, send) {
  const headers = { ...(rule.headers ?? {}) };
  if (rule.retryAfter !== undefined) headers['Retry-After'] = rule.retryAfter;
  let body;
  if (rule.body === undefined) {
    body = Buffer.from(
      JSON.stringify(errorBody(ctx.requestId, 'InjectedFault', `Injected fault: status ${rule.status}.`)),
    );
  } else {
    body = Buffer.from(typeof rule.body === 'string' ? rule.body : JSON.stringify(rule.body));
  }
  send(ctx, rule.status, { 'Content-Type': 'application/json; charset=utf-8', ...headers }, body);
}

/**
 * The interceptor that mutilates the handler's response for drop, truncate and malformed-json rules.
 * Drops and truncations write the raw HTTP bytes to the socket themselves, so that exactly the chosen
 * part goes out before the connection ends (abruptly for "drop", with an orderly FIN for "truncate").
 * @param {object} rule
 * @returns {{ write: (res: import('node:http').ServerResponse, status: number, headers: object, body: Buffer) => void }}
 */
export function responseInterceptor(rule) {
  return {
    write(res, status, headers, body) {
      const socket = res.socket;
      if (rule.action === 'malformed-json') {
        const broken = Buffer.from('{"malformed": tru');
        res.writeHead(status, {
          ...headers,
          'Content-Type': 'application/json; charset=utf-8',
          'Content-Length': broken.length,
        });
        res.end(broken);
        return;
      }
      if (!socket || socket.destroyed) return;
      if (rule.action === 'drop' && rule.dropAt === 'request') {
        socket.destroy();
        return;
      }
      const head =
        `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Unknown'}\r\n` +
        Object.entries(headers)
          .map(([k, v]) => `${k}: ${v}\r\n`)
          .join('') +
        'Connection: close\r\n\r\n';
      const partial = rule.action === 'drop' && rule.dropAt === 'headers' ? 0 : partialLength(rule, body);
      socket.write(Buffer.concat([Buffer.from(head, 'latin1'), body.subarray(0, partial)]), () => {
        if (rule.action === 'truncate') socket.end();
        else socket.destroy();
      });
    },
  };
}
