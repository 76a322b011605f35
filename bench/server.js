// SPDX-License-Identifier: MIT
// The local server in its own process, so that its CPU and memory never count against a contender.
// `node bench/server.js [--stub-converter]` prints one JSON line {url} and serves until stdin closes or
// SIGTERM. The stub converter answers at once with a small fixed PDF: rows that measure the clients under
// load (200 concurrent conversions) must not measure LibreOffice. `--data DIR` keeps the storage on disk and
// `--max-upload-bytes N` raises the upload limit (the big-file suite, bench/bigfiles.js: files over 2 GiB).

import { parseArgs } from 'node:util';
import { startServer } from '../server/index.js';

const MiB = 1024 * 1024;
const { values: flags } = parseArgs({
  options: {
    'stub-converter': { type: 'boolean', default: false },
    data: { type: 'string' },
    'max-upload-bytes': { type: 'string' },
  },
});
const stub = flags['stub-converter'];

// A minimal but valid one-page PDF, so that every contender downloads real PDF bytes.
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);

const stubConverter = {
  supportedFormats: async () => [{ sourceFormat: 'docx', targetFormats: ['pdf'] }],
  isRasterTarget: () => false,
  sniffFormat: (buffer, hint) =>
    buffer.subarray(0, 2).toString('latin1') === 'PK' || /\.docx$/i.test(hint ?? '') ? 'docx' : null,
  convert: async ({ baseName }) => [{ name: `${baseName}.pdf`, bytes: PDF }],
  info: async ({ bytes }) => ({ fileType: 'docx', pageCount: 1, size: bytes.length }),
  close: async () => {},
};

const server = await startServer({
  port: 0,
  host: '127.0.0.1',
  // 100 MB uploads and downloads, repeated: room for them (the defaults are 512 MiB and 2 GiB).
  maxUploadBytes: flags['max-upload-bytes'] ? Number(flags['max-upload-bytes']) : 1024 * MiB,
  quotaBytes: 16 * 1024 * MiB,
  ...(flags.data ? { dataDir: flags.data } : {}),
  ...(stub ? { converter: stubConverter, workers: 256 } : {}),
});
process.stdout.write(`${JSON.stringify({ url: server.url, pid: process.pid })}\n`);

let closing = false;
const close = async () => {
  if (closing) return;
  closing = true;
  await server.close().catch(() => {});
  process.exit(0);
};
process.on('SIGTERM', close);
process.on('SIGINT', close);
process.stdin.on('end', close);
process.stdin.resume();
