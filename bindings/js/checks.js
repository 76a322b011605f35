// SPDX-License-Identifier: MIT
// What the facade checks itself: only what never reaches the core, the shape of a JS call (an options
// object, callbacks, an AbortSignal, the inputs in inputs.js). The core checks every argument it is given
// and names the mistake (src/core/requests.cpp ReadArgs, config.cpp), so that each mistake has one message.

import { invalidArgument } from './errors.js';

/** @type {(value: unknown) => value is Record<string, unknown>} */
export const isObject = (value) => value !== null && typeof value === 'object';

/**
 * @param {unknown} value
 * @param {string} what names the value in the message
 * @returns {asserts value is ((...args: any[]) => unknown) | undefined}
 */
export function checkCallback(value, what) {
  if (value !== undefined && typeof value !== 'function') throw invalidArgument(`${what} must be a function`);
}

/** @type {(value: unknown) => value is AbortSignal} */
const isAbortSignal = (value) =>
  isObject(value) && typeof value.aborted === 'boolean' && typeof value.addEventListener === 'function';

/**
 * A method's options: an object or left out, the same on every method. Splits off what stays in JS (the
 * `signal` and a callback, `onProgress` or `onStatus`) from the keys that are the core's arguments (the
 * method's own options and the reliability options: timeoutMs, requestTimeoutMs, maxRetries, retry).
 * @param {unknown} options
 * @param {string} method names the method in messages
 * @param {'onProgress' | 'onStatus'} callbackName
 * @returns {{ signal?: AbortSignal, callback?: (event: any) => void, core: Record<string, unknown> }} the
 *   callback gets the core's events (JSON) as they are
 */
export function callOptions(options, method, callbackName) {
  if (options !== undefined && !isObject(options)) {
    throw invalidArgument(`${method}: options must be an object, such as { signal }`);
  }
  const { signal, [callbackName]: callback, ...core } = options ?? {};
  if (signal !== undefined && !isAbortSignal(signal)) {
    throw invalidArgument(`${method}: options.signal must be an AbortSignal`);
  }
  checkCallback(callback, `${method}: options.${callbackName}`);
  return { signal, callback, core };
}
