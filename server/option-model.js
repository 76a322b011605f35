// SPDX-License-Identifier: MIT
// Validating and reading the API's LoadOptions and ConvertOptions, whose fields option-fields.js lists
// (reference §5, §5.1; docs/options.md). Three uses:
// - validateOptions: a value of the wrong type is a 400 InvalidOptions naming the option, never a 500
//   (issue 18, "bad input"); numeric strings ("150") and "true"/"false" are accepted and made typed.
// - setOptionPaths: which options a request really sets, under the names it used. A field counts as set
//   only when its value differs from the model's default, because the .NET SDK sends every field with its
//   default (false, 0, "", "Default") and those must not be reported as ignored
//   (x-groupdocs-ignored-options, issue 18 item 5).
// - flatConvertOptions / flatOptionPath: .NET 25.12's nested objects (`jpegOptions.quality`) read as the flat
//   fields the converters know (`quality`), so that both shapes do the same thing (issue 21 item 1).
// Unknown names stay accepted and are neither validated nor reported, as the API does.

import { ApiError } from './http-util.js';
import { CONVERT_OPTIONS, LOAD_OPTIONS, NESTED_CONVERT_OPTIONS, WATERMARK_OPTIONS } from './option-fields.js';

/** The option objects of ConvertSettings, by the name the API gives them. */
const OPTION_MODELS = { loadOptions: LOAD_OPTIONS, convertOptions: CONVERT_OPTIONS };

/** Every option name the model knows, for settings.js's key matching (`hide_window_ui` → `hideWindowUI`). */
export const OPTION_NAMES = Object.freeze([
  ...new Set([LOAD_OPTIONS, CONVERT_OPTIONS, WATERMARK_OPTIONS].flatMap((m) => Object.keys(m.fields))),
]);

const KIND_NAMES = {
  boolean: 'true or false',
  number: 'a number',
  integer: 'a whole number',
  string: 'a string',
  enum: 'a string',
  array: 'a list',
  map: 'an object of strings',
  object: 'an object',
};

/** The JSON type of a value, for messages (never the value itself: it may be a password). */
const typeOf = (v) =>
  Array.isArray(v) ? 'a list' : v === null ? 'null' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;

/**
 * @param {string} path
 * @param {object} spec
 * @param {unknown} value
 */
function wrongType(path, spec, value) {
  return new ApiError(400, 'InvalidOptions', `"${path}" must be ${KIND_NAMES[spec.kind]}, not ${typeOf(value)}.`);
}

/**
 * Checks one value against its spec; returns it typed (numeric strings become numbers, "true"/"false"
 * booleans, enum values their canonical spelling). Unknown enum values are kept: they are not applied,
 * which the ignored-options header reports.
 * @param {string} path
 * @param {object} spec
 * @param {unknown} value
 * @returns {unknown}
 */
function checked(path, spec, value) {
  switch (spec.kind) {
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string' && /^(true|false)$/i.test(value.trim()))
        return value.trim().toLowerCase() === 'true';
      throw wrongType(path, spec, value);
    case 'number':
    case 'integer': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value.trim()) : value;
      if (typeof n !== 'number' || !Number.isFinite(n)) throw wrongType(path, spec, value);
      if (spec.kind === 'integer' && !Number.isInteger(n)) throw wrongType(path, spec, value);
      return n;
    }
    case 'string':
      if (typeof value !== 'string') throw wrongType(path, spec, value);
      return value;
    case 'enum':
      if (typeof value !== 'string') throw wrongType(path, spec, value);
      return spec.values.find((v) => v.toLowerCase() === value.trim().toLowerCase()) ?? value;
    case 'array':
      if (!Array.isArray(value)) throw wrongType(path, spec, value);
      return value.map((item) => checked(path, spec.item, item));
    case 'map':
      if (!isObject(value) || Object.values(value).some((v) => typeof v !== 'string'))
        throw wrongType(path, spec, value);
      return value;
    case 'object':
      if (!isObject(value)) throw wrongType(path, spec, value);
      return checkedFields(path, spec, value);
    default:
      return value;
  }
}

/** @param {unknown} v @returns {v is Record<string, unknown>} */
function isObject(v) {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** @param {string} path @param {object} spec @param {Record<string, unknown>} value */
function checkedFields(path, spec, value) {
  const out = {};
  for (const [key, v] of Object.entries(value)) {
    const sub = spec.fields[key];
    out[key] = sub ? checked(`${path}.${key}`, sub, v) : v;
  }
  return out;
}

/**
 * Validates an options object whose keys settings.js has already made camelCase (nulls dropped).
 * @param {'loadOptions' | 'convertOptions'} name
 * @param {unknown} value
 * @returns {Record<string, any>} the same options, typed
 * @throws {ApiError} 400 InvalidOptions naming the option path, e.g. `convertOptions.dpi`
 */
export function validateOptions(name, value) {
  return /** @type {Record<string, any>} */ (checked(name, OPTION_MODELS[name], value));
}

/** @param {object} spec @param {unknown} value @returns {boolean} whether the value is the model's default */
function isDefault(spec, value) {
  if (value === undefined || value === null) return true;
  if (spec.kind === 'array') return !Array.isArray(value) || value.length === 0;
  if (spec.kind === 'map' || spec.kind === 'object') return !isObject(value) || Object.keys(value).length === 0;
  if (spec.kind === 'enum') return spec.defaults.some((d) => d.toLowerCase() === String(value).toLowerCase());
  return spec.defaults.includes(value);
}

/**
 * The known options a request sets (not null, not the model's default), as sorted paths:
 * `loadOptions.hideComments`, `convertOptions.dpi`, `convertOptions.watermarkOptions.text`.
 * @param {{ loadOptions?: Record<string, any>, convertOptions?: Record<string, any> }} options validated
 * @returns {string[]}
 */
export function setOptionPaths({ loadOptions = {}, convertOptions = {} }) {
  const paths = [];
  const walk = (prefix, spec, value) => {
    for (const [key, v] of Object.entries(value ?? {})) {
      const sub = spec.fields[key];
      if (!sub || isDefault(sub, v)) continue;
      if (sub.kind === 'object') walk(`${prefix}.${key}`, sub, v);
      else paths.push(`${prefix}.${key}`);
    }
  };
  walk('loadOptions', LOAD_OPTIONS, loadOptions);
  walk('convertOptions', CONVERT_OPTIONS, convertOptions);
  return paths.sort();
}

/**
 * Every option the model knows, as the paths a request names them by: `loadOptions.hideComments`,
 * `convertOptions.watermarkOptions.text`, `convertOptions.jpegOptions.quality` (docs/options.md lists them
 * all; tests/node/docs-options.test.js holds the two together). A list of objects (`fieldLabels`) is one.
 * @returns {string[]} sorted
 */
export function optionPaths() {
  const paths = [];
  const walk = (prefix, spec) => {
    for (const [key, sub] of Object.entries(spec.fields)) {
      if (sub.kind === 'object') walk(`${prefix}.${key}`, sub);
      else paths.push(`${prefix}.${key}`);
    }
  };
  for (const [name, spec] of Object.entries(OPTION_MODELS)) walk(name, spec);
  return paths.sort();
}

/**
 * The flat path the converters know for a path a request used: `convertOptions.jpegOptions.quality` →
 * `convertOptions.quality`; any other path is its own.
 * @param {string} path
 * @returns {string}
 */
export function flatOptionPath(path) {
  const [object, container, name, ...more] = path.split('.');
  const nested = object === 'convertOptions' && more.length === 0 && NESTED_CONVERT_OPTIONS[container];
  return nested && nested.includes(name) ? `${object}.${name}` : path;
}

/**
 * Validated ConvertOptions as the converters read them: what .NET 25.12 sends nested (`jpegOptions.quality`)
 * set on the flat field (`quality`) the 25.10 and older SDKs send. The nested objects stay, unread.
 * @param {Record<string, any>} convertOptions validated
 * @returns {Record<string, any>} a new object
 * @throws {ApiError} 400 InvalidOptions when a field is set in both shapes to different values
 */
export function flatConvertOptions(convertOptions) {
  const flat = { ...convertOptions };
  for (const [container, names] of Object.entries(NESTED_CONVERT_OPTIONS)) {
    const nested = convertOptions[container];
    if (!isObject(nested)) continue;
    for (const name of names) {
      const value = nested[name];
      if (value === undefined || value === null) continue;
      const flatSpec = CONVERT_OPTIONS.fields[name];
      const unset = isDefault(flatSpec, flat[name]);
      if (!unset && !isDefault(flatSpec, value) && flat[name] !== value) {
        throw new ApiError(
          400,
          'InvalidOptions',
          `"convertOptions.${name}" and "convertOptions.${container}.${name}" are the same option set to different values; set one of them.`,
        );
      }
      if (unset) flat[name] = value;
    }
  }
  return flat;
}
