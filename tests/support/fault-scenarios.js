// SPDX-License-Identifier: MIT
// The fault matrix (issue "Reliability", item 4): one scenario per fault the local server can inject, each
// run through the real wasm client and asserting the exact outcome — recovered, or the exact typed error —
// what the server saw (its journal), and that no file in storage was lost or corrupted.
//
// Scenarios are data so that two tests share them: reliability-faults.test.js runs each as a test, and
// reliability-secrets.test.js runs them all in a child process with a distinctive secret and looks for it
// (and every token) in everything the client produced.

import assert from 'node:assert/strict';
import { describeJournal, sent, settle, sha256, storageSnapshot } from './reliability.js';
import { waitFor } from './wait-for.js';

const DOC_TEXT = 'FAKEDOC pages=1 a fault-matrix document';
/** A document the fake converter takes for docx; its PDF is `FAKE docx->pdf of <n> bytes`. */
export const DOC = new TextEncoder().encode(DOC_TEXT);
const PDF = new TextEncoder().encode(`FAKE docx->pdf of ${DOC.length} bytes`);
/** Files every scenario starts with; none may change. */
export const SEEDS = {
  'seed/report.docx': new TextEncoder().encode('FAKEDOC pages=3 the seed report'),
  'seed/nested/binary.bin': Uint8Array.from({ length: 4096 }, (_, i) => (i * 37) & 0xff),
  'seed/empty.txt': new Uint8Array(0),
};

const ASYNC = /^\/v2\.0\/conversion\/async$/;
const FILE = /^\/v2\.0\/conversion\/storage\/file\//;
const TOKEN = /^\/connect\/token$/;
const REPORT = /^\/v2\.0\/conversion\/storage\/file\/seed\/report\.docx$/;
const SEED_LISTING = /^\/v2\.0\/conversion\/storage\/folder\/seed$/;

/**
 * Client options for the matrix: quick backoff so that a scenario takes a fraction of a second, except
 * where the server's Retry-After says otherwise.
 */
export const MATRIX_CLIENT_OPTIONS = { retry: { baseDelayMs: 20, maxDelayMs: 100 } };

/**
 * @typedef {object} Context
 * @property {import('../../bindings/index.d.ts').ConversionClient} client
 * @property {ReturnType<import('./reliability.js').adminOf>} admin
 * @property {string} url
 * @property {{ clientId: string, clientSecret: string }} credentials
 * @property {unknown[]} errors every error a scenario saw
 * @property {(accessToken: () => Promise<string>) => Promise<any>} providerClient a second client whose
 *   tokens come from a function (closed by the runner)
 * @property {number} [since] the journal's mark when the running scenario began (set by runScenario)
 */

const convert = (ctx, extra = {}) => ctx.client.convert(DOC, { format: 'pdf', fileName: 'doc.docx', ...extra });

function assertRecovered(outcome, journal) {
  assert.ok(
    outcome.ok,
    `expected recovery, got ${outcome.error?.code}: ${outcome.error?.message}\n${describeJournal(journal)}`,
  );
}

function assertConverted(outcome, journal) {
  assertRecovered(outcome, journal);
  assert.equal(outcome.value.files.length, 1);
  assert.deepEqual(outcome.value.files[0].bytes, PDF);
}

function assertError(outcome, expected, journal) {
  assert.ok(!outcome.ok, `expected ${expected.code}, got a success\n${describeJournal(journal)}`);
  const { error } = outcome;
  assert.equal(error.name, 'ApiError');
  for (const [key, value] of Object.entries(expected)) {
    assert.equal(error[key], value, `${key}: ${error[key]} (${error.code}: ${error.message})`);
  }
}

/** The same request went out `n` times (the journal counts what reached the server). */
function assertCount(journal, method, path, n) {
  const got = sent(journal, method, path).length;
  assert.equal(got, n, `${method} ${path}: ${got} requests, expected ${n}\n${describeJournal(journal)}`);
}

/**
 * A scenario of one fault and one call: `fault` is a rule for the admin API (or a function that sets the
 * fault up), `work` the call (a convert() of DOC unless given), and `check(outcome, journal)` what must
 * have come of it.
 */
function underFault(name, fault, check, work = convert) {
  return {
    name,
    async run(ctx) {
      await (typeof fault === 'function' ? fault(ctx) : ctx.admin.fault(fault));
      const outcome = await settle(work(ctx), ctx.errors);
      return { outcome, check: (journal) => check(outcome, journal) };
    },
  };
}

/** Checks that convert() recovered, the request `method path` having gone out `sends` times. */
const recovered = (method, path, sends) => (outcome, journal) => {
  assertConverted(outcome, journal);
  assertCount(journal, method, path, sends);
};

/** Checks that the call failed with `expected`, the request `method path` having gone out `sends` times. */
const failed = (expected, method, path, sends) => (outcome, journal) => {
  assertError(outcome, expected, journal);
  assertCount(journal, method, path, sends);
};

const ON_ASYNC = '/v2.0/conversion/async';
const ON_FILE = '/v2.0/conversion/storage/file/';

/**
 * @type {Array<{ name: string, run: (ctx: Context) => Promise<{ outcome: any, check: (journal: object[]) => void }> }>}
 * Each `run` sets its faults, does its work and returns; the runner clears the faults and checks storage.
 */
export const SCENARIOS = [
  underFault(
    '429 with Retry-After on a status poll: waits as told, then recovers',
    { method: 'GET', path: ON_ASYNC, status: 429, retryAfter: 1 },
    recovered('GET', ASYNC, 2),
  ),
  // The wait asked for is the server's (1 s), not the matrix's 20–100 ms backoff: it cannot fit a half-second
  // deadline. (The core's fake-clock tests time the wait itself.)
  underFault(
    "429 with Retry-After longer than the retry deadline: the server's answer at once, not sent again",
    { method: 'GET', path: ON_FILE, status: 429, retryAfter: 1 },
    failed({ code: 'http_error', status: 429, retryable: true }, 'GET', FILE, 1),
    (ctx) => ctx.client.downloadFile('seed/report.docx', { retry: { deadlineMs: 500 } }),
  ),
  underFault(
    '429 with Retry-After on starting the conversion: the server refused it, so it is sent again',
    { method: 'POST', path: ON_ASYNC, status: 429, retryAfter: 1 },
    recovered('POST', ASYNC, 2),
  ),
  underFault(
    '500 on the upload: the same bytes are put again',
    { method: 'PUT', path: ON_FILE, status: 500 },
    recovered('PUT', FILE, 2),
  ),
  underFault(
    '500 on starting the conversion: http_error 500 that may have started, not sent again',
    { method: 'POST', path: ON_ASYNC, status: 500 },
    (outcome, journal) => {
      failed(
        { code: 'http_error', status: 500, retryable: false, mayHaveStarted: true },
        'POST',
        ASYNC,
        1,
      )(outcome, journal);
      assertCount(journal, 'GET', ASYNC, 0);
    },
  ),
  underFault(
    '502 on the download: downloaded again, the exact bytes',
    { method: 'GET', path: ON_FILE, status: 502 },
    recovered('GET', FILE, 2),
  ),
  underFault(
    '503 on the token endpoint (after the tokens expired): the token is fetched again',
    async (ctx) => {
      await ctx.client.getFilesList(''); // a cached token
      await ctx.admin.expireTokens();
      await ctx.admin.fault({ method: 'POST', path: '/connect/token', status: 503 });
    },
    (outcome, journal) => {
      recovered('POST', TOKEN, 2)(outcome, journal);
      assert.equal(journal.filter((e) => e.status === 401).length, 1, describeJournal(journal));
    },
  ),
  underFault(
    '504 on a status poll: polled again',
    { method: 'GET', path: ON_ASYNC, status: 504 },
    recovered('GET', ASYNC, 2),
  ),
  underFault(
    'a dropped connection on the upload (stored, answer lost): put again, stored once, intact',
    { method: 'PUT', path: ON_FILE, action: 'drop', dropAt: 'headers' },
    recovered('PUT', FILE, 2),
  ),
  underFault(
    'a connection dropped before the server read the status request: polled again',
    { method: 'GET', path: ON_ASYNC, action: 'drop', dropAt: 'request' },
    recovered('GET', ASYNC, 2),
  ),
  underFault(
    'a dropped connection on starting the conversion: network error that may have started; it did, once',
    { method: 'POST', path: ON_ASYNC, action: 'drop', dropAt: 'headers' },
    failed({ code: 'network', status: 0, retryable: false, mayHaveStarted: true }, 'POST', ASYNC, 1),
    async (ctx) => {
      try {
        return await convert(ctx, { outputPath: 'dropped/out' });
      } finally {
        // The server did start it: the result appears although the client never got the operation id.
        await waitFor(
          async () => (await ctx.client.objectExists('dropped/out/doc.pdf')).exists,
          'the result of the conversion the server started',
        );
      }
    },
  ),
  underFault(
    'a dropped connection on a delete (deleted, answer lost): sent again, its 404 means done',
    async (ctx) => {
      await ctx.client.uploadFile('delete/doc.docx', DOC);
      await ctx.admin.fault({ method: 'DELETE', path: ON_FILE, action: 'drop', dropAt: 'headers' });
    },
    (outcome, journal) => {
      assertRecovered(outcome, journal);
      assert.equal(outcome.value.exists, false, 'the file is still there');
      assert.deepEqual(
        sent(journal, 'DELETE', FILE).map((e) => e.status),
        [200, 404],
        describeJournal(journal),
      );
    },
    async (ctx) => {
      await ctx.client.deleteFile('delete/doc.docx');
      return ctx.client.objectExists('delete/doc.docx');
    },
  ),
  // The slow answers below are held by the server until the client hangs up (a delay ends then; see
  // server/README.md): a client that awaited one would never settle, and the journal shows each given up.
  underFault(
    'a response slower than the request timeout: polled again within the call',
    { method: 'GET', path: ON_ASYNC, delayMs: 600_000 },
    (outcome, journal) => {
      assertConverted(outcome, journal);
      const polls = sent(journal, 'GET', ASYNC);
      assert.ok(polls.length >= 2, describeJournal(journal));
      assert.equal(
        polls.filter((e) => e.status === null).length,
        1,
        `the slow poll was answered:\n${describeJournal(journal)}`,
      );
    },
    (ctx) => afterGivenUp(ctx, convert(ctx, { requestTimeoutMs: 400 }), 'GET', ASYNC),
  ),
  underFault(
    'a server slower than the timeout on every attempt: timeout after maxAttempts, each attempt given up',
    { method: 'GET', path: ON_FILE, delayMs: 600_000, times: -1 },
    (outcome, journal) => {
      assertError(outcome, { code: 'timeout', status: 0, retryable: true, mayHaveStarted: false }, journal);
      assert.deepEqual(
        sent(journal, 'GET', REPORT).map((e) => e.status),
        [null, null],
        describeJournal(journal),
      );
    },
    (ctx) =>
      afterGivenUp(
        ctx,
        ctx.client.downloadFile('seed/report.docx', { requestTimeoutMs: 300, retry: { maxAttempts: 2 } }),
        'GET',
        REPORT,
        2,
      ),
  ),
  underFault(
    'a call slower than its overall timeoutMs: timeout, and its request is aborted',
    { method: 'GET', path: '/v2.0/conversion/storage/folder/', delayMs: 600_000 },
    (outcome, journal) => {
      assertError(outcome, { code: 'timeout', status: 0, retryable: true }, journal);
      assert.deepEqual(
        sent(journal, 'GET', SEED_LISTING).map((e) => e.status),
        [null],
        describeJournal(journal),
      );
    },
    (ctx) => afterGivenUp(ctx, ctx.client.getFilesList('seed', { timeoutMs: 500 }), 'GET', SEED_LISTING),
  ),
  underFault(
    'malformed JSON on a status poll: bad_response with status 200, not retried',
    { method: 'GET', path: ON_ASYNC, action: 'malformed-json' },
    failed({ code: 'bad_response', status: 200, retryable: false, mayHaveStarted: false }, 'GET', ASYNC, 1),
  ),
  underFault(
    'malformed JSON where the file belongs (a 200 download): bad_response, never the wrong bytes as the file',
    { method: 'GET', path: ON_FILE, action: 'malformed-json' },
    failed({ code: 'bad_response', status: 200, retryable: false }, 'GET', FILE, 1),
    (ctx) => ctx.client.downloadFile('seed/report.docx'),
  ),
  underFault(
    'a truncated body on the download: downloaded again, the exact bytes',
    { method: 'GET', path: ON_FILE, action: 'truncate' },
    (outcome, journal) => {
      assertRecovered(outcome, journal);
      assert.equal(sha256(outcome.value), sha256(SEEDS['seed/nested/binary.bin']));
      assertCount(journal, 'GET', FILE, 2);
    },
    (ctx) => ctx.client.downloadFile('seed/nested/binary.bin'),
  ),
  underFault(
    'a truncated JSON answer on a status poll: polled again',
    { method: 'GET', path: ON_ASYNC, action: 'truncate', bytes: 5 },
    recovered('GET', ASYNC, 2),
  ),
  underFault(
    'the token expires mid-flow (after the upload, after the start): one re-authentication each, recovered',
    (ctx) => ctx.client.uploadFile('midflow/doc.docx', DOC),
    (outcome, journal) => {
      assertRecovered(outcome, journal);
      assert.deepEqual(outcome.value, PDF);
      assertCount(journal, 'POST', TOKEN, 2);
      assert.equal(journal.filter((e) => e.status === 401).length, 2, describeJournal(journal));
      assertCount(journal, 'POST', ASYNC, 2); // the 401 and its one replay
    },
    async (ctx) => {
      await ctx.admin.expireTokens();
      const id = await ctx.client.startConvertAndSave({
        filePath: 'midflow/doc.docx',
        format: 'pdf',
        outputPath: 'midflow/out',
      });
      await ctx.admin.expireTokens();
      const op = await ctx.client.waitForOperation(id);
      return ctx.client.downloadFile(op.result[0].path);
    },
  ),
  tokenFunctionScenario(),
  underFault(
    "an operation that fails: operation_failed with the server's text; the start is not repeated",
    (ctx) => ctx.admin.failNext('Injected: the converter crashed.'),
    failed(
      { code: 'operation_failed', apiCode: 'Failed', message: 'Injected: the converter crashed.', retryable: false },
      'POST',
      ASYNC,
      1,
    ),
  ),
  underFault(
    'an operation that is canceled: operation_failed with apiCode Canceled',
    (ctx) => ctx.admin.cancelNext(),
    failed({ code: 'operation_failed', apiCode: 'Canceled', retryable: false }, 'POST', ASYNC, 1),
  ),
  underFault(
    'a 404 on the download: not_found, not retried',
    { method: 'GET', path: ON_FILE, status: 404 },
    ({ value }, journal) => {
      assertError(value.converted, { code: 'not_found', status: 404, retryable: false }, journal);
      assertError(value.missing, { code: 'not_found', status: 404, retryable: false }, journal);
      assertCount(journal, 'GET', FILE, 2); // one each
    },
    async (ctx) => ({
      converted: await settle(convert(ctx), ctx.errors),
      missing: await settle(ctx.client.downloadFile('seed/not-there.pdf'), ctx.errors),
    }),
  ),
];

/**
 * Settles `call`, then waits until the server has journaled `count` requests of `method` to `path` as given
 * up by the client (status null): it sees the connection close a moment after the call settled.
 * @param {Context} ctx
 */
async function afterGivenUp(ctx, call, method, path, count = 1) {
  try {
    return await call;
  } finally {
    await waitFor(
      async () =>
        sent(await ctx.admin.journal(ctx.since), method, path).filter((e) => e.status === null).length >= count,
      `${count} × ${method} ${path} given up, in the journal`,
    );
  }
}

/** A client whose tokens come from a function: after a 401 the function is asked again. */
function tokenFunctionScenario() {
  let asked = 0;
  let client;
  return underFault(
    'the token expires mid-flow with a token function: it is asked again, recovered',
    async (ctx) => {
      asked = 0;
      client = await ctx.providerClient(async () => {
        asked += 1;
        const reply = await fetch(`${ctx.url}/connect/token`, {
          method: 'POST',
          body: new URLSearchParams({
            grant_type: 'client_credentials',
            client_id: ctx.credentials.clientId,
            client_secret: ctx.credentials.clientSecret,
          }),
        });
        return (await reply.json()).access_token;
      });
      await client.uploadFile('provider/doc.docx', DOC);
      await ctx.admin.expireTokens();
    },
    (outcome, journal) => {
      assertRecovered(outcome, journal);
      assert.deepEqual(outcome.value, DOC);
      assert.equal(asked, 2);
    },
    () => client.downloadFile('provider/doc.docx'),
  );
}

/**
 * Uploads the seed files (before any fault) and returns their hashes.
 * @param {Context} ctx
 */
export async function seedStorage(ctx) {
  for (const [path, bytes] of Object.entries(SEEDS)) await ctx.client.uploadFile(path, bytes);
}

/**
 * Runs one scenario: faults cleared before and after, the journal of just this scenario, and storage
 * checked: every file that was there is still there with the same bytes, and every new file is the
 * document or its conversion, intact.
 * @param {Context} ctx
 * @param {(typeof SCENARIOS)[number]} scenario
 */
export async function runScenario(ctx, scenario) {
  await ctx.admin.clearFaults();
  const before = await storageSnapshot(ctx.url, ctx.credentials);
  const since = await ctx.admin.mark();
  const result = await scenario.run({ ...ctx, since });
  await ctx.admin.clearFaults();
  const journal = (await ctx.admin.journal(since)).filter(
    (e) => !/^\/v2\.0\/conversion\/storage\/(folder|exist)\//.test(e.path) || e.fault,
  );
  const after = await storageSnapshot(ctx.url, ctx.credentials);
  return {
    result,
    check() {
      result.check(journal);
      for (const [path, hash] of before) assert.equal(after.get(path), hash, `${path} was lost or changed`);
      const allowed = new Set([sha256(DOC), sha256(PDF)]);
      for (const [path, hash] of after) {
        if (!before.has(path)) assert.ok(allowed.has(hash), `${path} is new and is neither the document nor its PDF`);
      }
    },
  };
}
