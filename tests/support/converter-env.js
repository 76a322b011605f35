// SPDX-License-Identifier: MIT
// Shared by the converter tests (tests/node/converters-*.test.js), which call server/converters directly:
// a converter with its LibreOffice pool for the calling suite, the fixtures converted by name, and the
// checks of what comes out (page counts and text through Poppler, magic bytes, image sizes, typed errors)
// and of what a worker leaves behind (processes, LibreOffice's pipes in /tmp).

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, readlink, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { promisify } from 'node:util';
import { ConversionError, createConverter } from '../../server/converters/index.js';
import { fixtureBytes, fixturePath } from './fixtures.js';
import { withPdfFile } from './pdf-tools.js';
import { waitFor } from './wait-for.js';

const run = promisify(execFile);

/**
 * @typedef {object} ConverterEnv
 * @property {string} tmp a folder of the suite's own, removed after it
 * @property {ReturnType<typeof createConverter>} converter two workers, 60 s per job
 * @property {(name: string, targetFormat: string, extra?: object) => Promise<Array<{ name: string, bytes: Buffer }>>}
 *   convert a fixture by its name, e.g. convert('four-pages.docx', 'pdf')
 * @property {(bytes: string | Buffer, sourceFormat: string, targetFormat: string, extra?: object) =>
 *   Promise<Array<{ name: string, bytes: Buffer }>>} convert bytes made by the test, e.g. a CSV written inline
 */

/**
 * A converter for the calling suite: created before its tests (with every fixture built), closed after.
 * @returns {ConverterEnv} filled in by the time the suite's tests run
 */
export function useConverter() {
  const env = /** @type {ConverterEnv} */ ({});
  before(async () => {
    env.tmp = await mkdtemp(join(os.tmpdir(), 'gdcw-test-'));
    env.converter = createConverter({ workers: 2, timeoutMs: 60_000, tmpDir: env.tmp });
    await fixturePath('four-pages.docx'); // builds every fixture once, before the tests
  });
  after(async () => {
    // the converter first: its workers use the folder
    await env.converter?.close();
    if (env.tmp) await rm(env.tmp, { recursive: true, force: true });
  });
  env.convertBytes = (bytes, sourceFormat, targetFormat, extra = {}) =>
    env.converter.convert({ bytes: Buffer.from(bytes), sourceFormat, targetFormat, baseName: 'doc', ...extra });
  env.convert = async (name, targetFormat, extra = {}) =>
    env.converter.convert({
      bytes: await fixtureBytes(name),
      sourceFormat: name.slice(name.lastIndexOf('.') + 1),
      targetFormat,
      baseName: name.slice(0, name.lastIndexOf('.')),
      ...extra,
    });
  return env;
}

/** A PDF's page count (pdfinfo), opened with `password` when given. */
export function pdfPages(bytes, password) {
  return withPdfFile(bytes, async (file) => {
    const { stdout } = await run('pdfinfo', [...(password ? ['-upw', password] : []), file]);
    return Number(/^Pages:\s+(\d+)/m.exec(stdout)[1]);
  });
}

/** A PDF's text (pdftotext), of pages `first` to `last` when given. */
export function pdfText(bytes, { first, last, password } = {}) {
  const args = [
    ...(first ? ['-f', String(first)] : []),
    ...(last ? ['-l', String(last)] : []),
    ...(password ? ['-upw', password] : []),
  ];
  return withPdfFile(bytes, async (file) => (await run('pdftotext', [...args, file, '-'])).stdout);
}

/** pdfinfo's report of a PDF. */
export function pdfInfo(bytes) {
  return withPdfFile(bytes, async (file) => (await run('pdfinfo', [file])).stdout);
}

/** Width and height from a JPEG's SOF marker or a PNG's IHDR. */
export function imageSize(buf) {
  if (buf[0] === 0x89) return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
  for (let p = 2; p < buf.length;) {
    const marker = buf[p + 1];
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      return { height: buf.readUInt16BE(p + 5), width: buf.readUInt16BE(p + 7) };
    }
    p += 2 + buf.readUInt16BE(p + 2);
  }
  throw new Error('no JPEG frame header');
}

/** Tests of a file's first bytes, by kind. */
export const MAGIC = {
  pdf: (b) => b.subarray(0, 5).toString() === '%PDF-',
  zip: (b) => b.readUInt32LE(0) === 0x04034b50,
  cfb: (b) => b.readUInt32BE(0) === 0xd0cf11e0,
  jpg: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  png: (b) => b.readUInt32BE(0) === 0x89504e47,
  tif: (b) => ['II*\0', 'MM\0*'].includes(b.subarray(0, 4).toString('latin1')),
  rtf: (b) => b.subarray(0, 5).toString() === '{\\rtf',
  html: (b) => /<html/i.test(b.toString('utf8')),
  text: (b) => !b.includes(0),
  bmp: (b) => b.subarray(0, 2).toString() === 'BM',
  gif: (b) => b.subarray(0, 4).toString() === 'GIF8',
  webp: (b) => b.subarray(0, 4).toString() === 'RIFF' && b.subarray(8, 12).toString() === 'WEBP',
  svg: (b) => /<svg[\s>]/.test(b.toString('utf8', 0, 400)),
};
const MAGIC_OF = {
  pdf: 'pdf',
  doc: 'cfb',
  dot: 'cfb',
  xls: 'cfb',
  xlt: 'cfb',
  ppt: 'cfb',
  pps: 'cfb',
  pot: 'cfb',
  rtf: 'rtf',
  html: 'html',
  txt: 'text',
  csv: 'text',
  tsv: 'text',
  md: 'text',
  bmp: 'bmp',
  gif: 'gif',
  webp: 'webp',
  svg: 'svg',
  jpg: 'jpg',
  jpeg: 'jpg',
  png: 'png',
  tif: 'tif',
  tiff: 'tif',
};
/** The magic-bytes test for a target format (the OOXML and ODF ones are zip). */
export const magicOf = (fmt) => MAGIC[MAGIC_OF[fmt] ?? 'zip'];

/** Asserts that `promise` rejects with a ConversionError of `code` (and a message matching the pattern). */
export async function rejectsWith(promise, code, messagePattern) {
  await assert.rejects(promise, (err) => {
    assert.ok(err instanceof ConversionError, `expected a ConversionError, got ${err}`);
    assert.equal(err.code, code, err.message);
    if (messagePattern) assert.match(err.message, messagePattern);
    return true;
  });
}

/** Resolves once pgrep finds nothing for `pgrepArgs` (SIGKILLed grandchildren stay zombies until reaped). */
export function processesGone(pgrepArgs, what) {
  return waitFor(
    () =>
      run('pgrep', pgrepArgs).then(
        () => false,
        () => true,
      ),
    what,
    { everyMs: 100 },
  );
}

/** Resolves once none of the files exists any more. */
export function filesGone(files, what) {
  return waitFor(() => !files.some((f) => existsSync(f)), what, { everyMs: 100 });
}

/**
 * The OSL_PIPE_* sockets in /tmp that processes of a group hold open, found from the kernel's side (their fds'
 * inodes in /proc/net/unix), not from the worker's own account of them.
 */
export async function pipesHeldByGroup(pgid) {
  const inodes = new Set();
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) !== pgid) continue;
      for (const fd of await readdir(`/proc/${pid}/fd`)) {
        const m = /^socket:\[(\d+)\]$/.exec(await readlink(`/proc/${pid}/fd/${fd}`).catch(() => ''));
        if (m) inodes.add(m[1]);
      }
    } catch {
      // the process ended meanwhile
    }
  }
  const paths = new Set();
  for (const line of (await readFile('/proc/net/unix', 'utf8')).split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f[7]?.startsWith('/tmp/OSL_PIPE_') && inodes.has(f[6])) paths.add(f[7]);
  }
  return [...paths].sort();
}

/** The pipe files of the pool's live worker (slot 0), checked against what its processes really hold. */
export async function workerPipes(conv) {
  const worker = conv._pool.slots[0];
  const files = [...worker.pipeFiles].sort();
  assert.equal(files.length, 2, 'the --accept pipe and the SingleOfficeIPC pipe');
  assert.deepEqual(await pipesHeldByGroup(worker.pid), files, 'uno_worker.py names exactly the pipes its soffice made');
  for (const f of files) assert.ok(existsSync(f), f);
  return files;
}
