// SPDX-License-Identifier: MIT
// The async operation table (reference §4 AsyncApi, §5 OperationResult).
//
// An operation is Created when accepted, Started when a pool slot picks it up, then Finished, Failed (with
// the error text) or Canceled. `Convert` operations (PUT multipart) keep their result bytes for
// GET /async/result; `ConvertAndSave` operations write to storage and list the stored files. With --data,
// each operation is a JSON file (plus its result bytes) under DIR/operations, so status and results
// survive a restart and every server sharing the folder sees them; an operation cut short by a restart (its
// server's lease lapsed) is marked Failed, since its input is gone.

import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { ApiError } from './http-util.js';
import { conversionApiError, storeResults } from './conversion.js';

const TERMINAL = new Set(['Finished', 'Failed', 'Canceled']);
// Several servers may share one --data folder (issue 20 item 8). An operation runs in the server that accepted
// it, which renews its lease (`heartbeat`) while it runs; another server reads its state from disk and takes it
// for abandoned (that server crashed or was killed) only once the lease is this old.
const HEARTBEAT_MS = 5000;
const LEASE_MS = 30_000;
const ID_PATTERN = /^[0-9a-f-]{36}$/;

/** @returns {string} RFC 3339 with Z */
const now = () => new Date().toISOString();

/** Owns every async operation. */
export class Operations {
  /**
   * @param {{ dataDir?: string, conversions: import('./conversion.js').ConversionService,
   *   storage: import('./storage.js').Storage, faults?: import('./faults.js').FaultInjector,
   *   maxOperations?: number, log?: (line: string) => void }} options
   */
  constructor({ dataDir, conversions, storage, faults, maxOperations = 1000, log = () => {} }) {
    this.dir = dataDir ? join(dataDir, 'operations') : undefined;
    this.conversions = conversions;
    this.storage = storage;
    this.faults = faults;
    this.maxOperations = maxOperations;
    this.log = log;
    /** @type {Map<string, object>} insertion-ordered, so the oldest come first when pruning */
    this.ops = new Map();
    /** @type {Map<string, Promise<void>>} the last pending write per operation */
    this.writes = new Map();
    // Bumped by reset(): work still running for an older epoch must not write its outcome back.
    this.epoch = 0;
    this.instance = randomUUID(); // owner of the operations this server runs
    if (this.dir) {
      this.heartbeat = setInterval(() => this.renewLeases(), HEARTBEAT_MS);
      this.heartbeat.unref();
    }
  }

  /** Renews the lease of every operation this server is running. */
  renewLeases() {
    for (const op of this.ops.values()) {
      if (op.owner === this.instance && !TERMINAL.has(op.status)) {
        op.heartbeat = now();
        this.save(op);
      }
    }
  }

  /** An operation left unfinished by a server that is gone (no lease, or one not renewed for LEASE_MS). */
  static abandoned(op) {
    if (TERMINAL.has(op.status)) return false;
    return !op.heartbeat || Date.now() - Date.parse(op.heartbeat) > LEASE_MS;
  }

  /** Marks an abandoned operation Failed, on disk too. */
  async failAbandoned(op) {
    Object.assign(op, {
      status: 'Failed',
      failed: now(),
      error: 'The server restarted before the operation finished.',
    });
    await this.persist(op, { force: true });
  }

  /** Loads persisted operations; those that were still running are marked Failed. */
  async init() {
    if (!this.dir) return;
    await mkdir(this.dir, { recursive: true });
    const names = (await readdir(this.dir)).filter((n) => n.endsWith('.json')).sort();
    const loaded = [];
    for (const name of names) {
      try {
        loaded.push(JSON.parse(await readFile(join(this.dir, name), 'utf8')));
      } catch {
        this.log(`operations: skipping unreadable ${name}`);
      }
    }
    loaded.sort((a, b) => a.created.localeCompare(b.created));
    for (const op of loaded) {
      // Another server's running operation stays its own (read from disk when asked for); a finished one is
      // kept here too, so that pruning covers it.
      if (!TERMINAL.has(op.status) && !Operations.abandoned(op)) continue;
      this.ops.set(op.id, op);
      if (Operations.abandoned(op)) await this.failAbandoned(op);
    }
  }

  /** @param {object} op @param {{ force?: boolean }} [o] force: write one this server does not hold */
  async persist(op, { force = false } = {}) {
    if (!this.dir) return;
    const { files, ...record } = op;
    if (!force && this.ops.get(op.id) !== op) return; // pruned or reset meanwhile
    const temp = join(this.dir, `.${op.id}.${randomUUID()}.tmp`);
    await writeFile(temp, JSON.stringify(record));
    await rename(temp, join(this.dir, `${op.id}.json`));
  }

  /** Persists without making the caller wait; a failed write is logged, not fatal. */
  save(op) {
    if (!this.dir) return;
    // Writes of one operation are chained so an older state never lands after a newer one.
    const previous = this.writes.get(op.id) ?? Promise.resolve();
    const next = previous
      .then(() => this.persist(op))
      .catch((e) => this.log(`operations: could not persist ${op.id}: ${e.message}`));
    this.writes.set(op.id, next);
    next.finally(() => {
      if (this.writes.get(op.id) === next) this.writes.delete(op.id);
    });
  }

  /** Waits for pending persistence (shutdown). */
  async flush() {
    await Promise.all([...this.writes.values()]);
  }

  /**
   * Starts a `Convert` operation (direct upload; the result stays with the operation).
   * @param {{ bytes: Buffer, sourceFormat: string, targetFormat: string, baseName: string,
   *   loadOptions: object, convertOptions: object, baseUrl: string }} job
   * @returns {object} the operation
   */
  async startConvert(job) {
    this.conversions.pool.admit(); // a full queue refuses the operation (429) before it exists
    const op = this.create('Convert');
    this.schedule(op, async () => {
      const files = await this.conversions.convertNow(job);
      await this.keepFiles(op, files);
      return files.map((f) => ({
        name: f.name,
        size: f.bytes.length,
        path: null,
        url: `${job.baseUrl}/v2.0/conversion/async/result?id=${op.id}&name=${encodeURIComponent(f.name)}`,
      }));
    });
    await this.written(op);
    return op;
  }

  /**
   * Starts a `ConvertAndSave` operation: read the source from storage, convert, store under outputPath.
   * @param {{ storageName: string, filePath: string, outputPath: string, sourceFormat: string, targetFormat: string,
   *   baseName: string, loadOptions: object, convertOptions: object, baseUrl: string }} job
   */
  async startConvertAndSave(job) {
    this.conversions.pool.admit();
    const op = this.create('ConvertAndSave');
    op.storageName = job.storageName;
    this.schedule(op, async () => {
      const bytes = await this.storage.readFile(job.storageName, job.filePath);
      const files = await this.conversions.convertNow({ ...job, bytes });
      return storeResults(this.storage, job.storageName, job.outputPath, job.targetFormat, files, job.baseUrl);
    });
    await this.written(op);
    return op;
  }

  /**
   * Waits until what was saved of `op` so far is on disk: an id is answered only once another server sharing
   * the --data folder can find the operation.
   */
  async written(op) {
    await this.writes.get(op.id);
  }

  /** @param {'Convert' | 'ConvertAndSave'} method */
  create(method) {
    const op = { id: randomUUID(), method, status: 'Created', created: now(), owner: this.instance, heartbeat: now() };
    this.ops.set(op.id, op);
    this.prune();
    this.save(op);
    return op;
  }

  /**
   * Queues the work of an operation; it holds one pool slot from Started to its end. A fault queued
   * through the admin route applies to the next operation created, whatever it is.
   * @param {object} op
   * @param {() => Promise<object[]>} work resolves to the StoredConvertedResult list
   */
  schedule(op, work) {
    const fault = this.faults?.takeOperationFault();
    const epoch = this.epoch;
    const current = () => this.epoch === epoch && this.ops.get(op.id) === op;
    this.conversions.pool
      .run(async () => {
        if (!current()) return;
        Object.assign(op, { status: 'Started', started: now() });
        this.save(op);
        if (fault?.kind === 'cancel') {
          Object.assign(op, { status: 'Canceled', canceled: now(), error: 'The operation was canceled.' });
          return;
        }
        if (fault?.kind === 'fail')
          throw new ApiError(500, 'InjectedFault', fault.message || 'Injected operation failure.');
        const result = await work();
        if (current()) Object.assign(op, { status: 'Finished', finished: now(), result });
      })
      .catch((err) => {
        if (!current()) return;
        const apiError = err instanceof ApiError ? err : conversionApiError(err);
        Object.assign(op, { status: 'Failed', failed: now(), error: apiError.message });
      })
      .finally(() => {
        if (current()) this.save(op);
      });
  }

  /** @param {object} op @param {Array<{ name: string, bytes: Buffer }>} files */
  async keepFiles(op, files) {
    if (!this.dir) {
      op.files = files;
      return;
    }
    const folder = join(this.dir, op.id);
    await mkdir(folder, { recursive: true });
    op.fileNames = [];
    for (const [i, f] of files.entries()) {
      await writeFile(join(folder, `${i}.bin`), f.bytes);
      op.fileNames.push(f.name);
    }
  }

  /**
   * @param {string | null} id
   * @returns {object} the operation as OperationResult
   */
  async status(id) {
    const op = await this.find(id);
    const { files, fileNames, storageName, owner, heartbeat, ...view } = op;
    return view;
  }

  /**
   * An operation: this server's own from memory; with --data, any other from disk as it is now (another
   * server sharing the folder may be running it), marked Failed when that server's lease has lapsed.
   * @param {string | null} id
   */
  async find(id) {
    if (!id) throw new ApiError(400, 'InvalidRequest', 'The "id" query parameter is required.');
    const notFound = () => new ApiError(404, 'OperationNotFound', `Operation '${id}' was not found.`);
    if (!ID_PATTERN.test(id)) throw notFound();
    const mine = this.ops.get(id);
    if (mine && (mine.owner === this.instance || TERMINAL.has(mine.status) || !this.dir)) return mine;
    if (!this.dir) throw notFound();
    let op;
    try {
      op = JSON.parse(await readFile(join(this.dir, `${id}.json`), 'utf8'));
    } catch {
      if (mine) return mine;
      throw notFound();
    }
    if (Operations.abandoned(op)) await this.failAbandoned(op);
    return op;
  }

  /**
   * The bytes of a finished operation's result file: the one named `name`, else the first.
   * Before Finished, a 409 says what state the operation is in.
   * @param {string | null} id
   * @param {string | null} name
   * @returns {Promise<{ name: string, bytes: Buffer, count: number }>}
   */
  async result(id, name) {
    const op = await this.find(id);
    if (op.status === 'Failed') throw new ApiError(409, 'OperationFailed', `Operation '${op.id}' failed: ${op.error}`);
    if (op.status === 'Canceled')
      throw new ApiError(409, 'OperationCanceled', `Operation '${op.id}' was canceled; it has no result.`);
    if (op.status !== 'Finished') {
      throw new ApiError(
        409,
        'OperationNotFinished',
        `Operation '${op.id}' is ${op.status}; its result is available once it is Finished.`,
      );
    }
    const index = name ? op.result.findIndex((r) => r.name === name) : 0;
    if (index < 0) throw new ApiError(404, 'FileNotFound', `Operation '${op.id}' has no result named '${name}'.`);
    const entry = op.result[index];
    let bytes;
    if (op.method === 'ConvertAndSave') bytes = await this.storage.readFile(op.storageName, entry.path);
    else if (op.files) bytes = op.files[index].bytes;
    else bytes = await readFile(join(this.dir, op.id, `${index}.bin`));
    return { name: entry.name, bytes, count: op.result.length };
  }

  /** Drops the oldest finished operations beyond `maxOperations`. */
  prune() {
    if (this.ops.size <= this.maxOperations) return;
    for (const [id, op] of this.ops) {
      if (this.ops.size <= this.maxOperations) break;
      if (!TERMINAL.has(op.status)) continue;
      this.ops.delete(id);
      if (this.dir) {
        rm(join(this.dir, `${id}.json`), { force: true }).catch(() => {});
        rm(join(this.dir, id), { recursive: true, force: true }).catch(() => {});
      }
    }
  }

  /** Stops renewing leases (shutdown). */
  close() {
    clearInterval(this.heartbeat);
  }

  /** Forgets every operation (fault-injection reset). */
  async reset() {
    this.epoch += 1;
    this.ops.clear();
    if (this.dir) {
      await rm(this.dir, { recursive: true, force: true });
      await mkdir(this.dir, { recursive: true });
    }
  }
}
