// SPDX-License-Identifier: MIT
// A bounded queue of conversion jobs. Conversions run in office/poppler child processes, so the HTTP
// server's event loop never blocks on them; the bound keeps the machine from being swamped (default: one
// job per core), and everything beyond it waits its turn in order.

/** Runs at most `size` async tasks at once, in FIFO order. */
export class WorkerPool {
  /** @param {number} size */
  constructor(size) {
    this.size = Math.max(1, Math.floor(size));
    this.active = 0;
    /** @type {Array<{ task: () => Promise<any>, resolve: Function, reject: Function }>} */
    this.queue = [];
    this.closed = false;
  }

  /**
   * Queues a task; it starts when a slot is free.
   * @template T
   * @param {() => Promise<T>} task
   * @returns {Promise<T>}
   */
  run(task) {
    if (this.closed) return Promise.reject(new Error('The server is shutting down.'));
    return new Promise((resolve, reject) => {
      this.queue.push({ task, resolve, reject });
      this.pump();
    });
  }

  pump() {
    while (this.active < this.size && this.queue.length > 0) {
      const job = this.queue.shift();
      this.active += 1;
      Promise.resolve()
        .then(job.task)
        .then(job.resolve, job.reject)
        .finally(() => {
          this.active -= 1;
          this.pump();
        });
    }
  }

  /** Refuses new tasks and rejects the queued ones; running ones finish on their own. */
  close() {
    this.closed = true;
    const queued = this.queue.splice(0);
    for (const job of queued) job.reject(new Error('The server is shutting down.'));
  }

  /** @returns {{ size: number, active: number, queued: number }} */
  stats() {
    return { size: this.size, active: this.active, queued: this.queue.length };
  }
}
