// SPDX-License-Identifier: MIT
/**
 * Spawning the command-line tools of a conversion (Poppler, qpdf, the email converters): no shell, the
 * job's deadline, and secrets only ever on stdin.
 */
import { spawn } from 'node:child_process';
import { ConversionError, timeoutError } from './errors.js';

/**
 * Spawn a tool with the job's deadline; resolves { code, stdout, stderr } whatever its exit code.
 * @param {string} tool
 * @param {string[]} args never a secret
 * @param {{ deadline: import('./errors.js').Deadline, pkg: string, stdin?: string, env?: Record<string, string> }} o
 *   pkg: the Debian package to name when the tool is missing; stdin: written to the tool's stdin (the only way
 *   a secret goes in); env: variables added to this process's environment
 */
export function runTool(tool, args, { deadline, pkg, stdin, env }) {
  return new Promise((resolve, reject) => {
    let timeoutMs;
    try {
      timeoutMs = deadline.remaining();
    } catch (err) {
      reject(err);
      return;
    }
    const child = spawn(tool, args, {
      stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      env: env && { ...process.env, ...env },
    });
    const out = [];
    let err = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    if (stdin !== undefined) {
      child.stdin.on('error', () => {}); // EPIPE if the tool exits without reading: its exit code tells
      child.stdin.end(stdin);
    }
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => {
      if (err.length < 8192) err += d;
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(
        e.code === 'ENOENT'
          ? new ConversionError('engine_failed', `${tool} is not installed: install Debian's ${pkg}`)
          : new ConversionError('engine_failed', `${tool} could not start (${e.code ?? e.message})`),
      );
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) reject(timeoutError(deadline.limitMs));
      else resolve({ code, stdout: Buffer.concat(out), stderr: err });
    });
  });
}
