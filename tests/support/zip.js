// SPDX-License-Identifier: MIT
/**
 * Reads the entries of a zip file (an OOXML, ODF or EPUB package) from its central directory, so tests
 * can look inside converted documents without an unzip tool; and writes one, so tests can build packages.
 */
import { crc32, createDeflateRaw, inflateRawSync } from 'node:zlib';

/**
 * @param {Buffer} buf a whole zip file
 * @returns {Map<string, Buffer>} entry name → uncompressed bytes (stored and deflated entries)
 * @throws {Error} when `buf` is not a zip file
 */
export function unzip(buf) {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file: no end of central directory');
  const entries = new Map();
  let p = buf.readUInt32LE(eocd + 16);
  for (let n = buf.readUInt16LE(eocd + 10); n > 0; n--) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('not a zip file: bad central directory');
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    entries.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return entries;
}

/**
 * A zip file of stored (uncompressed) entries, in the given order (an ODF package wants `mimetype` first), or
 * of entries deflated beforehand (deflatedRepeat).
 * @param {Array<[string, Buffer | string | { deflated: Buffer, size: number, crc?: number }]>} entries name →
 *   bytes (a string is written as UTF-8)
 * @returns {Buffer}
 */
export function zip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, content] of entries) {
    // A deflated entry comes made ({ deflated, size, crc }: deflatedRepeat), with the size it claims to inflate to.
    const packed = content?.deflated ? content : null;
    const data = packed ? packed.deflated : Buffer.from(content);
    const size = packed ? packed.size : data.length;
    const method = packed ? 8 : 0;
    const fileName = Buffer.from(name, 'utf8');
    const crc = packed ? (packed.crc ?? 0) : crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, data);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/**
 * `head`, then `text` repeated `times`, then `tail`, as raw deflate made chunk by chunk (never whole in memory):
 * a zip bomb's part. `size` is what it inflates to; `crc` is left 0 (what reads it first refuses it).
 * @param {{ head?: string, text: string, times: number, tail?: string }} o
 * @returns {Promise<{ deflated: Buffer, size: number }>}
 */
export async function deflatedRepeat({ head = '', text, times, tail = '' }) {
  const deflate = createDeflateRaw({ level: 9 });
  const out = [];
  deflate.on('data', (c) => out.push(c));
  const ended = new Promise((resolve, reject) => deflate.on('end', resolve).on('error', reject));
  const chunk = Buffer.from(text);
  deflate.write(head);
  for (let i = 0; i < times; i++) {
    if (!deflate.write(chunk)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end(tail);
  await ended;
  return {
    deflated: Buffer.concat(out),
    size: Buffer.byteLength(head) + chunk.length * times + Buffer.byteLength(tail),
  };
}
