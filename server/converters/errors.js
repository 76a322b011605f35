// SPDX-License-Identifier: MIT
/**
 * The one error type the converters throw. `code` is stable and machine-readable (the HTTP layer maps it
 * to a status); `message` is written for an end user and never contains a password.
 */
export class ConversionError extends Error {
  /**
   * @param {'unsupported_format'|'password_required'|'wrong_password'|'timeout'|'corrupt_input'|'too_large'|'invalid_options'|'engine_failed'} code
   * @param {string} message
   * @param {{ cause?: unknown }} [options]
   */
  constructor(code, message, options) {
    super(message, options);
    this.name = 'ConversionError';
    this.code = code;
  }
}

/** Error codes, for callers that map them (e.g. to HTTP statuses). */
export const ERROR_CODES = Object.freeze([
  'unsupported_format', // the source format, or the source → target pair, is not in the converter table
  'password_required', // the document is encrypted and no loadOptions.password was given
  'wrong_password', // loadOptions.password does not open it
  'timeout', // the conversion ran longer than timeoutMs; its office process was killed and replaced
  'corrupt_input', // the bytes are empty, damaged or not in the stated format
  'too_large', // a package's parts inflate past the cap (a zip bomb): refused before any engine opens it
  'invalid_options', // options that cannot apply, e.g. pages that the document does not have
  'engine_failed', // LibreOffice or Poppler failed, is missing, or the converter is closed
]);

/** The error of a conversion stopped at its time limit. */
export function timeoutError(limitMs) {
  let limit = `${Math.round(limitMs / 1000)} s`;
  if (limitMs < 1000) limit = `${Math.round(limitMs)} ms`;
  else if (limitMs < 10_000) limit = `${Math.round(limitMs / 100) / 10} s`;
  return new ConversionError('timeout', `The conversion timed out: it did not finish within ${limit} and was stopped`);
}

/**
 * One job's time limit, shared by its steps (LibreOffice, then pdftoppm …): each step gets what is left,
 * so a job never runs much past `limitMs` in total. The clock starts at the first step, not while the job
 * waits for an office process to start: waiting is not hanging.
 */
export class Deadline {
  /** @param {number} limitMs */
  constructor(limitMs) {
    this.limitMs = limitMs;
    this.at = null;
  }
  /** Milliseconds left; throws the timeout error when none are. */
  remaining() {
    this.at ??= Date.now() + this.limitMs;
    const left = this.at - Date.now();
    if (left <= 0) throw timeoutError(this.limitMs);
    return left;
  }
}
