// SPDX-License-Identifier: MIT
// Shared by the runtime tests (tests/node/runtimes-*.test.js, tests/browser/runtimes.test.js): where each
// runtime's binary is (npm packages installed by scripts/setup.sh: deno, bun and workerd in the root's
// devDependencies, Node 22 in tests/runtimes/), a consumer folder with the packed package installed, running a
// script there, the check every target makes of its result, and docs/runtimes.md's blocks.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fixturePath } from './fixtures.js';
import { DEV_CREDENTIALS, looksLikePdf, readPdf } from './client-env.js';
import { installPacked, ROOT } from './packed.js';
import { docBlock as findDocBlock } from './readme.js';

/** Folders whose `node`, `deno`, `bun`, `workerd` are the runtimes under test. */
export const BIN = {
  node20: dirname(process.execPath), // the machine's Node 20, which runs the tests
  node22: join(ROOT, 'tests', 'runtimes', 'node_modules', '.bin'),
  npm: join(ROOT, 'node_modules', '.bin'),
};

/** The runtimes' executables. */
export const RUNTIME = {
  node20: process.execPath,
  node22: join(BIN.node22, 'node'),
  deno: join(BIN.npm, 'deno'),
  bun: join(BIN.npm, 'bun'),
  workerd: join(BIN.npm, 'workerd'),
};

/**
 * A block of docs/runtimes.md: its kind is one of tests/support/readme.js's KINDS (runtime-…), each run by
 * the test KINDS names.
 * @param {string} kind @returns {Promise<string>} the block's code
 */
export async function docBlock(kind) {
  const block = await findDocBlock(kind);
  if (block.file !== 'docs/runtimes.md') throw new Error(`${kind} is in ${block.file}, not docs/runtimes.md`);
  return block.code;
}

/** The local server's address and the dev credentials, as the examples read them. */
export function credentialsEnv(serverUrl) {
  return {
    GROUPDOCS_BASE_URL: serverUrl,
    GROUPDOCS_CLIENT_ID: DEV_CREDENTIALS.clientId,
    GROUPDOCS_CLIENT_SECRET: DEV_CREDENTIALS.clientSecret,
  };
}

/**
 * A fresh folder with the packed package installed and the test document as report.docx; `remove()` deletes it.
 * @param {string} name part of the folder's name
 */
export async function consumerFolder(name) {
  const dir = await mkdtemp(join(tmpdir(), `gdconv-${name}-`));
  try {
    const installed = await installPacked(dir);
    await copyFile(await fixturePath('four-pages.docx'), join(dir, 'report.docx'));
    return { dir, ...installed, remove: () => rm(dir, { recursive: true, force: true }) };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

/**
 * Runs a command to its end; rejects with its output when it fails.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd: string, env?: Record<string, string>, path?: string | null, timeout?: number }} options
 *   `path`: a folder put first on PATH (the runtime's bin folder)
 * @returns {Promise<{ stdout: string, stderr: string }>}
 */
export function runCommand(command, args, { cwd, env = {}, path = null, timeout = 180_000 }) {
  const PATH = path ? `${path}${delimiter}${process.env.PATH}` : process.env.PATH;
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { cwd, env: { ...process.env, PATH, ...env }, timeout, maxBuffer: 16 << 20 },
      (err, stdout, stderr) => {
        if (err)
          reject(Object.assign(err, { message: `${command} ${args.join(' ')}: ${err.message}\n${stdout}\n${stderr}` }));
        else resolve({ stdout, stderr });
      },
    );
  });
}

/**
 * What every target checks of its conversion: PDF bytes, and the four pages of four-pages.docx (pdfinfo).
 * @param {Uint8Array} bytes
 */
export async function assertFourPagePdf(bytes) {
  assert.ok(looksLikePdf(bytes), `not a PDF: ${Buffer.from(bytes.subarray(0, 40)).toString('latin1')}`);
  assert.equal((await readPdf(bytes)).pages, 4);
}

/** What the examples print: the formats line (getSupportedConversionTypes answered) and the saved file. */
export function assertExampleOutput(stdout) {
  assert.match(stdout, /^docx converts to \d+ formats$/m);
  assert.match(stdout, /^saved report\.pdf$/m);
}

/**
 * Runs an example as the docs say to run it, in a consumer folder, and checks what it printed and the
 * report.pdf it wrote there (a previous one is removed first).
 * @param {string} folder
 * @param {string} command
 * @param {string[]} args
 * @param {{ path?: string, env?: Record<string, string> }} [options] `path`: put first on PATH (the npm bins)
 */
export async function runExample(folder, command, args, { path = BIN.npm, env = {} } = {}) {
  await rm(join(folder, 'report.pdf'), { force: true });
  const { stdout } = await runCommand(command, args, { cwd: folder, path, env });
  assertExampleOutput(stdout);
  await assertFourPagePdf(await readFile(join(folder, 'report.pdf')));
}
