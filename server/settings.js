// SPDX-License-Identifier: MIT
// Request models: case-insensitive keys, unknown keys ignored, null treated as absent (reference §2, §5.1).
//
// Node sends camelCase, Python/.NET/Go send PascalCase and Python's multipart options use snake_case, so
// every key is mapped to camelCase: a known name matched case- and underscore-insensitively wins,
// otherwise snake_case and PascalCase are converted mechanically. Map-valued fields (fontSubstitutes) keep
// their keys, which are font names, not property names.

import { ApiError } from './http-util.js';
import { OPTION_NAMES, validateOptions } from './option-model.js';

// ConvertSettings' own names and every option name of the model (option-model.js), so that odd casings
// (`FILEPATH`, `frompage`, `hide_window_ui`) still land on the right property.
const KNOWN_KEYS = ['storageName', 'filePath', 'format', 'loadOptions', 'convertOptions', 'outputPath', 'fontsPath'];
const KNOWN = new Map([...KNOWN_KEYS, ...OPTION_NAMES].map((k) => [k.toLowerCase(), k]));
// Values that are maps from user data to user data.
const MAP_VALUED = new Set(['fontSubstitutes']);

/**
 * @param {string} key
 * @returns {string} the camelCase property name
 */
export function camelKey(key) {
  const squashed = key.replace(/[_\-\s]/g, '').toLowerCase();
  if (KNOWN.has(squashed)) return KNOWN.get(squashed);
  const camel = key.replace(/[_\-\s]+([A-Za-z0-9])/g, (_, c) => c.toUpperCase());
  return camel.charAt(0).toLowerCase() + camel.slice(1);
}

/**
 * Recursively normalises object keys to camelCase and drops null values.
 * @param {unknown} value
 * @returns {unknown}
 */
export function normaliseKeys(value) {
  if (Array.isArray(value)) return value.map(normaliseKeys);
  if (!value || typeof value !== 'object') return value;
  const out = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === null || v === undefined) continue;
    const name = camelKey(key);
    out[name] = MAP_VALUED.has(name) ? v : normaliseKeys(v);
  }
  return out;
}

/**
 * Options objects: absent → `{}`; anything but an object, or a known option of the wrong type, is a 400
 * InvalidOptions naming the option (option-model.js).
 * @param {unknown} value
 * @param {'loadOptions' | 'convertOptions'} name
 * @returns {Record<string, any>}
 */
export function optionsObject(value, name) {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ApiError(400, 'InvalidOptions', `"${name}" must be a JSON object.`);
  }
  return validateOptions(name, normaliseKeys(value));
}

/**
 * Parses the JSON text of a multipart options part (direct conversion).
 * @param {string | undefined} text
 * @param {'loadOptions' | 'convertOptions'} name
 */
export function parseOptionsPart(text, name) {
  if (text === undefined || text.trim() === '' || text.trim() === 'null') return {};
  try {
    return optionsObject(JSON.parse(text), name);
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw new ApiError(400, 'InvalidJson', `The multipart part "${name}" is not valid JSON: ${e.message}`);
  }
}

/** @param {unknown} v @param {string} name @returns {string | undefined} */
function optionalString(v, name) {
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new ApiError(400, 'InvalidRequest', `"${name}" must be a string.`);
  return v;
}

/**
 * Parses a ConvertSettings body.
 * @param {unknown} body the parsed JSON
 * @returns {{ storageName?: string, filePath: string, format: string, loadOptions: object, convertOptions: object,
 *   outputPath?: string, fontsPath?: string }}
 */
export function parseConvertSettings(body) {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new ApiError(400, 'InvalidRequest', 'The request body must be a ConvertSettings JSON object.');
  }
  const s = /** @type {Record<string, any>} */ (normaliseKeys(body));
  const filePath = optionalString(s.filePath, 'filePath');
  const format = optionalString(s.format, 'format');
  if (!filePath)
    throw new ApiError(400, 'InvalidRequest', '"filePath" is required: the storage path of the document to convert.');
  if (!format) throw new ApiError(400, 'InvalidRequest', '"format" is required: the target format, e.g. "pdf".');
  return {
    storageName: optionalString(s.storageName, 'storageName'),
    filePath,
    format,
    loadOptions: optionsObject(s.loadOptions, 'loadOptions'),
    convertOptions: optionsObject(s.convertOptions, 'convertOptions'),
    outputPath: optionalString(s.outputPath, 'outputPath'),
    fontsPath: optionalString(s.fontsPath, 'fontsPath'),
  };
}

/**
 * A page-number query parameter: absent or 0 → undefined; otherwise a positive integer.
 * @param {string | null} value
 * @param {string} name
 * @returns {number | undefined}
 */
export function pageParam(value, name) {
  if (value === null || value === '') return undefined;
  const n = Number(value);
  // 0 is what clients with non-nullable ints send for "not set".
  if (!Number.isInteger(n) || n < 0) throw new ApiError(400, 'InvalidRequest', `"${name}" must be a positive integer.`);
  return n === 0 ? undefined : n;
}
