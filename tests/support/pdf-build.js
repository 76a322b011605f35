// SPDX-License-Identifier: MIT
// PDFs made by the tests from their objects: the objects written as qpdf's JSON v2
// (https://qpdf.readthedocs.io/en/stable/json.html), which `qpdf --json-input` turns into a PDF. Objects
// nothing references are kept (--preserve-unreferenced), so a test can carry some. And the reading side:
// qpdf's JSON view of a PDF (its objects, outline, form).

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { withPdfFile } from './pdf-tools.js';

const run = promisify(execFile);

/**
 * A document under construction: `add` an object (a dictionary, an array, …) or a `stream`, get its
 * reference (`N 0 R`); `set` fills in one made earlier; `build` writes the PDF with the catalog as /Root.
 */
export class PdfBuilder {
  constructor() {
    this.objects = {};
    this.count = 0;
  }

  /** @param {unknown} value @returns {string} its reference */
  add(value) {
    this.count += 1;
    this.objects[`obj:${this.count} 0 R`] = { value };
    return `${this.count} 0 R`;
  }

  /** @param {Record<string, unknown>} dict @param {string | Buffer} data stored as is */
  stream(dict, data) {
    this.count += 1;
    this.objects[`obj:${this.count} 0 R`] = { stream: { dict, data: Buffer.from(data).toString('base64') } };
    return `${this.count} 0 R`;
  }

  /** Sets the value of an object made earlier (for objects that refer to each other). */
  set(ref, value) {
    this.objects[`obj:${ref}`] = { value };
  }

  /** @param {string} catalog the catalog's reference @returns {Promise<Buffer>} the PDF */
  async build(catalog) {
    const json = {
      qpdf: [
        {
          jsonversion: 2,
          pdfversion: '1.7',
          pushedinheritedpageresources: false,
          calledgetallpages: false,
          maxobjectid: this.count,
        },
        { ...this.objects, trailer: { value: { '/Root': catalog, '/Size': this.count + 1 } } },
      ],
    };
    const dir = await mkdtemp(join(tmpdir(), 'gdconv-build-'));
    try {
      await writeFile(join(dir, 'doc.json'), JSON.stringify(json));
      await run('qpdf', ['--json-input', '--preserve-unreferenced', join(dir, 'doc.json'), join(dir, 'doc.pdf')]);
      return await readFile(join(dir, 'doc.pdf'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

/**
 * qpdf's JSON v2 of a PDF (`qpdf --json`): `objects` (obj:N G R → { value } or { stream: { dict } }),
 * `outlines` (title, open, kids …), `acroform` (fields …), `attachments`.
 * @param {Uint8Array} bytes
 */
export function pdfJson(bytes) {
  return withPdfFile(bytes, async (file) => {
    const { stdout } = await run('qpdf', ['--json', '--json-stream-data=none', file], { maxBuffer: 256 << 20 });
    const json = JSON.parse(stdout);
    return { ...json, objects: json.qpdf[1] };
  });
}

/** The PDF's objects as text (qpdf's QDF form: uncompressed, one object after another). */
export function pdfObjectsText(bytes) {
  return withPdfFile(bytes, async (file) => {
    const { stdout } = await run('qpdf', ['--qdf', '--object-streams=disable', file, '-'], {
      encoding: 'latin1',
      maxBuffer: 256 << 20,
    });
    return stdout;
  });
}
