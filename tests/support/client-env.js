// SPDX-License-Identifier: MIT
// Shared by the client tests (tests/node/client-*.test.js, docs-examples.test.js): the local server and the
// dev credentials (from local-server.js), a closed port, and PDF checks through Poppler (pdfinfo, pdftotext).

import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export { DEV_CREDENTIALS, startLocalServer } from './local-server.js';

const run = promisify(execFile);

/** Conversions run LibreOffice; on a loaded 2-core machine one can take a while. */
export const CONVERSION_TIMEOUT_MS = 120_000;

/** A loopback port with nothing listening on it (for `network` errors). */
export async function closedPort() {
  const probe = createServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** @param {Uint8Array} bytes */
export function looksLikePdf(bytes) {
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(5, bytes.byteLength)).toString('latin1') === '%PDF-';
}

/**
 * Reads a PDF with Poppler: its page count (pdfinfo) and its text (pdftotext).
 * @param {Uint8Array} bytes
 * @returns {Promise<{ pages: number, text: string }>}
 */
export async function readPdf(bytes) {
  const dir = await mkdtemp(join(tmpdir(), 'gdconv-pdf-'));
  try {
    const file = join(dir, 'doc.pdf');
    await writeFile(file, bytes);
    const info = await run('pdfinfo', [file]);
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info.stdout)?.[1]);
    const text = await run('pdftotext', ['-layout', file, '-']);
    return { pages, text: text.stdout };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Asserts nothing of `secrets` shows in an error, however it is printed or serialised.
 * @param {import('node:assert')} assert
 * @param {unknown} error
 * @param {string[]} secrets
 */
export async function assertNoSecrets(assert, error, secrets) {
  const { inspect } = await import('node:util');
  const views = [
    String(error?.message),
    String(error?.stack),
    JSON.stringify(error),
    inspect(error, { depth: 10, showHidden: true }),
    String(error?.cause?.message ?? ''),
  ];
  for (const secret of secrets) {
    for (const view of views) {
      assert.ok(!view.includes(secret), `a secret leaked into the error: ${view}`);
    }
  }
}
