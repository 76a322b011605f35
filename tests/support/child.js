// SPDX-License-Identifier: MIT
// A Node script run in a child process as a user runs one — to see that it exits by itself, or what it
// prints. Shared by the tests that need a process of its own (abort, cleanup, the secrets matrix).

import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * @typedef {object} ScriptResult
 * @property {number | null} code
 * @property {NodeJS.Signals | null} signal
 * @property {string} stdout
 * @property {string} stderr
 * @property {any} report the last line of stdout as JSON (how the scripts report), or undefined
 */

/**
 * Starts `node <file>`. Killed when `signal` aborts: pass the test's `t.signal`, so that a test that runs
 * out of time (node:test's `timeout`, the guard against a script that never exits) leaves no process.
 * @param {string} file
 * @param {{ env?: Record<string, string>, signal?: AbortSignal }} [options] `env` is added to this process's
 * @returns {{ child: import('node:child_process').ChildProcess, done: Promise<ScriptResult> }}
 */
export function startScript(file, { env = {}, signal } = {}) {
  const child = spawn(process.execPath, [file], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    signal,
    killSignal: 'SIGKILL',
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => {
    stdout += c;
  });
  child.stderr.on('data', (c) => {
    stderr += c;
  });
  const done = new Promise((resolve, reject) => {
    child.on('error', (err) => {
      if (err.name !== 'AbortError') reject(err);
    });
    child.on('close', (code, exitSignal) =>
      resolve({ code, signal: exitSignal, stdout, stderr, report: lastJson(stdout) }),
    );
  });
  return { child, done };
}

/**
 * Runs `node <file>` to its end.
 * @param {string} file
 * @param {Parameters<typeof startScript>[1]} [options]
 * @returns {Promise<ScriptResult>}
 */
export function runScript(file, options) {
  return startScript(file, options).done;
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Writes an ES module script inside the package (test-output/<folder>/<name>, so that
 * `groupdocs-conversion-wasm` resolves to it) and runs it in a fresh process: a process of its own is a
 * module loaded for the first time. Rejects when it fails.
 * @param {string} folder @param {string} name @param {string} source
 * @param {Record<string, string>} [env] added to this process's
 * @returns {Promise<any>} its last line of stdout, as JSON
 */
export async function runInPackage(folder, name, source, env = {}) {
  const dir = join(ROOT, 'test-output', folder);
  await mkdir(dir, { recursive: true });
  const file = join(dir, name);
  await writeFile(file, source);
  const result = await runScript(file, { env });
  if (result.code !== 0) throw new Error(`${name} exited with ${result.code}: ${result.stderr.slice(-2000)}`);
  return result.report;
}

function lastJson(stdout) {
  try {
    return JSON.parse(stdout.trim().split('\n').pop());
  } catch {
    return undefined;
  }
}
