// SPDX-License-Identifier: MIT
// Shared by the reliability tests (tests/node/reliability-*.test.js): the fault-injection admin API over HTTP
// (/__admin, server/README.md), the journal, and a snapshot of storage to prove that no fault lost or
// corrupted a file. The server itself comes from local-server.js (`faults: true`).

import { createHash } from 'node:crypto';
import { inspect } from 'node:util';
import { getToken, request } from './server.js';
import { waitFor } from './wait-for.js';

/**
 * The admin routes of a server started with faults.
 * @param {string} baseUrl
 */
export function adminOf(baseUrl) {
  const call = async (method, path, json) => {
    const reply = await request(baseUrl, { method, path: `/__admin/${path}`, json });
    if (reply.status >= 300) throw new Error(`admin ${method} ${path}: ${reply.status} ${reply.body}`);
    return reply.json;
  };
  return {
    /** @param {object | object[]} rule see server/README.md "Fault injection" */
    fault: (rule) => call('POST', 'faults', rule),
    clearFaults: () => call('DELETE', 'faults'),
    /** Resolves once the server holds `count` requests in a rule's delay (see `release`). */
    untilDelayed: (count = 1) =>
      waitFor(
        async () => (await call('GET', 'faults')).delayed >= count,
        `the server to hold ${count} request(s) in a delay`,
      ),
    /** Ends every delay in progress: a held request is handled now. */
    release: () => call('POST', 'faults/release'),
    expireTokens: () => call('POST', 'tokens/expire'),
    failNext: (message, count = 1) => call('POST', 'operations/fail-next', { message, count }),
    cancelNext: (count = 1) => call('POST', 'operations/cancel-next', { count }),
    reset: () => call('POST', 'reset'),
    /** @returns {Promise<number>} the last journal sequence number */
    mark: async () => (await call('GET', `journal?since=${Number.MAX_SAFE_INTEGER}`)).lastSeq,
    /** @returns {Promise<object[]>} the journal entries after `since` */
    journal: async (since = 0) => (await call('GET', `journal?since=${since}`)).entries,
    /** The journal as the server sends it, for the secrets test. */
    journalText: async () => JSON.stringify(await call('GET', 'journal')),
  };
}

/**
 * Journal entries of one method whose path matches.
 * @param {object[]} entries
 * @param {string} method
 * @param {RegExp} path
 */
export function sent(entries, method, path) {
  return entries.filter((e) => e.method === method && path.test(e.path));
}

/** The journal's paths for a readable assertion message. */
export function describeJournal(entries) {
  return entries.map((e) => `${e.method} ${e.path} ${e.status}${e.fault ? ` (${e.fault})` : ''}`).join('\n');
}

export const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/**
 * Every file in the default storage with the SHA-256 of its bytes, read over the API itself (so it works
 * from a child process too) with a token of its own. Faults must be cleared first.
 * @param {string} baseUrl
 * @param {{ clientId: string, clientSecret: string }} credentials
 * @returns {Promise<Map<string, string>>} path (no leading '/') → sha256
 */
export async function storageSnapshot(baseUrl, credentials) {
  const token = await getToken(baseUrl, credentials.clientId, credentials.clientSecret);
  const out = new Map();
  const encode = (path) => path.split('/').filter(Boolean).map(encodeURIComponent).join('/');
  const walk = async (folder) => {
    const list = await request(baseUrl, { path: `/v2.0/conversion/storage/folder/${encode(folder)}`, token });
    if (list.status !== 200) throw new Error(`listing ${folder}: ${list.status} ${list.body}`);
    for (const entry of list.json.value) {
      const path = entry.path.replace(/^\/+|\/+$/g, '');
      if (entry.isFolder) {
        await walk(path);
      } else {
        const file = await request(baseUrl, { path: `/v2.0/conversion/storage/file/${encode(path)}`, token });
        if (file.status !== 200) throw new Error(`reading ${path}: ${file.status}`);
        out.set(path, sha256(file.body));
      }
    }
  };
  await walk('');
  return out;
}

/**
 * Awaits a promise and never throws: the outcome, and every error seen (kept in `errors` for the secrets
 * test).
 * @template T
 * @param {Promise<T>} promise
 * @param {unknown[]} [errors]
 * @returns {Promise<{ ok: boolean, value?: T, error?: any }>}
 */
export async function settle(promise, errors) {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    errors?.push(error);
    return { ok: false, error };
  }
}

/**
 * Every way an error can end up in a log: message, stack, JSON, util.inspect (hidden fields too) and the
 * same for each `cause` down the chain.
 * @param {unknown} error
 * @returns {string[]}
 */
export function errorViews(error) {
  const views = [];
  let current = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 8; depth += 1) {
    views.push(
      String(current?.message),
      String(current?.stack),
      safeJson(current),
      inspect(current, { depth: 10, showHidden: true }),
      String(current),
    );
    current = current?.cause;
  }
  return views;
}

function safeJson(value) {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}
