// SPDX-License-Identifier: MIT
// The process's log lines (server/run.js), in one of two formats (issue 20 item 5):
//   json  one JSON object per line, for a log collector: requests and messages alike, so that the stream
//         parses line by line;
//   text  for a person at a terminal.

/** @typedef {'json' | 'text'} LogFormat */

/**
 * The format when none is chosen: text for a person at a terminal, json for everything else (a container,
 * systemd, a CI log), where lines are collected and parsed rather than read as they come.
 * @param {{ isTTY?: boolean }} stream where the lines go
 * @returns {LogFormat}
 */
export function defaultLogFormat(stream) {
  return stream.isTTY ? 'text' : 'json';
}

/**
 * @param {LogFormat} format
 * @param {(line: string) => void} writeLine writes one line (without its newline)
 * @returns {{ message: (text: string) => void, request: (entry: import('./request-log.js').RequestLogEntry) => void }}
 *   `message` for the server's free-text lines (startServer's `log`), `request` for its `requestLog`
 */
export function createLogWriter(format, writeLine) {
  if (format === 'json') {
    return {
      message: (text) => writeLine(JSON.stringify({ time: now(), level: levelOf(text), msg: text })),
      request: (entry) => writeLine(JSON.stringify({ time: entry.time, level: 'info', msg: 'request', ...entry })),
    };
  }
  return {
    message: (text) => writeLine(text),
    request: (e) =>
      writeLine(
        `${e.time} ${e.requestId} ${e.method} ${printable(e.path)} ${e.status ?? '-'} ${e.durationMs}ms ` +
          `in=${e.bytesIn} out=${e.bytesOut}`,
      ),
  };
}

function now() {
  return new Date().toISOString();
}

/** The server's messages say what they are in their first word. @param {string} text */
function levelOf(text) {
  if (/^warning\b/i.test(text)) return 'warn';
  if (/^(unhandled|shutdown failed)\b|: unexpected error\b/i.test(text)) return 'error';
  return 'info';
}

/** A path as one token of a text line: spaces and control characters percent-encoded. @param {string} path */
function printable(path) {
  return path.replace(/[^\x21-\x7e]/g, (c) => encodeURIComponent(c));
}
