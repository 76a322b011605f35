// SPDX-License-Identifier: MIT
// One measurement in a fresh process, reported as one JSON line on stdout:
//   node bench/child.js load     <contender> <url>            module load → first answered request
//   node bench/child.js upload   <contender> <url> <bytes>    one big upload: time and peak RSS
//   node bench/child.js download <contender> <url> <path>     one big download: time and peak RSS
// Peak RSS (VmHWM, see peakRssMiB) is per process, so every measurement gets a fresh one.

import { readFileSync } from 'node:fs';

const [task, who, url, arg] = process.argv.slice(2);
const MiB = 1024 * 1024;
const rss = () => process.memoryUsage().rss;
// Peak RSS of this process. Linux keeps getrusage's ru_maxrss (process.resourceUsage().maxRSS) across
// fork and execve, so a child would report its parent's peak when that is higher; VmHWM belongs to the
// process's own address space, which execve makes fresh.
function peakRssMiB() {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024;
}

async function main() {
  const { CREATE } = await import('./contenders.js');
  if (task === 'load') {
    // The contender's own load: the import (or require) and the client's set-up, then the first call, timed
    // from here: the harness's own modules (contenders.js, lib.js) are loaded by now, in every column alike.
    const start = performance.now();
    /** @type {{ imported?: number }} when the contender's module was loaded (this client's only) */
    const marks = {};
    const c = await CREATE[who](url, marks);
    const loaded = performance.now();
    const exists = await c.objectExists('bench/none');
    const first = performance.now();
    c.close();
    return {
      loadMs: loaded - start,
      firstRequestMs: first - start,
      ...(marks.imported !== undefined && { importMs: marks.imported - start }),
      ok: exists === false,
    };
  }
  if (task === 'upload') {
    const size = Number(arg);
    // Not compressible and not all zeros: a file's bytes, made here rather than read (no page cache).
    const bytes = new Uint8Array(size);
    for (let i = 0; i < size; i += 4096) bytes[i] = (i * 2654435761) >>> 24;
    const c = await CREATE[who](url);
    await c.objectExists('bench/none'); // token and connection ready: only the upload is timed
    const before = rss();
    const start = performance.now();
    const uploaded = await c.upload(`bench/up-${who}.bin`, bytes);
    const ms = performance.now() - start;
    c.close();
    return { ms, bytes: size, ok: uploaded === 1, rssBeforeMiB: before / MiB, maxRssMiB: peakRssMiB() };
  }
  if (task === 'download') {
    const c = await CREATE[who](url);
    await c.objectExists('bench/none');
    const before = rss();
    const start = performance.now();
    const size = await c.download(arg);
    const ms = performance.now() - start;
    c.close();
    return { ms, bytes: size, ok: size > 0, rssBeforeMiB: before / MiB, maxRssMiB: peakRssMiB() };
  }
  throw new Error(`unknown task ${task}`);
}

main().then(
  (result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  },
  (err) => {
    process.stderr.write(`${err?.stack ?? err}\n`);
    process.exit(1);
  },
);
