// SPDX-License-Identifier: MIT
// Shared helpers of the benchmark: statistics, the server process, child processes that report one JSON line.

import { spawn } from 'node:child_process';
import { cpus, loadavg, totalmem, release } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const ROOT = dirname(BENCH_DIR);
export const CREDENTIALS = Object.freeze({ clientId: 'local-dev-client', clientSecret: 'local-dev-secret' });
export const MB = 1000 * 1000;

export function median(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

/** Rounds for the JSON file: 3 significant decimals is plenty for noisy timings. */
export const round = (x, digits = 3) =>
  x === null || x === undefined || !Number.isFinite(x) ? (x ?? null) : Number(x.toFixed(digits));

export function machine() {
  const c = cpus();
  return {
    cpu: c[0]?.model?.trim() ?? 'unknown',
    cores: c.length,
    memoryGiB: round(totalmem() / 2 ** 30, 1),
    os: `${process.platform} ${release()}`,
    node: process.version,
    loadavg: loadavg().map((x) => round(x, 2)),
  };
}

/**
 * Runs `command args…` (Node itself unless told) and resolves with the last JSON line it printed on stdout.
 * @param {string[]} args
 * @param {{ command?: string, cwd?: string, timeoutMs?: number, env?: object }} [options]
 */
export function childJson(args, { command = process.execPath, cwd = ROOT, timeoutMs = 120_000, env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: env ?? process.env,
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child timed out: ${command} ${args.join(' ')}`));
    }, timeoutMs);
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = out.trim().split('\n').filter(Boolean).at(-1);
      if (code !== 0 || !line)
        return reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${err.trim().slice(-2000)}`));
      try {
        resolve(JSON.parse(line));
      } catch (e) {
        reject(new Error(`child ${args.join(' ')} printed no JSON: ${line}`));
      }
    });
  });
}

/**
 * Starts bench/server.js in its own process.
 * @param {string[]} [flags]
 * @returns {Promise<{ url: string, pid: number, close: () => Promise<void> }>}
 */
export function startServerProcess(flags = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(BENCH_DIR, 'server.js'), ...flags], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let out = '';
    const onData = (d) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      child.stdout.off('data', onData);
      const info = JSON.parse(out.slice(0, nl));
      resolve({
        ...info,
        close: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`bench server exited early (${code})`)));
  });
}

/** Rotates the contenders' order per repetition, so that no contender always runs first (warm caches, GC). */
export function rotations(names, reps) {
  return Array.from({ length: reps }, (_, r) => names.map((_, i) => names[(i + r) % names.length]));
}

export const now = () => performance.now();
