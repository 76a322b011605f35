// SPDX-License-Identifier: MIT
// The fault-injection admin routes, /__admin/*. They exist only when the server was started with
// --faults (or GROUPDOCS_SERVER_FAULTS=1); otherwise every /__admin path is a plain 404. They are served
// by the same listener as the API, need no token (they are meant for a test harness on the same machine),
// are never journaled and are never subject to fault rules themselves.

import { ApiError, JSON_BODY_LIMIT, readBody, sendJson } from '../http-util.js';
import { FaultRuleError } from '../faults.js';

const ROUTES = {
  'GET /__admin': 'this index',
  'POST /__admin/faults': 'add a rule (object) or rules (array, or {"rules": [...]}); answers the stored rules',
  'GET /__admin/faults': 'the rules not used up yet, and how many requests are waiting out a delay now',
  'POST /__admin/faults/release': 'end every delay in progress: those requests are handled now',
  'DELETE /__admin/faults': 'remove every rule',
  'DELETE /__admin/faults/{id}': 'remove one rule',
  'POST /__admin/tokens/expire': 'every token issued so far is refused as expired',
  'POST /__admin/operations/fail-next':
    '{"message"?: string, "count"?: n}: the next n operations created end Failed with message',
  'POST /__admin/operations/cancel-next': '{"count"?: n}: the next n operations created end Canceled',
  'POST /__admin/reset': 'empty every storage; forget operations, rules, queued operation faults and the journal',
  'GET /__admin/journal':
    '?since=seq&limit=n: requests as {seq, requestId, method, path, query, status, time, durationMs, fault?}',
  'DELETE /__admin/journal': 'clear the journal',
};

/** @param {import('node:http').IncomingMessage} req @returns {Promise<any>} the JSON body, `{}` when empty */
async function optionalJson(req) {
  const text = (await readBody(req, JSON_BODY_LIMIT)).toString('utf8').trim();
  if (text === '') return {};
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ApiError(400, 'InvalidJson', `The request body is not valid JSON: ${e.message}`);
  }
}

/** @param {unknown} v @returns {number} */
function countOf(v) {
  if (v === undefined) return 1;
  if (!Number.isInteger(v) || v < 1 || v > 10000)
    throw new ApiError(400, 'InvalidRequest', '"count" must be an integer from 1 to 10000.');
  return /** @type {number} */ (v);
}

/**
 * Serves /__admin/*.
 * @param {import('../http-util.js').RequestContext} ctx
 * @param {any} app
 */
export async function handleAdmin(ctx, app) {
  const { faults } = app;
  const path = ctx.rawPath.replace(/\/+$/, '');
  const route = `${ctx.method} ${path}`;
  switch (route) {
    case 'GET /__admin':
      return sendJson(ctx, 200, { routes: ROUTES });
    case 'POST /__admin/faults': {
      const body = await optionalJson(ctx.req);
      const inputs = Array.isArray(body) ? body : Array.isArray(body?.rules) ? body.rules : [body];
      try {
        const rules = inputs.map((r) => faults.add(r));
        return sendJson(ctx, 201, Array.isArray(body) || Array.isArray(body?.rules) ? { rules } : rules[0]);
      } catch (e) {
        if (e instanceof FaultRuleError) throw new ApiError(400, 'InvalidFaultRule', e.message);
        throw e;
      }
    }
    case 'GET /__admin/faults':
      return sendJson(ctx, 200, { rules: faults.list(), delayed: faults.delayedCount() });
    case 'POST /__admin/faults/release':
      return sendJson(ctx, 200, { released: faults.releaseDelays() });
    case 'DELETE /__admin/faults':
      faults.clear();
      return sendJson(ctx, 200, { rules: [] });
    case 'POST /__admin/tokens/expire':
      app.tokens.expireAll();
      return sendJson(ctx, 200, { expired: true });
    case 'POST /__admin/operations/fail-next': {
      const body = await optionalJson(ctx.req);
      if (body.message !== undefined && typeof body.message !== 'string')
        throw new ApiError(400, 'InvalidRequest', '"message" must be a string.');
      const count = countOf(body.count);
      faults.addOperationFault('fail', count, body.message);
      return sendJson(ctx, 200, { queued: faults.operationFaults.length });
    }
    case 'POST /__admin/operations/cancel-next': {
      const count = countOf((await optionalJson(ctx.req)).count);
      faults.addOperationFault('cancel', count);
      return sendJson(ctx, 200, { queued: faults.operationFaults.length });
    }
    case 'POST /__admin/reset':
      await app.reset();
      return sendJson(ctx, 200, { reset: true });
    case 'GET /__admin/journal': {
      const since = Number(ctx.query.get('since') ?? 0);
      const limit = Number(ctx.query.get('limit') ?? 10000);
      const entries = faults.readJournal(Number.isFinite(since) ? since : 0, Number.isFinite(limit) ? limit : 10000);
      return sendJson(ctx, 200, { entries, lastSeq: faults.seq });
    }
    case 'DELETE /__admin/journal':
      faults.clearJournal();
      return sendJson(ctx, 200, { entries: [] });
    default: {
      const one = /^DELETE \/__admin\/faults\/([^/]+)$/.exec(route);
      if (one) {
        const before = faults.rules.length;
        faults.rules = faults.rules.filter((r) => r.id !== decodeURIComponent(one[1]));
        if (faults.rules.length === before) throw new ApiError(404, 'NotFound', `No fault rule '${one[1]}'.`);
        return sendJson(ctx, 200, { rules: faults.list() });
      }
      throw new ApiError(404, 'NotFound', `No admin route ${route}. GET /__admin lists them.`);
    }
  }
}
