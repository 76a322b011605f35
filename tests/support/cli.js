// SPDX-License-Identifier: MIT
// Shared by the CLI tests (tests/node/cli-*.test.js): running bin/groupdocs-convert.js as a user does, in a
// child process, a work folder with the documents they convert, and the processes a run leaves.

import { execFile } from 'node:child_process';
import { copyFile, readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { before } from 'node:test';
import { fixturePath } from './fixtures.js';
import { useTempDir } from './temp-dir.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The CLI's entry point. */
export const CLI = join(root, 'bin', 'groupdocs-convert.js');
/** Credentials cleared, so that the CLI falls back to its embedded local server. */
export const NO_CREDENTIALS = { GROUPDOCS_CLIENT_ID: '', GROUPDOCS_CLIENT_SECRET: '', GROUPDOCS_BASE_URL: '' };

/**
 * Runs the CLI to completion (killed after three minutes); never rejects.
 * @param {string[]} args
 * @param {{ env?: Record<string, string>, cwd?: string }} [options] `env` on top of this process's, with
 *   the credentials cleared
 * @returns {Promise<{ code: number, signal?: string, stdout: string, stderr: string }>}
 */
export function cli(args, { env = {}, cwd } = {}) {
  return new Promise((resolvePromise) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd, env: { ...process.env, ...NO_CREDENTIALS, ...env }, timeout: 180_000 },
      (error, stdout, stderr) =>
        resolvePromise({ code: error ? error.code : 0, signal: error?.signal, stdout, stderr }),
    );
  });
}

/**
 * A work folder for the calling suite with `report.docx` (four pages) and `one page #1.docx` in it.
 * @returns {{ dir: string, report: string, onePage: string }} filled in before the suite's tests run
 */
export function useWorkFolder() {
  const tmp = useTempDir('gdconv-cli-');
  const work = /** @type {{ dir: string, report: string, onePage: string }} */ ({});
  before(async () => {
    work.dir = tmp.path;
    work.report = join(work.dir, 'report.docx');
    work.onePage = join(work.dir, 'one page #1.docx');
    await copyFile(await fixturePath('four-pages.docx'), work.report);
    await copyFile(await fixturePath('one-page.docx'), work.onePage);
  });
  return work;
}

/** The pids of every process descended from `pid`, from /proc. */
export async function descendants(pid) {
  const children = new Map();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(Number(entry));
  }
  const out = [];
  const visit = (p) =>
    (children.get(p) ?? []).forEach((c) => {
      out.push(c);
      visit(c);
    });
  visit(pid);
  return out;
}

/** Whether a process is still there. */
export function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
