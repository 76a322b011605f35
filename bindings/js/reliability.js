// SPDX-License-Identifier: MIT
// The reliability options: the client's defaults (ConversionClient.create) and what every method call may
// override for itself. They go to the core as they are (bindings/RAW_API.md, "Reliability options"),
// which applies them: the retry policy and the POST rule live in src/core/policy.h, the timeouts in
// src/core/flow.cpp. Checked here first so that a mistake is an `invalid_argument` naming the option.

import { invalidArgument } from './errors.js';

/** Per-request timeout when the caller sets none: long enough for a large upload on a slow link, short
 *  enough that a connection that went silent (no FIN, no data) cannot hang a call forever. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 300_000;

const MAX_TIMER_MS = 2 ** 31 - 1; // setTimeout's limit, and the core's int
const RETRY_LIMITS = {
  maxAttempts: [1, 11],
  baseDelayMs: [0, 600_000],
  maxDelayMs: [0, 3_600_000],
  deadlineMs: [0, 86_400_000],
};

function checkMs(value, what) {
  if (value === undefined) return undefined;
  if (!(typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= MAX_TIMER_MS)) {
    throw invalidArgument(`${what} must be a number of milliseconds from 0 to ${MAX_TIMER_MS}`);
  }
  return Math.ceil(value);
}

function checkInteger(value, [lo, hi], what) {
  if (value !== undefined && !(Number.isInteger(value) && value >= lo && value <= hi)) {
    throw invalidArgument(`${what} must be an integer from ${lo} to ${hi}`);
  }
  return value;
}

/**
 * Reads the retry settings of an options object (the client's or a call's) into the core's form.
 * @param {{ maxRetries?: number, retry?: { maxAttempts?: number, baseDelayMs?: number,
 *   maxDelayMs?: number, deadlineMs?: number } }} options
 * @param {string} what names the options in messages
 * @returns {{ maxAttempts?: number, baseDelayMs?: number, maxDelayMs?: number, deadlineMs?: number } | undefined}
 */
export function readRetry(options, what) {
  const { maxRetries, retry } = options;
  checkInteger(maxRetries, [0, 10], `${what}: maxRetries`);
  if (retry !== undefined && (retry === null || typeof retry !== 'object')) {
    throw invalidArgument(`${what}: retry must be an object such as { maxAttempts: 5, deadlineMs: 30000 }`);
  }
  if (maxRetries !== undefined && retry?.maxAttempts !== undefined) {
    throw invalidArgument(`${what}: pass maxRetries or retry.maxAttempts, not both`);
  }
  if (maxRetries === undefined && retry === undefined) return undefined;
  const out = {};
  for (const [key, limits] of Object.entries(RETRY_LIMITS)) {
    if (retry?.[key] !== undefined) out[key] = checkInteger(retry[key], limits, `${what}: retry.${key}`);
  }
  if (maxRetries !== undefined) out.maxAttempts = maxRetries + 1;
  return out;
}

/**
 * The per-call options every method takes besides `signal`, as the raw arguments that carry them.
 * @param {{ timeoutMs?: number, requestTimeoutMs?: number, maxRetries?: number, retry?: object } | undefined} options
 * @param {string} what the method, for messages
 * @returns {{ timeoutMs?: number, requestTimeoutMs?: number, retry?: object }}
 */
export function readCallReliability(options, what) {
  if (options === undefined || options === null) return {};
  const out = {};
  const timeoutMs = checkMs(options.timeoutMs, `${what}: timeoutMs`);
  const requestTimeoutMs = checkMs(options.requestTimeoutMs, `${what}: requestTimeoutMs`);
  const retry = readRetry(options, what);
  if (timeoutMs !== undefined) out.timeoutMs = timeoutMs;
  if (requestTimeoutMs !== undefined) out.requestTimeoutMs = requestTimeoutMs;
  if (retry !== undefined) out.retry = retry;
  return out;
}

/**
 * The client-wide defaults of ConversionClient.create, as the core's config keys.
 * @param {{ timeoutMs?: number, maxRetries?: number, retry?: object }} options
 * @returns {{ timeoutMs: number, retry?: object }}
 */
export function readClientReliability(options) {
  const what = 'ConversionClient.create';
  const timeoutMs = checkMs(options.timeoutMs, `${what}: timeoutMs`) ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const retry = readRetry(options, what);
  return retry === undefined ? { timeoutMs } : { timeoutMs, retry };
}
