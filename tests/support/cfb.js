// SPDX-License-Identifier: MIT
/**
 * A small Compound File Binary writer ([MS-CFB] version 3: 512-byte sectors, 64-byte mini sectors), enough
 * to build the Outlook .msg files the email tests need (tests/support/email-fixtures.js): no Debian package
 * ships a sample .msg, and the test must not depend on one made elsewhere.
 *
 * Streams under 4096 bytes live in the mini stream, as the format requires; each storage's children form a
 * balanced, validly coloured red-black tree in CFB name order.
 */

const SECTOR = 512;
const MINI_SECTOR = 64;
const MINI_CUTOFF = 4096;
const FREESECT = 0xffffffff;
const ENDOFCHAIN = 0xfffffffe;
const FATSECT = 0xfffffffd;
const NOSTREAM = 0xffffffff;
const TYPE = { storage: 1, stream: 2, root: 5 };

/**
 * @typedef {{ name: string, data: Buffer } | { name: string, children: CfbEntry[] }} CfbEntry
 */

/** [MS-CFB] 2.6.4: shorter names first, then by upper-cased UTF-16 code units. */
function compareNames(a, b) {
  if (a.length !== b.length) return a.length - b.length;
  const ua = a.toUpperCase();
  const ub = b.toUpperCase();
  return ua < ub ? -1 : ua > ub ? 1 : 0;
}

/**
 * Builds a compound file.
 * @param {CfbEntry[]} children the root storage's streams and storages
 * @returns {Buffer}
 */
export function buildCfb(children) {
  // Directory entries in depth-first order; entry 0 is the root.
  const entries = [];
  const add = (entry, type) => {
    const id = entries.length;
    entries.push({
      name: entry.name,
      type,
      data: entry.data,
      left: NOSTREAM,
      right: NOSTREAM,
      child: NOSTREAM,
      black: true,
      start: ENDOFCHAIN,
      size: 0,
    });
    if (entry.children)
      entries[id].child = tree(entry.children.map((c) => add(c, c.children ? TYPE.storage : TYPE.stream)));
    return id;
  };
  // A balanced binary tree of the sorted siblings: the nodes of the deepest level red, all others black, so
  // every path from the root to a leaf has the same number of black nodes.
  const tree = (ids) => {
    const sorted = [...ids].sort((a, b) => compareNames(entries[a].name, entries[b].name));
    const deepest = Math.floor(Math.log2(sorted.length || 1));
    const build = (lo, hi, depth) => {
      if (lo > hi) return NOSTREAM;
      const mid = (lo + hi) >> 1;
      const node = entries[sorted[mid]];
      node.black = depth === 0 || depth < deepest;
      node.left = build(lo, mid - 1, depth + 1);
      node.right = build(mid + 1, hi, depth + 1);
      return sorted[mid];
    };
    return build(0, sorted.length - 1, 0);
  };
  add({ name: 'Root Entry', children }, TYPE.root);

  // The mini stream (small streams) and its FAT.
  const miniFat = [];
  const miniChunks = [];
  for (const e of entries) {
    if (e.type !== TYPE.stream) continue;
    e.size = e.data.length;
    if (e.size === 0 || e.size >= MINI_CUTOFF) continue;
    const count = Math.ceil(e.size / MINI_SECTOR);
    e.start = miniFat.length;
    for (let i = 0; i < count; i++) miniFat.push(i === count - 1 ? ENDOFCHAIN : miniFat.length + 1);
    miniChunks.push(e.data, Buffer.alloc(count * MINI_SECTOR - e.size));
  }
  const miniStream = Buffer.concat(miniChunks);

  // Regular sectors: directory, mini FAT, mini stream, large streams, then the FAT itself.
  const fat = [];
  const sectors = [];
  const place = (bytes) => {
    if (bytes.length === 0) return ENDOFCHAIN;
    const count = Math.ceil(bytes.length / SECTOR);
    const start = fat.length;
    for (let i = 0; i < count; i++) fat.push(i === count - 1 ? ENDOFCHAIN : fat.length + 1);
    sectors.push(bytes, Buffer.alloc(count * SECTOR - bytes.length));
    return start;
  };
  const directory = Buffer.alloc(Math.ceil(entries.length / 4) * 4 * 128);
  const directoryStart = place(directory); // filled in below, once every start sector is known
  const miniFatBytes = Buffer.alloc(Math.ceil((miniFat.length * 4) / SECTOR) * SECTOR, 0xff);
  miniFat.forEach((v, i) => miniFatBytes.writeUInt32LE(v, i * 4));
  const miniFatStart = place(miniFatBytes);
  entries[0].start = place(miniStream);
  entries[0].size = miniStream.length;
  for (const e of entries) if (e.type === TYPE.stream && e.size >= MINI_CUTOFF) e.start = place(e.data);

  let fatSectors = 1;
  while (fat.length + fatSectors > fatSectors * (SECTOR / 4)) fatSectors++;
  if (fatSectors > 109) throw new Error('buildCfb: too large for a header-only DIFAT');
  const fatStart = fat.length;
  for (let i = 0; i < fatSectors; i++) fat.push(FATSECT);
  const fatBytes = Buffer.alloc(fatSectors * SECTOR, 0xff);
  fat.forEach((v, i) => fatBytes.writeUInt32LE(v, i * 4));
  sectors.push(fatBytes);

  entries.forEach((e, i) => {
    const at = i * 128;
    const name = Buffer.from(e.name, 'utf16le');
    if (name.length > 62) throw new Error(`buildCfb: name too long: ${e.name}`);
    name.copy(directory, at);
    directory.writeUInt16LE(name.length + 2, at + 64);
    directory[at + 66] = e.type;
    directory[at + 67] = e.black ? 1 : 0;
    directory.writeUInt32LE(e.left, at + 68);
    directory.writeUInt32LE(e.right, at + 72);
    directory.writeUInt32LE(e.child, at + 76);
    directory.writeUInt32LE(e.start, at + 116);
    directory.writeUInt32LE(e.size, at + 120);
  });
  for (let i = entries.length; i < directory.length / 128; i++) {
    for (const off of [68, 72, 76]) directory.writeUInt32LE(NOSTREAM, i * 128 + off);
  }

  const header = Buffer.alloc(SECTOR);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header, 0);
  header.writeUInt16LE(0x003e, 24); // minor version
  header.writeUInt16LE(0x0003, 26); // major version 3
  header.writeUInt16LE(0xfffe, 28); // little-endian
  header.writeUInt16LE(9, 30); // 512-byte sectors
  header.writeUInt16LE(6, 32); // 64-byte mini sectors
  header.writeUInt32LE(fatSectors, 44);
  header.writeUInt32LE(directoryStart, 48);
  header.writeUInt32LE(MINI_CUTOFF, 56);
  header.writeUInt32LE(miniFat.length ? miniFatStart : ENDOFCHAIN, 60);
  header.writeUInt32LE(miniFatBytes.length / SECTOR, 64);
  header.writeUInt32LE(ENDOFCHAIN, 68); // no DIFAT sectors
  for (let i = 0; i < 109; i++) header.writeUInt32LE(i < fatSectors ? fatStart + i : FREESECT, 76 + i * 4);
  return Buffer.concat([header, ...sectors]);
}
