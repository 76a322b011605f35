// SPDX-License-Identifier: MIT
// The one error type of the public API. Every rejection of the client is an ApiError; nothing else
// (no plain objects, no bare numbers from the wasm runtime) reaches the user.

// instanceof must hold across the ESM and the CommonJS copy of the package (a dependency may `require` it
// while the app `import`s it), so identity is a registered symbol on the prototype, not the class object.
const BRAND = Symbol.for('groupdocs-conversion-wasm.ApiError');

/**
 * An error from the GroupDocs.Conversion client.
 *
 * `code` is stable and meant for programs: `auth_failed`, `not_found`, `http_error`, `network`,
 * `tls_error` (a certificate refused: not trusted, for another host name, expired),
 * `timeout`, `aborted`, `operation_failed`, `bad_response`, `invalid_argument`, `closed`,
 * `load_failed`, `unsupported_runtime` (no WebAssembly, or neither fetch() nor XMLHttpRequest), `io_error`,
 * `internal` (the core may add more; treat unknown codes as `http_error`).
 * `message` is for people. Neither ever contains a client secret, an access token or a proxy's password.
 */
export class ApiError extends Error {
  /**
   * @param {import('../index.js').ErrorCode} code
   * @param {string} message
   * @param {Partial<Pick<import('../index.js').ApiError, 'status' | 'apiCode' | 'requestId' | 'retryable' |
   *   'mayHaveStarted' | 'cause'>>} [details]
   */
  constructor(code, message, details = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    /** HTTP status of the response behind the error; 0 when there was no response. */
    this.status = Number(details.status) || 0;
    /** The API's own error code (e.g. `invalid_client`), or '' when the server gave none. */
    this.apiCode = details.apiCode ? String(details.apiCode) : '';
    /** The server's request id, or '' when unknown. */
    this.requestId = details.requestId ? String(details.requestId) : '';
    /** Whether the same call may succeed if tried again later. */
    this.retryable = Boolean(details.retryable);
    /**
     * A conversion request (or a move) failed after it may have reached the server, so the server may be
     * doing the work: the client did not send it again, so that nothing runs twice. Check the output (or
     * the storage) before trying again. Always with `retryable: false`.
     */
    this.mayHaveStarted = Boolean(details.mayHaveStarted);
  }

  /** Loggers that JSON.stringify errors would otherwise drop `message` (it is not enumerable). */
  toJSON() {
    const { name, code, message, status, apiCode, requestId, retryable, mayHaveStarted } = this;
    return { name, code, message, status, apiCode, requestId, retryable, mayHaveStarted };
  }

  /**
   * @override
   * @param {any} value whatever `instanceof ApiError` is asked about
   */
  static [Symbol.hasInstance](value) {
    return value != null && value[BRAND] === true;
  }
}
Object.defineProperty(ApiError.prototype, BRAND, { value: true });
Object.defineProperty(ApiError.prototype, 'name', { value: 'ApiError', writable: true, configurable: true });

/** @param {string} message @param {unknown} [cause] */
export function invalidArgument(message, cause) {
  return new ApiError('invalid_argument', message, { cause });
}

/**
 * A call stopped by its AbortSignal: `timeout` when the reason is a TimeoutError (AbortSignal.timeout),
 * otherwise `aborted`.
 * @param {unknown} reason the signal's reason
 */
export function abortError(reason) {
  if (typeof reason === 'object' && reason !== null && 'name' in reason && reason.name === 'TimeoutError') {
    return new ApiError('timeout', 'the call timed out (its AbortSignal fired)', { cause: reason, retryable: true });
  }
  return new ApiError('aborted', 'the call was aborted', { cause: reason });
}

/**
 * The message of anything thrown: its `message` if it has one (an Error, a DOMException of another realm),
 * else itself as text.
 * @param {unknown} thrown
 * @returns {string}
 */
export function messageOf(thrown) {
  const message = typeof thrown === 'object' && thrown !== null && 'message' in thrown ? thrown.message : undefined;
  return String(message ?? thrown);
}

/**
 * Removes credentials from text that may end up in an error: the given secrets wherever they occur, and
 * anything shaped like a bearer token, a Basic credential (a proxy's Proxy-Authorization), a credential
 * form field, or the user and password of a URL (a proxy URL).
 * @param {string} text
 * @param {Iterable<string>} secrets
 * @returns {string}
 */
export function redact(text, secrets) {
  let out = String(text);
  for (const secret of secrets) {
    if (secret) out = out.split(secret).join('[redacted]');
  }
  return out
    .replace(/(Bearer\s+)[A-Za-z0-9\-._~+/]+=*/gi, '$1[redacted]')
    .replace(/(Basic\s+)[A-Za-z0-9+/]{8,}=*/g, '$1[redacted]')
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s@]*@/gi, '$1[redacted]@')
    .replace(/((?:client_secret|access_token)["']?\s*[=:]\s*["']?)[^&\s"',}]+/gi, '$1[redacted]');
}

/**
 * Turns the core's error JSON (`{code, status, apiCode, requestId, retryable, message}`) into an ApiError.
 * @param {string} json
 * @param {Iterable<string>} secrets
 * @param {{ cause?: unknown }} [extra]
 * @returns {ApiError}
 */
export function errorFromCore(json, secrets, extra = {}) {
  let e;
  try {
    e = JSON.parse(json);
  } catch {
    e = null;
  }
  if (e === null || typeof e !== 'object') {
    return new ApiError('internal', 'the client core reported an unreadable error', extra);
  }
  const code = typeof e.code === 'string' && e.code ? e.code : 'http_error';
  let message = redact(typeof e.message === 'string' && e.message ? e.message : code, secrets);
  // The token endpoint's whole answer is often just `invalid_client`; say what failed.
  if (code === 'auth_failed' && !/auth|token|credential/i.test(message)) message = `authentication failed: ${message}`;
  return new ApiError(code, message, {
    status: e.status,
    apiCode: e.apiCode,
    requestId: e.requestId,
    retryable: e.retryable,
    mayHaveStarted: e.mayHaveStarted,
    cause: extra.cause,
  });
}
