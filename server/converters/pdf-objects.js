// SPDX-License-Identifier: MIT
/**
 * A PDF's object graph as qpdf 11's JSON v2 shows it (`qpdf --json-output=2 --json-key=qpdf`, see
 * https://qpdf.readthedocs.io/en/stable/json.html): objects keyed `obj:N G R`, dictionaries as objects with
 * `/Name` keys, references as `N G R` strings, names as `/Name`, text strings as `u:…`, streams as
 * `{ stream: { dict, datafile? } }`. Edits change it in place; `update()` then holds exactly the objects that
 * changed (and the new ones), which `qpdf --update-from-json` applies. No PDF library: qpdf parses and writes.
 */

import { readFile } from 'node:fs/promises';
import { inflateSync } from 'node:zlib';

const REF = /^\d+ \d+ R$/;

/** @param {unknown} v @returns {v is string} a reference such as `12 0 R` */
export const isRef = (v) => typeof v === 'string' && REF.test(v);

/** @param {unknown} v @returns {v is Record<string, any>} a dictionary (not an array, not a stream holder) */
export const isDict = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

export class PdfObjects {
  /**
   * @param {{ qpdf: [Record<string, any>, Record<string, any>] }} json qpdf's JSON v2 (the `qpdf` key at least)
   */
  constructor(json) {
    const [header, objects] = json.qpdf;
    this.header = header;
    this.objects = objects;
    this.original = new Map(Object.entries(objects).map(([key, entry]) => [key, JSON.stringify(entry)]));
    this.nextId = Number(header.maxobjectid) + 1;
  }

  /** The entry of `ref` (`{ value }` or `{ stream }`), or undefined. */
  entry(ref) {
    return this.objects[`obj:${ref}`];
  }

  /** A value with a reference followed (a stream gives its dictionary); anything else as it is. */
  resolve(value) {
    if (!isRef(value)) return value;
    const entry = this.entry(value);
    return entry?.stream ? entry.stream.dict : entry?.value;
  }

  /** The trailer dictionary. */
  get trailer() {
    return this.objects.trailer.value;
  }

  /** The document catalog (an empty dictionary for a malformed file, so that edits find nothing). */
  get catalog() {
    return this.resolve(this.trailer['/Root']) ?? {};
  }

  /** Adds an object; @returns {string} its reference. */
  add(value) {
    const ref = `${this.nextId++} 0 R`;
    this.objects[`obj:${ref}`] = { value };
    return ref;
  }

  /**
   * A stream's data as stored (the dump is made with --decode-level=none), read from the file qpdf wrote
   * (`--json-stream-data=file`) or from inline base64.
   * @returns {Promise<Buffer | null>} null when the dump holds no data
   */
  async rawData(ref) {
    const stream = this.entry(ref)?.stream;
    if (stream?.datafile) return readFile(stream.datafile);
    if (typeof stream?.data === 'string') return Buffer.from(stream.data, 'base64');
    return null;
  }

  /**
   * A stream's data decoded when it is stored as is or with Flate alone (no predictor).
   * @returns {Promise<Buffer | null>} null for other filters or no data
   */
  async plainData(ref) {
    const dict = this.resolve(ref);
    const raw = await this.rawData(ref);
    if (!raw || !isDict(dict) || dict['/DecodeParms'] !== undefined) return null;
    const filters = [dict['/Filter'] ?? []].flat();
    if (filters.length === 0) return raw;
    if (filters.length === 1 && filters[0] === '/FlateDecode') return inflateSync(raw);
    return null;
  }

  /** Replaces a stream's data with `bytes`, stored as is (its filters dropped). */
  setData(ref, bytes) {
    const stream = this.entry(ref).stream;
    for (const key of ['/Filter', '/DecodeParms', '/Length']) delete stream.dict[key];
    delete stream.datafile;
    stream.data = Buffer.from(bytes).toString('base64');
  }

  /** The references of the stream objects. */
  streamRefs() {
    return Object.keys(this.objects)
      .filter((key) => key.startsWith('obj:') && this.objects[key].stream)
      .map((key) => key.slice(4));
  }

  /**
   * Calls `fn` on every dictionary of the document, direct or indirect, stream dictionaries included, in
   * document order (each dictionary before the ones it holds).
   * @param {(dict: Record<string, any>) => void} fn
   */
  eachDict(fn) {
    const visit = (v) => {
      if (Array.isArray(v)) v.forEach(visit);
      else if (isDict(v)) {
        fn(v);
        Object.values(v).forEach(visit);
      }
    };
    for (const entry of Object.values(this.objects)) visit(entry.stream ? entry.stream.dict : entry.value);
  }

  /**
   * Replaces references everywhere: `map` from a reference to the one that takes its place.
   * @param {Map<string, string>} map
   */
  replaceRefs(map) {
    const swap = (v) => {
      if (typeof v === 'string') return map.get(v) ?? v;
      if (Array.isArray(v)) return v.map(swap);
      if (isDict(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, swap(x)]));
      return v;
    };
    for (const entry of Object.values(this.objects)) {
      if (entry.stream) entry.stream.dict = swap(entry.stream.dict);
      else entry.value = swap(entry.value);
    }
  }

  /** The pages' dictionaries, in order (the page tree from the catalog's /Pages). */
  pages() {
    const out = [];
    const seen = new Set();
    const walk = (node) => {
      if (seen.has(node)) return;
      seen.add(node);
      const dict = this.resolve(node);
      if (!isDict(dict)) return;
      if (Array.isArray(this.resolve(dict['/Kids']))) this.resolve(dict['/Kids']).forEach(walk);
      else out.push(dict);
    };
    walk(this.catalog['/Pages']);
    return out;
  }

  /**
   * The JSON for `qpdf --update-from-json`: the objects that differ from what was read, and the new ones.
   * A stream whose data was not replaced goes without data, which keeps its data as it is.
   * @returns {{ qpdf: [Record<string, any>, Record<string, any>] } | null} null when nothing changed
   */
  update() {
    const changed = {};
    for (const [key, entry] of Object.entries(this.objects)) {
      if (this.original.get(key) === JSON.stringify(entry)) continue;
      if (entry.stream) {
        const { dict, data } = entry.stream;
        changed[key] = { stream: data === undefined ? { dict } : { dict, data } };
      } else changed[key] = entry;
    }
    if (Object.keys(changed).length === 0) return null;
    return { qpdf: [{ ...this.header, maxobjectid: this.nextId - 1 }, changed] };
  }
}
