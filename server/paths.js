// SPDX-License-Identifier: MIT
// Storage path normalisation (reference §2) and traversal refusal.
//
// Clients disagree on how they put a storage path in a URL: Node inserts it raw (axios turns `\` into `/`),
// Python percent-encodes everything (`/` arrives as `%2F`, `\` as `%5C`), .NET inserts it raw. The rule that
// serves all of them: percent-decode once, turn `\` into `/`, drop empty segments (leading, trailing and
// repeated `/`). A `.` or `..` segment is refused rather than resolved, at every decoding depth, so that
// `%2e%2e`, `%252e%252e` and `%5c..` cannot climb out of a storage or alias another file.

import { ApiError } from './http-util.js';

const MAX_PATH_LENGTH = 4096;
const MAX_SEGMENT_BYTES = 255; // what ext4 and most file systems allow, so --data behaves like memory
// Control characters would make journal lines, Content-Disposition headers and file names ambiguous.
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/**
 * Decodes one level of percent-encoding; a malformed escape is a client error.
 * @param {string} text
 * @returns {string}
 */
function decodeOnce(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new ApiError(400, 'InvalidPath', `The path "${text}" has a malformed percent-encoding.`);
  }
}

/** @param {string} text @returns {string[]} the non-empty segments after `\` → `/` */
function segmentsOf(text) {
  return text
    .replace(/\\/g, '/')
    .split('/')
    .filter((s) => s !== '');
}

/** @param {string} text @returns {boolean} true when some segment is `.` or `..` */
function hasDotSegment(text) {
  return segmentsOf(text).some((s) => s === '.' || s === '..');
}

/**
 * Refuses a path that is, or would become after further decoding, a traversal attempt.
 * Checking every decoding depth costs nothing and closes double-encoding tricks that a proxy or a
 * careless client might decode a second time.
 * @param {string} decoded the path after the single decode we actually use
 * @param {string} original what the client sent, for the error message
 */
function refuseTraversal(decoded, original) {
  let text = decoded;
  for (let depth = 0; depth < 4; depth += 1) {
    if (hasDotSegment(text)) {
      throw new ApiError(
        400,
        'InvalidPath',
        `The path "${original}" is not allowed: "." and ".." segments are refused.`,
      );
    }
    if (!text.includes('%')) return;
    let next;
    try {
      next = decodeURIComponent(text);
    } catch {
      return; // a literal % in a file name: nothing further to decode
    }
    if (next === text) return;
    text = next;
  }
}

/**
 * Normalises a storage path per reference §2 and refuses traversal.
 * @param {string | null | undefined} raw the path as it appeared in the URL (still percent-encoded) or,
 *   with `{ encoded: false }`, an already-decoded value (a query parameter or a JSON field)
 * @param {{ encoded?: boolean, name?: string }} [options] `name` labels the parameter in error messages
 * @returns {string} `a/b/c.docx` with no leading or trailing `/`; `''` is the storage root
 */
export function normalizePath(raw, { encoded = true, name = 'path' } = {}) {
  if (raw === null || raw === undefined) return '';
  if (typeof raw !== 'string') {
    throw new ApiError(400, 'InvalidPath', `The ${name} must be a string.`);
  }
  const decoded = encoded ? decodeOnce(raw) : raw;
  if (decoded.length > MAX_PATH_LENGTH) {
    throw new ApiError(400, 'InvalidPath', `The ${name} is longer than ${MAX_PATH_LENGTH} characters.`);
  }
  if (CONTROL_CHARS.test(decoded)) {
    throw new ApiError(400, 'InvalidPath', `The ${name} contains control characters.`);
  }
  refuseTraversal(decoded, decoded);
  const segments = segmentsOf(decoded);
  for (const segment of segments) {
    if (Buffer.byteLength(segment) > MAX_SEGMENT_BYTES) {
      throw new ApiError(400, 'InvalidPath', `A segment of the ${name} is longer than ${MAX_SEGMENT_BYTES} bytes.`);
    }
  }
  return segments.join('/');
}

/**
 * True when the raw path names a folder rather than a file: empty, or ending in `/`, `\`, `%2F` or `%5C`.
 * Upload uses it to decide whether the multipart filename supplies the file name.
 * @param {string} raw
 * @returns {boolean}
 */
export function namesFolder(raw) {
  return raw === '' || /(\/|\\|%2f|%5c)$/i.test(raw);
}

/**
 * Validates a single file name (from a multipart Content-Disposition) as one safe path segment.
 * @param {string} fileName
 * @returns {string}
 */
export function safeFileName(fileName) {
  const path = normalizePath(fileName, { encoded: false, name: 'file name' });
  const segments = path.split('/');
  const base = segments[segments.length - 1];
  if (!base) throw new ApiError(400, 'InvalidPath', 'The multipart part has no usable file name.');
  return base;
}

/** @param {string} path @returns {string} the last segment */
export function baseName(path) {
  const i = path.lastIndexOf('/');
  return i < 0 ? path : path.slice(i + 1);
}

/** @param {string} path @returns {string} the parent folder, `''` for the root */
export function parentOf(path) {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** @param {...string} parts @returns {string} the parts joined, skipping the empty root */
export function joinPath(...parts) {
  return parts.filter((p) => p !== '').join('/');
}

/**
 * Splits a file name into stem and extension: `four-pages.docx` → `['four-pages', 'docx']`.
 * A leading dot (`.profile`) is part of the stem, not an extension.
 * @param {string} name
 * @returns {[string, string]}
 */
export function splitExtension(name) {
  const i = name.lastIndexOf('.');
  if (i <= 0) return [name, ''];
  return [name.slice(0, i), name.slice(i + 1)];
}

/**
 * Percent-encodes each segment of a storage path for use in a URL.
 * @param {string} path
 * @returns {string}
 */
export function encodePathForUrl(path) {
  return path.split('/').map(encodeURIComponent).join('/');
}
