// SPDX-License-Identifier: MIT
// The local server run as a process — server/cli.js, or tests/support/fake-server-child.mjs (the same process
// code with the fake converter) — for the tests of its flags, log lines, refusals and signals.

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitFor } from './wait-for.js';

/** The server's CLI. */
export const SERVER_CLI = fileURLToPath(new URL('../../server/cli.js', import.meta.url));
/** The server process with the fake converter (fast, no LibreOffice; FAKE_HOLD=1 holds conversions). */
export const FAKE_SERVER = fileURLToPath(new URL('./fake-server-child.mjs', import.meta.url));

/**
 * @typedef {object} ServerProcess
 * @property {import('node:child_process').ChildProcess} child stdin is a pipe (`release` for FAKE_HOLD)
 * @property {() => string} stdout everything printed so far
 * @property {() => string} stderr
 * @property {Promise<number | null>} exited the exit code
 * @property {(pattern: RegExp, what?: string) => Promise<RegExpExecArray>} waitForStdout
 * @property {(pattern: RegExp, what?: string) => Promise<RegExpExecArray>} waitForStderr
 * @property {() => Promise<string>} url the base URL, once the banner says it is listening
 * @property {() => Promise<void>} stop SIGKILL if still running (for `finally`), and wait for the exit
 * @property {() => Promise<void>} terminate SIGTERM (SIGKILL after 15 s), and wait for the exit: for a server
 *   with the real converter, whose office processes only a clean shutdown stops
 */

/**
 * Starts a server process. Pass the test's `signal` so that a test that times out leaves no process.
 * @param {string} script SERVER_CLI or FAKE_SERVER
 * @param {string[]} args
 * @param {{ env?: Record<string, string>, signal?: AbortSignal }} [options] `env` on top of this process's
 * @returns {ServerProcess}
 */
export function startServerProcess(script, args, { env = {}, signal } = {}) {
  const child = spawn(process.execPath, [script, ...args], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
    signal,
    killSignal: 'SIGKILL',
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c) => {
    out += c;
  });
  child.stderr.on('data', (c) => {
    err += c;
  });
  child.on('error', (e) => {
    if (e.name !== 'AbortError') err += `spawn error: ${e.message}\n`;
  });
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  let ended = false;
  exited.then(() => {
    ended = true;
  });
  const waitForText = (text, pattern, what) =>
    waitFor(
      () => {
        const m = pattern.exec(text());
        if (!m && ended) throw new Error(`the server exited before ${what ?? pattern}:\n${out}\n${err}`);
        return m;
      },
      what ?? String(pattern),
      { giveUpMs: 60_000 },
    );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitForStdout: (pattern, what) => waitForText(() => out, pattern, what),
    waitForStderr: (pattern, what) => waitForText(() => err, pattern, what),
    url: async () => (await waitForText(() => out, /listening on (https?:\/\/\S+)/, 'the banner'))[1],
    stop: async () => {
      if (!ended) child.kill('SIGKILL');
      await exited;
    },
    terminate: async () => {
      // SIGTERM lets a real server stop its office processes; SIGKILL would leave them running.
      if (!ended) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * The JSON lines of a server's stderr (`--log-format json`); a line that is not JSON fails the parse.
 * @param {string} stderr
 * @returns {object[]}
 */
export function jsonLines(stderr) {
  return stderr
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        return JSON.parse(line);
      } catch {
        throw new Error(`not a JSON log line: ${line}`);
      }
    });
}
