// SPDX-License-Identifier: MIT
// A bounded queue of conversion jobs. Conversions run in office/poppler child processes, so the HTTP
// server's event loop never blocks on them; the bound keeps the machine from being swamped (default: one
// job per core), and everything beyond it waits its turn in order, in a queue that is bounded too (issue 20
// item 3): when it is full a job is refused at once (429 with Retry-After), and a job that waits longer than
// the queue timeout gives up (503), so that neither memory nor waiting grows without bound.

import { ApiError } from './http-util.js';

// Retry-After stays within these bounds whatever the estimate says.
const RETRY_AFTER_MIN_S = 1;
const RETRY_AFTER_MAX_S = 60;
const REFUSALS_HALF_LIFE_MS = 10_000;

/** Runs at most `size` async tasks at once, in FIFO order; at most `maxQueue` more wait. */
export class WorkerPool {
  /**
   * @param {number} size
   * @param {{ maxQueue?: number, queueTimeoutMs?: number }} [limits] maxQueue: how many tasks may wait
   *   (Infinity: no bound); queueTimeoutMs: how long one may wait (0: as long as it takes)
   */
  constructor(size, { maxQueue = Infinity, queueTimeoutMs = 0 } = {}) {
    this.size = Math.max(1, Math.floor(size));
    this.maxQueue = maxQueue;
    this.queueTimeoutMs = queueTimeoutMs;
    this.active = 0;
    /** @type {Array<{ task: () => Promise<any>, resolve: Function, reject: Function, timer?: NodeJS.Timeout }>} */
    this.queue = [];
    this.closed = false;
    this.averageMs = 1000; // a moving average of task durations, for Retry-After
    /** @type {(event: 'queued' | 'started' | 'done' | 'refused' | 'expired') => void} */
    this.onEvent = () => {};
  }

  /** True when a new task would be refused (every slot busy and the queue full). */
  get full() {
    return this.active >= this.size && this.queue.length >= this.maxQueue;
  }

  /**
   * Throws 429 when a new task would be refused: for callers that want to say no before doing any work (an
   * async operation is refused before it is created).
   */
  admit() {
    if (this.closed) throw new ApiError(503, 'ShuttingDown', 'The server is shutting down.');
    if (!this.full) return;
    this.onEvent('refused');
    this.refusedLately(1);
    const seconds = this.retryAfterSeconds();
    throw new ApiError(
      429,
      'TooManyRequests',
      `Every conversion engine is busy and ${this.queue.length} conversions are waiting; retry in ${seconds} s.`,
      { headers: { 'Retry-After': String(seconds) } },
    );
  }

  /**
   * Seconds until a slot is likely free for this client: the work ahead of it (what waits, and the clients
   * refused lately, who will be back) spread over the slots at the recent duration of a task, plus up to as
   * much again at random, so that the clients refused together do not all come back together.
   */
  retryAfterSeconds() {
    const ahead = this.queue.length + this.refusedLately() + 1;
    const estimate = (this.averageMs * ahead) / this.size / 1000;
    const spread = Math.ceil(estimate * (1 + Math.random()));
    return Math.min(RETRY_AFTER_MAX_S, Math.max(RETRY_AFTER_MIN_S, spread));
  }

  /** Refusals of the last few seconds, decayed with a half-life of REFUSALS_HALF_LIFE_MS. */
  refusedLately(add = 0) {
    const now = Date.now();
    this.refusals = (this.refusals ?? 0) * 0.5 ** ((now - (this.refusedAt ?? now)) / REFUSALS_HALF_LIFE_MS) + add;
    this.refusedAt = now;
    return this.refusals;
  }

  /**
   * Queues a task; it starts when a slot is free.
   * @template T
   * @param {() => Promise<T>} task
   * @returns {Promise<T>} rejects with a 429 ApiError when the queue is full, a 503 one when the task waited
   *   longer than the queue timeout
   */
  run(task) {
    try {
      this.admit();
    } catch (err) {
      return Promise.reject(err);
    }
    return new Promise((resolve, reject) => {
      const job = { task, resolve, reject, timer: undefined };
      if (this.queueTimeoutMs > 0) {
        job.timer = setTimeout(() => {
          const i = this.queue.indexOf(job);
          if (i < 0) return;
          this.queue.splice(i, 1);
          this.onEvent('expired');
          reject(
            new ApiError(
              503,
              'QueueTimeout',
              `No conversion engine was free within ${this.queueTimeoutMs} ms; retry later.`,
              { headers: { 'Retry-After': String(this.retryAfterSeconds()) } },
            ),
          );
        }, this.queueTimeoutMs);
        job.timer.unref();
      }
      this.queue.push(job);
      this.onEvent('queued');
      this.pump();
    });
  }

  pump() {
    while (this.active < this.size && this.queue.length > 0) {
      const job = this.queue.shift();
      clearTimeout(job.timer);
      this.active += 1;
      this.onEvent('started');
      const started = Date.now();
      Promise.resolve()
        .then(job.task)
        .then(job.resolve, job.reject)
        .finally(() => {
          this.averageMs = 0.8 * this.averageMs + 0.2 * (Date.now() - started);
          this.active -= 1;
          this.onEvent('done');
          this.pump();
        });
    }
  }

  /** Refuses new tasks and rejects the queued ones; running ones finish on their own. */
  close() {
    this.closed = true;
    const queued = this.queue.splice(0);
    for (const job of queued) {
      clearTimeout(job.timer);
      job.reject(new ApiError(503, 'ShuttingDown', 'The server is shutting down.'));
    }
  }

  /** @returns {{ size: number, active: number, queued: number, maxQueue: number }} */
  stats() {
    return { size: this.size, active: this.active, queued: this.queue.length, maxQueue: this.maxQueue };
  }
}
