// SPDX-License-Identifier: MIT
// Reads a multipart/form-data upload with busboy: the first file part, plus the small text fields
// (loadOptions, convertOptions) that direct conversion sends beside it.
//
// Which part is the file (reference §4): the first part with a filename (Node sends `File` with
// `filename="file.name"`, Python `file` with the real name, .NET `file`/`file`), or a part named `file`
// (case-insensitively) without one. The size limit is enforced twice: a declared Content-Length over the
// limit is refused before a byte is read, and busboy's `limits.fileSize` stops a stream that lies or is
// chunked. The file is collected into one buffer (preallocated from Content-Length when it is known) so
// that only one copy of it is ever held, or, when the caller gives a staging path (the disk storage, issue 13),
// written to that file as it arrives, so that an upload larger than memory (or than a Buffer) keeps the
// server's memory flat.

import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import busboy from 'busboy';
import { ApiError, discardRest, tooLarge } from './http-util.js';

// Room for the multipart framing and the options fields around a file of exactly the limit.
const MULTIPART_SLACK = 1024 * 1024;
const FIELD_LIMIT = 1024 * 1024;

/**
 * Collects file chunks into a single buffer.
 */
class Collector {
  /** @param {number | undefined} expected an upper bound on the size (the request's Content-Length) */
  constructor(expected) {
    this.expected = expected;
    this.buffer = null;
    this.chunks = [];
    this.size = 0;
  }

  /** @param {Buffer} chunk @returns {boolean} true: ready for more at once */
  push(chunk) {
    this.take(chunk);
    return true;
  }

  /** @param {Buffer} chunk */
  take(chunk) {
    if (this.expected !== undefined) {
      // allocUnsafe of a large size maps pages lazily, so the unused tail costs address space, not memory.
      this.buffer ??= Buffer.allocUnsafe(this.expected);
      if (this.size + chunk.length <= this.buffer.length) {
        chunk.copy(this.buffer, this.size);
        this.size += chunk.length;
        return;
      }
      // Cannot happen with an honest Content-Length; fall back to chunks.
      this.chunks.push(this.buffer.subarray(0, this.size));
      this.buffer = null;
      this.expected = undefined;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
  }

  /** @returns {Promise<{ data: Buffer }>} */
  async finish() {
    return { data: this.result() };
  }

  /** @returns {Buffer} */
  result() {
    if (this.buffer) {
      // Copy small results out so a tiny file does not pin a large allocation.
      return this.size < this.buffer.length / 2
        ? Buffer.from(this.buffer.subarray(0, this.size))
        : this.buffer.subarray(0, this.size);
    }
    return this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.size);
  }

  async discard() {}
}

/**
 * Writes file chunks to a staging file as they arrive; the caller moves the file into place (or discards it).
 */
class FileStager {
  /** @param {string} path @param {(err: Error) => void} onError */
  constructor(path, onError) {
    this.path = path;
    this.size = 0;
    this.out = createWriteStream(path);
    this.out.on('error', onError);
  }

  /** @param {Buffer} chunk @returns {boolean} false: wait for drained() before the next one */
  push(chunk) {
    this.size += chunk.length;
    return this.out.write(chunk);
  }

  /** @returns {Promise<void>} */
  drained() {
    return new Promise((resolve) => this.out.once('drain', resolve));
  }

  /** @returns {Promise<{ staged: StagedFile }>} */
  finish() {
    return new Promise((resolve, reject) => {
      this.out.once('error', reject);
      this.out.end(() => resolve({ staged: { path: this.path, size: this.size, discard: () => this.discard() } }));
    });
  }

  async discard() {
    this.out.destroy();
    await rm(this.path, { force: true });
  }
}

/**
 * @typedef {object} StagedFile a file part written to disk, to be moved into place or discarded
 * @property {string} path
 * @property {number} size
 * @property {() => Promise<void>} discard removes it (harmless once it has been moved)
 */

/**
 * @typedef {object} MultipartUpload
 * @property {Buffer} [data] the file bytes (no staging path, or a text part named `file`)
 * @property {StagedFile} [staged] the file part, written to the staging path
 * @property {string | undefined} fileName the part's filename, if any
 * @property {Record<string, string>} fields text fields, keys lower-cased
 */

/**
 * Reads a multipart request.
 * @param {import('node:http').IncomingMessage} req
 * @param {number} maxFileBytes
 * @param {{ stagingPath?: string }} [options] where to write the file part instead of collecting it in memory;
 *   the file is removed again when the request fails
 * @returns {Promise<MultipartUpload>}
 */
export function readMultipart(req, maxFileBytes, { stagingPath } = {}) {
  const declared = Number(req.headers['content-length']);
  const hasLength = req.headers['content-length'] !== undefined && Number.isFinite(declared);
  if (hasLength && declared > maxFileBytes + MULTIPART_SLACK) {
    discardRest(req);
    return Promise.reject(tooLarge(maxFileBytes));
  }
  const type = String(req.headers['content-type'] ?? '');
  if (!/^multipart\/form-data/i.test(type)) {
    discardRest(req);
    return Promise.reject(
      new ApiError(
        400,
        'InvalidMultipart',
        'The request must be multipart/form-data with the document in a file part.',
      ),
    );
  }
  let parser;
  try {
    parser = busboy({
      headers: req.headers,
      // +1 because busboy reports the limit when the count *reaches* it; a file of exactly max bytes is fine.
      limits: { fileSize: maxFileBytes + 1, files: 1, fields: 20, fieldSize: FIELD_LIMIT, parts: 40 },
      defParamCharset: 'utf8',
    });
  } catch (e) {
    discardRest(req);
    return Promise.reject(new ApiError(400, 'InvalidMultipart', `Malformed multipart request: ${e.message}`));
  }

  return new Promise((resolve, reject) => {
    const fields = {};
    let file = null;
    let settled = false;
    let pendingFile = null;

    const fail = (err) => {
      if (settled) return;
      settled = true;
      file?.sink.discard().catch(() => {});
      req.unpipe(parser);
      parser.removeAllListeners();
      parser.on('error', () => {});
      discardRest(req);
      reject(err);
    };

    parser.on('file', (name, stream, info) => {
      if (file || settled) {
        stream.resume();
        return;
      }
      const sink = stagingPath
        ? new FileStager(stagingPath, (e) => fail(e))
        : new Collector(hasLength ? declared : undefined);
      file = { name, fileName: info.filename, sink, done: false };
      pendingFile = new Promise((done) => {
        stream.on('data', (chunk) => {
          if (settled || sink.push(chunk)) return;
          // The disk is slower than the socket: hold the part (busboy then holds the request) until it drains.
          stream.pause();
          sink.drained().then(() => stream.resume());
        });
        stream.on('limit', () => fail(tooLarge(maxFileBytes)));
        stream.on('end', () => {
          file.done = true;
          done();
        });
        stream.on('error', (e) =>
          fail(new ApiError(400, 'InvalidMultipart', `Malformed multipart request: ${e.message}`)),
        );
      });
    });
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) {
        fail(
          new ApiError(413, 'RequestTooLarge', `The multipart field "${name}" is larger than ${FIELD_LIMIT} bytes.`),
        );
        return;
      }
      fields[name.toLowerCase()] = value;
    });
    parser.on('error', (e) => fail(new ApiError(400, 'InvalidMultipart', `Malformed multipart request: ${e.message}`)));
    parser.on('close', async () => {
      if (pendingFile) await pendingFile;
      if (settled) return;
      settled = true;
      if (file) {
        file.sink.finish().then((content) => resolve({ ...content, fileName: file.fileName, fields }), reject);
      } else if (fields.file !== undefined) {
        // A text part named `file` with no filename: take its value as the content.
        const { file: content, ...rest } = fields;
        resolve({ data: Buffer.from(content, 'utf8'), fileName: undefined, fields: rest });
      } else {
        reject(
          new ApiError(
            400,
            'InvalidMultipart',
            'The multipart request has no file part: send the document in a part with a filename.',
          ),
        );
      }
    });
    req.on('close', () => {
      if (!req.complete)
        fail(new ApiError(400, 'InvalidMultipart', 'The request was aborted before the upload completed.'));
    });
    req.pipe(parser);
  });
}
