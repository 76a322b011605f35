// SPDX-License-Identifier: MIT
// One big-file measurement in a fresh process (bench/bigfiles.js), reported as one JSON line on stdout:
//   node bench/bigfiles-child.js convert   wasm       <url> <input path> <output folder>
//   node bench/bigfiles-child.js roundtrip wasm|sdk   <url> <input path> <output path>
// `convert`: this client's convert(path, { format: 'pdf', outDir }). `roundtrip`: the file uploaded from its
// path and downloaded to a path: this client with uploadFile(path) and downloadFile(path, { to }); the official
// SDK, which takes a Buffer and answers one, with fs.readFile and fs.writeFile around its calls. Idle RSS is
// taken after the import, the client's set-up and its token, before the transfer; peak RSS is VmHWM (see
// bench/child.js for why not ru_maxrss).

import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import { CREDENTIALS } from './lib.js';

const [task, who, url, input, output] = process.argv.slice(2);
const MiB = 1024 * 1024;
const TIMEOUT_MS = 30 * 60_000;

/** @returns {number} this process's peak RSS in MiB (VmHWM) */
function peakRssMiB() {
  const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
  if (!m) throw new Error('no VmHWM in /proc/self/status: the big-file rows need Linux');
  return Number(m[1]) / 1024;
}

/** Runs `transfer` once the client is ready; the clock and the idle RSS start after set-up and token. */
async function measure(ready, transfer) {
  await ready;
  const idleRssMiB = process.memoryUsage().rss / MiB;
  const start = performance.now();
  const size = await transfer();
  const ms = performance.now() - start;
  return { ok: true, ms, size, idleRssMiB, maxRssMiB: peakRssMiB() };
}

async function wasm() {
  const { ConversionClient } = await import('groupdocs-conversion-wasm');
  const client = await ConversionClient.create({ baseUrl: url, ...CREDENTIALS, timeoutMs: TIMEOUT_MS });
  try {
    const ready = client.objectExists('bench/none');
    if (task === 'convert') {
      return await measure(ready, async () => {
        const { files } = await client.convert(input, { format: 'pdf', outDir: output, timeoutMs: TIMEOUT_MS });
        if (files.length !== 1 || !files[0].file) throw new Error(`convert answered ${JSON.stringify(files)}`);
        return files[0].size;
      });
    }
    const stored = `bench/big/${basename(input)}`;
    return await measure(ready, async () => {
      await client.uploadFile(stored, input);
      return (await client.downloadFile(stored, { to: output })).size;
    });
  } finally {
    client.close();
  }
}

async function sdk() {
  if (task !== 'roundtrip') throw new Error(`the official SDK has no ${task} here`);
  const api = createRequire(import.meta.url)('groupdocs-conversion-cloud');
  const config = new api.Configuration(CREDENTIALS.clientId, CREDENTIALS.clientSecret);
  config.apiBaseUrl = url;
  const storage = api.StorageApi.fromConfig(config);
  const file = api.FileApi.fromConfig(config);
  const stored = `bench/big/sdk-${basename(input)}`;
  return measure(storage.objectExists(new api.ObjectExistsRequest('bench/none')), async () => {
    await file.uploadFile(new api.UploadFileRequest(stored, await readFile(input)));
    const bytes = await file.downloadFile(new api.DownloadFileRequest(stored));
    await writeFile(output, bytes);
    return bytes.length;
  });
}

const contenders = { wasm, sdk };
if (!['convert', 'roundtrip'].includes(task) || !contenders[who]) {
  process.stderr.write(`usage: node bench/bigfiles-child.js convert|roundtrip wasm|sdk <url> <input> <output>\n`);
  process.exit(2);
}
contenders[who]().then(
  (result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  },
  (err) => {
    process.stderr.write(`${err?.stack ?? err}\n`);
    process.exit(1);
  },
);
