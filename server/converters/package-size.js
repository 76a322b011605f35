// SPDX-License-Identifier: MIT
/**
 * Zip bombs (issue 20 item 4). Office Open XML and ODF documents are zip packages, and a package of a megabyte
 * whose document.xml inflates to gigabytes held an office process for the whole conversion timeout. Before an
 * engine opens a package, its parts are inflated here as streams, counting the bytes and keeping none, and the
 * package is refused as soon as the total passes the cap: it costs the time to inflate the cap (about a second
 * per 500 MiB), never the disk or the memory the parts claim. Sizes the central directory declares are checked
 * first, so a package that admits its size is refused without inflating anything.
 */
import { createInflateRaw } from 'node:zlib';
import { ConversionError } from './errors.js';
import { zipEntries, zipEntryData } from './sniff.js';

const ZIP_MAGIC = 0x04034b50;
const CHUNK = 64 * 1024;

const tooBig = (cap) =>
  new ConversionError(
    'too_large',
    `The document's parts inflate to more than ${Math.round(cap / (1024 * 1024))} MiB (a zip bomb, or a document too big to convert here)`,
  );

/**
 * Bytes `data` (raw deflate) inflates to, counting up to `budget`: resolves Infinity past it, stopping there.
 * @param {Buffer} data @param {number} budget
 * @returns {Promise<number>}
 */
function inflatedLength(data, budget) {
  return new Promise((resolve) => {
    const inflate = createInflateRaw({ chunkSize: 1 << 20 }); // big output chunks: fewer events to count
    let total = 0;
    let done = false;
    const finish = (n) => {
      if (done) return;
      done = true;
      inflate.destroy();
      resolve(n);
    };
    inflate.on('data', (chunk) => {
      total += chunk.length;
      if (total > budget) finish(Infinity);
    });
    inflate.on('end', () => finish(total));
    inflate.on('error', () => finish(total)); // damaged data: LibreOffice says so when it opens the package
    // Fed in chunks, so that a refusal stops the work early.
    let offset = 0;
    const feed = () => {
      while (offset < data.length) {
        if (done) return;
        const ok = inflate.write(data.subarray(offset, offset + CHUNK));
        offset += CHUNK;
        if (!ok) return void inflate.once('drain', feed);
      }
      if (!done) inflate.end();
    };
    feed();
  });
}

/**
 * Refuses a zip package whose parts inflate to more than `cap` bytes; anything that is not a zip passes.
 * @param {Buffer} buf the document
 * @param {number} cap bytes
 * @throws {ConversionError} too_large
 */
export async function checkPackageSize(buf, cap) {
  if (buf.length < 4 || buf.readUInt32LE(0) !== ZIP_MAGIC) return;
  const entries = [...(zipEntries(buf)?.values() ?? [])];
  if (entries.reduce((sum, e) => sum + e.uncompressedSize, 0) > cap) throw tooBig(cap);
  let total = 0;
  for (const entry of entries) {
    const data = zipEntryData(buf, entry);
    if (!data) continue;
    if (entry.method === 8) total += await inflatedLength(data, cap - total);
    else total += data.length; // stored
    if (total > cap) throw tooBig(cap);
  }
}
