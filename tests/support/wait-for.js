// SPDX-License-Identifier: MIT
// Waiting for something to happen — an event the test cannot subscribe to (a file gone, a request held by
// the server, a process ended) — by asking again until it has. Never a fixed pause: under load a pause is
// either too short (flaky) or too long (slow); this is as quick as the thing itself.

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Calls `check` until it returns something truthy, and returns that. Gives up only after `giveUpMs`
 * (a guard against a hang, as node:test's `timeout` is: long enough never to be reached when all is well),
 * with an error that says what never happened.
 * @template T
 * @param {() => T | Promise<T>} check
 * @param {string} what what is awaited, for the error
 * @param {{ everyMs?: number, giveUpMs?: number }} [options]
 * @returns {Promise<T>}
 */
export async function waitFor(check, what, { everyMs = 10, giveUpMs = 60_000 } = {}) {
  const tries = Math.ceil(giveUpMs / everyMs);
  for (let i = 0; i < tries; i += 1) {
    const value = await check();
    if (value) return value;
    await pause(everyMs);
  }
  throw new Error(`gave up waiting: ${what}`);
}
