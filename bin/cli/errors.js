// SPDX-License-Identifier: MIT
// Exit codes of groupdocs-convert (documented in docs/cli.md) and how errors map to them.

export const EXIT = Object.freeze({
  OK: 0,
  FAILED: 1, // a conversion (or info) failed: the server refused the document, the operation failed, a file was unreadable
  USAGE: 2, // bad arguments or environment variables
  AUTH: 3, // the credentials were refused
  SETUP: 4, // cannot work at all: the local server lacks LibreOffice/Poppler, or the API is unreachable
  INTERRUPTED: 130, // Ctrl-C (128 + SIGINT)
});

/** A problem the CLI explains itself: a message (no stack trace) and an exit code. */
export class CliError extends Error {
  /** @param {string} message @param {number} exitCode */
  constructor(message, exitCode) {
    super(message);
    this.exitCode = exitCode;
    this.code = { 1: 'failed', 2: 'usage', 3: 'auth', 4: 'setup' }[exitCode] ?? 'error';
  }
}

/** The exit code for a client ApiError (or anything else). */
export function exitCodeOf(error) {
  if (error instanceof CliError) return error.exitCode;
  switch (error?.code) {
    case 'aborted':
      return EXIT.INTERRUPTED;
    case 'invalid_argument':
      return EXIT.USAGE;
    case 'auth_failed':
      return EXIT.AUTH;
    case 'network':
      return EXIT.SETUP;
    default:
      return EXIT.FAILED;
  }
}

/** When several inputs fail differently, the most telling code wins. */
export function worstExitCode(codes) {
  for (const code of [EXIT.INTERRUPTED, EXIT.USAGE, EXIT.AUTH, EXIT.SETUP, EXIT.FAILED]) {
    if (codes.includes(code)) return code;
  }
  return EXIT.OK;
}
