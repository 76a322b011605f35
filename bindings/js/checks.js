// SPDX-License-Identifier: MIT
// The argument checks the public methods share (client-options.js, flow-methods.js, api-methods.js). Each
// throws an `invalid_argument` ApiError whose message starts with `what`, the argument as the caller wrote
// it (e.g. 'uploadFile(path, data): path'), so that a mistake names itself.

import { invalidArgument } from './errors.js';

export const isObject = (value) => value !== null && typeof value === 'object';

export function checkString(value, what) {
  if (typeof value !== 'string' || value === '') throw invalidArgument(`${what} must be a non-empty string`);
}

export function checkOptional(value, type, what) {
  if (value !== undefined && typeof value !== type) throw invalidArgument(`${what} must be a ${type}`);
}

export function checkCallback(value, what) {
  if (value !== undefined && typeof value !== 'function') throw invalidArgument(`${what} must be a function`);
}

export function checkTimeout(value, what) {
  if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
    throw invalidArgument(`${what} must be a number of milliseconds >= 0`);
  }
}

export function checkPage(value, what) {
  if (value !== undefined && !(Number.isInteger(value) && value >= 1)) {
    throw invalidArgument(`${what} must be an integer >= 1`);
  }
}

/** An optional options object; returns it, or {} when it was left out. */
export function checkOptions(options, what) {
  if (options !== undefined && !isObject(options)) throw invalidArgument(`${what}: options must be an object`);
  return options ?? {};
}

/** The API's ConvertSettings: an object with `filePath` and `format`. */
export function checkSettings(settings, what) {
  if (!isObject(settings)) throw invalidArgument(`${what}: settings must be an object`);
  checkString(settings.filePath, `${what}: settings.filePath`);
  checkString(settings.format, `${what}: settings.format`);
}
