// SPDX-License-Identifier: MIT
/**
 * A pool of warm LibreOffice processes, each driven by one uno_worker.py over JSON lines.
 *
 * Why a pool: a cold `soffice --convert-to` pays ~1 s of start-up per file; a warm process converts a
 * small document in a few tens of milliseconds. Each worker has its own profile (LibreOffice locks a
 * profile, two processes cannot share one) and runs in its own process group (Node's `detached`), so a
 * timeout kills python, oosplash and soffice.bin together and a fresh worker takes its place.
 *
 * Confinement: each worker starts through sandbox.py, which cuts it off from the network and from every file
 * but the system's and its own folder before LibreOffice starts (documents link to URLs and local files, and
 * LibreOffice follows those links). A request's files pass through that folder (office-files.js). A worker
 * that cannot be confined does not start: the job fails with a message saying why, unless the pool was made
 * with `sandbox: false`.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ConversionError, Deadline, timeoutError } from './errors.js';
import { stageRequest } from './office-files.js';

const WORKER_SCRIPT = fileURLToPath(new URL('./uno_worker.py', import.meta.url));
const WORKER_DIR = dirname(WORKER_SCRIPT);
const SANDBOX_SCRIPT = fileURLToPath(new URL('./sandbox.py', import.meta.url));
/** What a confined worker reports when both barriers are up (sandbox.py); anything else is a fallback. */
export const FULL_CONFINEMENT = 'namespace,landlock';
// Debian's python3-uno is built for the system interpreter; a pyenv `python3` on PATH cannot import uno.
const DEFAULT_PYTHON = '/usr/bin/python3';

// Workers whose process group is still alive, killed synchronously if Node exits without close() (a crashed
// test, Ctrl-C), their LibreOffice pipes removed.
const liveWorkers = new Set();
let exitHookInstalled = false;
function track(worker) {
  liveWorkers.add(worker);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const w of liveWorkers) {
        killGroup(w.pid);
        w.removePipeFiles();
      }
    });
  }
}
function killGroup(pid) {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // ESRCH: the group is already gone.
  }
}

/**
 * --fonts DIR (and a request's fontsPath): a fontconfig file in the worker's folder that reads the system's
 * configuration and adds the folders, so LibreOffice draws with those fonts too; its cache goes in the worker's
 * folder (the only one it may write).
 * @param {string} dir @param {string[]} fontsDirs
 * @returns {string} the file's path
 */
function writeFontConfig(dir, fontsDirs) {
  const escape = (path) => path.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const file = join(dir, 'fonts.conf');
  writeFileSync(
    file,
    `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <cachedir>${escape(join(dir, 'fontconfig-cache'))}</cachedir>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
${fontsDirs.map((fonts) => `  <dir>${escape(fonts)}</dir>`).join('\n')}
</fontconfig>
`,
  );
  return file;
}

/** One python + soffice pair. Internal: use OfficePool. */
class OfficeWorker {
  constructor({ dir, python, soffice, startTimeoutMs, sandbox, fontsDir, extraFontsDir }) {
    this.dir = dir;
    this.sandboxed = sandbox;
    this.confinement = null; // what sandbox.py applied, from the ready event
    this.jobs = 0;
    this.pending = null; // { id, resolve, reject, timer }
    this.nextId = 1;
    this.state = 'starting'; // starting → ready → (stopping) → dead
    this.stderrTail = '';
    // The UNIX sockets soffice makes in /tmp (reported by uno_worker.py before it starts soffice). Only a clean
    // exit of soffice removes them: once the group is gone we do, whichever way it ended.
    this.pipeFiles = [];
    mkdirSync(dir, { recursive: true });
    const pipe = `gdcw_${process.pid}_${randomBytes(6).toString('hex')}`;
    const worker = [
      WORKER_SCRIPT,
      '--profile',
      join(dir, 'profile'),
      '--pipe',
      pipe,
      '--soffice',
      soffice,
      '--start-timeout',
      String(Math.ceil(startTimeoutMs / 1000)),
    ];
    // sandbox.py confines itself, then execs the worker: same process, so the group and the pid stay ours.
    // The worker's folder is readable: its modules (document_view.py, uno_util.py) sit beside it.
    const fonts = [fontsDir, extraFontsDir].filter(Boolean);
    const read = [WORKER_DIR, ...fonts].flatMap((path) => ['--read', path]);
    const args = sandbox ? [SANDBOX_SCRIPT, ...read, '--write', dir, '--', python, ...worker] : worker;
    const env = fonts.length > 0 ? { ...process.env, FONTCONFIG_FILE: writeFontConfig(dir, fonts) } : undefined;
    this.child = spawn(python, args, { detached: true, stdio: ['pipe', 'pipe', 'pipe'], env });
    this.pid = this.child.pid;
    if (this.pid) track(this);
    this.setRef(false); // a warm start alone must not keep Node alive; acquire() refs it when a job waits
    this.child.stdin.on('error', () => {}); // EPIPE after a crash is reported through 'exit'
    this.child.stderr.on('data', (d) => {
      this.stderrTail = (this.stderrTail + d).slice(-2000);
    });
    this.exited = new Promise((resolve) => {
      this.child.on('close', (code, signal) => resolve({ code, signal }));
      this.child.on('error', (e) => resolve({ code: null, signal: null, error: e }));
    });
    this.ready = new Promise((resolve, reject) => {
      this.readyResolve = resolve;
      this.readyReject = reject;
    });
    this.ready.catch(() => {}); // observed by the pool; never an unhandled rejection
    // uno_worker.py enforces the start timeout itself; this is the backstop if python itself hangs.
    this.startTimer = setTimeout(
      () => this.fail(`LibreOffice did not start within ${Math.round(startTimeoutMs / 1000)} s`),
      startTimeoutMs + 5000,
    );
    this.startTimer.unref();
    createInterface({ input: this.child.stdout }).on('line', (line) => this.onLine(line));
    this.exited.then(({ code, signal, error }) => {
      clearTimeout(this.startTimer);
      this.onExit(error ? `could not run ${python} (${error.code ?? error.message})` : `exited (${signal ?? code})`);
    });
  }

  onLine(line) {
    let msg;
    try {
      msg = JSON.parse(line);
    } catch {
      return; // not ours: the worker keeps the channel clean, but never trust a stray line
    }
    if (msg.event === 'pipes') {
      // Only paths of LibreOffice's pipe form: a line on this channel must never make us delete anything else.
      this.pipeFiles = (Array.isArray(msg.paths) ? msg.paths : []).filter(
        (p) => typeof p === 'string' && /^\/(var\/)?tmp\/OSL_PIPE_\d+_(gdcw_|SingleOfficeIPC_)[\w]+$/.test(p),
      );
    } else if (msg.event === 'ready') {
      if (this.sandboxed && typeof msg.sandbox !== 'string') return void this.fail('it did not report its confinement');
      this.confinement = msg.sandbox ?? null;
      clearTimeout(this.startTimer);
      this.state = 'ready';
      this.wasReady = true;
      this.setRef(false);
      this.readyResolve(this);
    } else if (msg.event === 'fatal') {
      this.fail(msg.message);
    } else if (this.pending && msg.id === this.pending.id) {
      const { resolve, reject, timer } = this.pending;
      this.pending = null;
      clearTimeout(timer);
      this.setRef(false);
      if (msg.ok) resolve(msg);
      else reject(new ConversionError(msg.code ?? 'engine_failed', msg.message ?? 'LibreOffice failed'));
    }
  }

  /** A start-up failure: the worker is useless, kill it. */
  fail(reason) {
    if (this.state === 'starting') {
      this.state = 'dead';
      const unconfinable = /^sandbox: (.+)$/m.exec(this.stderrTail)?.[1];
      this.readyReject(
        new ConversionError(
          'engine_failed',
          unconfinable
            ? `LibreOffice was not started because it cannot be isolated here: ${unconfinable}. Without isolation a ` +
                'document can make the server fetch URLs and read local files; to convert only trusted documents anyway, ' +
                'start the server with --no-sandbox'
            : `LibreOffice could not be started: ${reason}. ` +
                "Install Debian's libreoffice-writer, libreoffice-calc-nogui, libreoffice-impress-nogui and python3-uno.",
        ),
      );
    }
    this.kill();
  }

  onExit(reason) {
    if (this.state === 'starting')
      this.fail(`${reason}${this.stderrTail ? `: ${this.stderrTail.trim().split('\n').pop()}` : ''}`);
    this.state = 'dead';
    killGroup(this.pid); // python may be gone while soffice lingers in its group
    liveWorkers.delete(this);
    this.removePipeFiles(); // SIGKILLed above: soffice cannot create them again
    if (this.pending) {
      const { reject, timer } = this.pending;
      this.pending = null;
      clearTimeout(timer);
      const err = new ConversionError('engine_failed', 'LibreOffice stopped unexpectedly during the conversion');
      err.workerDied = true;
      reject(err);
    }
    rmSync(this.dir, { recursive: true, force: true, maxRetries: 3 });
  }

  /** Send one request; on timeout the whole process group is killed (the pool replaces it). */
  request(body, deadline) {
    if (this.state !== 'ready') {
      // Died while idle (killed, out of memory) and handed out before its exit was handled: run() retries.
      const err = new ConversionError('engine_failed', 'LibreOffice is not running');
      err.workerDied = true;
      return Promise.reject(err);
    }
    let left;
    try {
      left = deadline.remaining();
    } catch (err) {
      return Promise.reject(err);
    }
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      const timer = setTimeout(() => {
        if (this.pending?.id !== id) return;
        this.pending = null;
        reject(timeoutError(deadline.limitMs));
        this.kill();
      }, left);
      this.pending = { id, resolve, reject, timer };
      this.jobs++;
      this.setRef(true);
      this.child.stdin.write(`${JSON.stringify({ ...body, id })}\n`);
    });
  }

  removePipeFiles() {
    for (const path of this.pipeFiles) {
      try {
        unlinkSync(path);
      } catch {
        // ENOENT: soffice exited cleanly and removed it, or it never got that far.
      }
    }
  }

  kill() {
    if (this.state === 'ready') this.state = 'dead'; // never handed out again, even before 'exit' arrives
    if (this.pid) killGroup(this.pid);
  }

  /** Stops the conversion in progress with `error` (no retry elsewhere: the document caused it), then kills. */
  killFor(error) {
    if (this.pending) {
      const { reject, timer } = this.pending;
      this.pending = null;
      clearTimeout(timer);
      reject(error);
    }
    this.kill();
  }

  /**
   * An idle worker must not keep Node alive: a script that forgets close() still exits (the 'exit' hook
   * kills the group). While a request runs, or while a job waits for start-up, it holds the loop open.
   */
  setRef(on) {
    for (const h of [this.child, this.child.stdin, this.child.stdout, this.child.stderr]) {
      if (on) h?.ref?.();
      else h?.unref?.();
    }
  }

  /** Ask politely (stdin EOF → LibreOffice terminates), then kill; resolves when the process is gone. */
  async stop(graceMs = 5000) {
    this.setRef(true); // whoever awaits the stop keeps Node alive until the process is really gone
    if (this.state === 'starting')
      this.kill(); // nothing to save yet, and it would not read stdin before it is up
    else if (this.state !== 'dead' && this.child.exitCode === null) {
      this.state = 'stopping';
      this.child.stdin.end();
      const timer = setTimeout(() => this.kill(), graceMs);
      await this.exited;
      clearTimeout(timer);
    }
    await this.exited;
    this.kill();
  }
}

const MEMORY_WATCH_MS = 250;
const PAGE_BYTES = 4096;

/**
 * Resident bytes of each process group in `groups` (by leader pid), from /proc/<pid>/stat (its pgrp and rss).
 * @param {Set<number>} groups
 * @returns {Map<number, number>}
 */
function groupResidentBytes(groups) {
  const rss = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'latin1');
    } catch {
      continue; // gone meanwhile
    }
    // After the command in parentheses: state ppid pgrp … with rss the 22nd field from there.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const group = Number(fields[2]);
    if (groups.has(group)) rss.set(group, (rss.get(group) ?? 0) + Number(fields[21]) * PAGE_BYTES);
  }
  return rss;
}

/**
 * N warm workers, a FIFO of jobs waiting for one, replacement on timeout, crash or after `maxJobs` jobs.
 */
export class OfficePool {
  /**
   * @param {{ size: number, dir: string, python?: string, soffice?: string, startTimeoutMs?: number, maxJobs?: number,
   *   sandbox?: boolean, log?: (line: string) => void, memoryLimitBytes?: number, idleShutdownMs?: number }} o
   *   sandbox: false starts LibreOffice unconfined (trusted documents only); log: told once when the confinement
   *   is a fallback (sandbox.py); maxJobs: conversions before a process is replaced; memoryLimitBytes: a busy
   *   process group above it is killed, its conversion too_large (0: no limit); idleShutdownMs: an idle process
   *   stops after it and starts again on demand (0: never)
   */
  constructor({
    size,
    dir,
    python = DEFAULT_PYTHON,
    soffice = 'soffice',
    startTimeoutMs = 60000,
    maxJobs = 200,
    sandbox = true,
    log = () => {},
    memoryLimitBytes = 0,
    idleShutdownMs = 0,
    fontsDir,
  }) {
    this.size = Math.max(1, size | 0);
    this.dir = dir;
    this.options = { python, soffice, startTimeoutMs, sandbox, fontsDir };
    this.log = log;
    this.confinement = sandbox ? null : 'off'; // as the last worker that started reported it
    this.maxJobs = maxJobs;
    this.slots = new Array(this.size).fill(null);
    this.idle = [];
    this.waiters = [];
    this.closed = false;
    this.generation = 0;
    this.restarts = 0; // workers replaced after being up: crashed, timed out, recycled
    this.startError = null; // why the last worker failed to start, until one starts
    this.memoryLimitBytes = memoryLimitBytes;
    this.idleShutdownMs = idleShutdownMs;
    if (memoryLimitBytes > 0) {
      this.memoryWatch = setInterval(() => this.watchMemory(), MEMORY_WATCH_MS);
      this.memoryWatch.unref();
    }
  }

  /**
   * --engine-memory-mb: a busy office process (its whole group: python and soffice) above the limit is killed
   * and its conversion fails with too_large; the slot gets a fresh process.
   */
  watchMemory() {
    const busy = this.slots.filter((w) => w?.pending);
    if (busy.length === 0) return;
    const rss = groupResidentBytes(new Set(busy.map((w) => w.pid)));
    for (const worker of busy) {
      if ((rss.get(worker.pid) ?? 0) <= this.memoryLimitBytes) continue;
      const limit = Math.round(this.memoryLimitBytes / (1024 * 1024));
      worker.killFor(
        new ConversionError('too_large', `The conversion needed more than ${limit} MB of memory and was stopped`),
      );
    }
  }

  /**
   * How the engines are (GET /health, /metrics): workers up, busy and starting, replacements so far, and why
   * the pool is down when no worker could start.
   * @returns {{ size: number, up: number, busy: number, starting: number, restarts: number, down: string | null }}
   */
  status() {
    const live = this.slots.filter((w) => w && w.state !== 'dead');
    const up = live.filter((w) => w.state === 'ready').length;
    const starting = live.filter((w) => w.state === 'starting').length;
    const busy = up - this.idle.filter((w) => w.state === 'ready').length;
    const down = up === 0 && starting === 0 && this.startError ? this.startError : null;
    return { size: this.size, up, busy, starting, restarts: this.restarts, down };
  }

  /** Start every empty slot now (warm), without waiting. */
  start() {
    for (let i = 0; i < this.size; i++) if (!this.slots[i]) this.spawn(i);
  }

  spawn(slot) {
    const worker = new OfficeWorker({ dir: join(this.dir, `worker-${slot}-${++this.generation}`), ...this.options });
    this.slots[slot] = worker;
    worker.ready.then(
      () => {
        if (this.closed) return void worker.stop();
        if (
          worker.confinement !== this.confinement &&
          worker.confinement !== FULL_CONFINEMENT &&
          this.options.sandbox
        ) {
          this.log(
            `LibreOffice runs confined by Landlock only (${worker.confinement}): this kernel refuses user ` +
              'namespaces, so TCP connections are denied but UDP (a DNS lookup of a name in a document) is not',
          );
        }
        this.confinement = worker.confinement ?? this.confinement;
        this.startError = null;
        this.release(worker, { counted: false });
      },
      (err) => {
        this.startError = err.message;
        if (this.slots[slot] === worker) this.slots[slot] = null;
        // Nobody else can serve the queue: tell the waiters now instead of letting them hang.
        if (!this.slots.some((w) => w && w.state !== 'dead')) {
          for (const w of this.waiters.splice(0)) w.reject(err);
        }
      },
    );
    worker.exited.then(() => {
      this.idle = this.idle.filter((w) => w !== worker);
      if (this.slots[slot] !== worker) return;
      this.slots[slot] = null;
      // A start-up failure is the ready handler's business (no respawn loop when LibreOffice is missing).
      // A worker that was up (crashed, timed out, recycled) is replaced at once, so the pool stays warm.
      // One stopped for being idle is replaced only when a job waits (it may have arrived while it stopped).
      if (this.closed || !worker.wasReady) return;
      const replaced = !worker.retired && (worker.jobs > 0 || this.waiters.length > 0);
      if (replaced) this.restarts += 1;
      if (replaced || this.waiters.length > 0) this.spawn(slot);
    });
    if (this.waiters.length > 0) worker.setRef(true);
    return worker;
  }

  acquire() {
    if (this.closed) return Promise.reject(new ConversionError('engine_failed', 'The converter is closed'));
    const worker = this.idle.shift();
    if (worker) {
      clearTimeout(worker.idleTimer);
      return Promise.resolve(worker);
    }
    for (let i = 0; i < this.size; i++) if (!this.slots[i]) this.spawn(i);
    for (const w of this.slots) if (w?.state === 'starting') w.setRef(true);
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  release(worker, { counted = true } = {}) {
    if (worker.state !== 'ready') return;
    if (counted && worker.jobs >= this.maxJobs) {
      // Long-lived office processes grow; recycle after a while (the exit handler starts the successor).
      worker.stop();
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter) waiter.resolve(worker);
    else {
      this.idle.push(worker);
      if (this.idleShutdownMs > 0) this.retireWhenIdle(worker);
    }
  }

  /** --idle-shutdown-ms: an office process idle that long stops; acquire() starts one again on demand. */
  retireWhenIdle(worker) {
    clearTimeout(worker.idleTimer);
    worker.idleTimer = setTimeout(() => {
      if (!this.idle.includes(worker)) return;
      this.idle = this.idle.filter((w) => w !== worker);
      worker.retired = true;
      worker.stop();
    }, this.idleShutdownMs);
    worker.idleTimer.unref();
  }

  /**
   * Run one request on a free worker.
   * @param {object} body the request (see uno_worker.py)
   * @param {{ timeoutMs?: number, deadline?: Deadline }} o the job's deadline, or a limit starting now
   */
  async run(body, { timeoutMs, deadline = new Deadline(timeoutMs) }) {
    for (let attempt = 1; ; attempt++) {
      const worker = await this.acquire();
      let files;
      try {
        files = await stageRequest(join(worker.dir, 'job'), body);
        const reply = await worker.request(files.body, deadline);
        await files.collect();
        return reply;
      } catch (err) {
        // A worker can die while idle (killed, OOM) and be handed out before its exit is noticed; and
        // LibreOffice crashes now and then. One retry on a fresh process; a document that crashes it twice fails.
        // Staging into the folder of a worker that died meanwhile fails too (its folder is removed).
        // A ConversionError from a worker that was stopped (timeout, memory limit) is the document's: no retry.
        const died = err.workerDied || (worker.state !== 'ready' && !(err instanceof ConversionError));
        if (!died || attempt > 1) throw err;
      } finally {
        await files?.clear();
        // A worker that died meanwhile has had its folder removed; staging may have made part of it again.
        if (worker.state === 'dead') rmSync(worker.dir, { recursive: true, force: true, maxRetries: 3 });
        this.release(worker);
      }
    }
  }

  /**
   * One request on an office process started for it with the fonts of `fontsDir` besides the pool's, stopped
   * after it (ConvertSettings.fontsPath: fontconfig reads its folders when the process starts, so a warm one
   * cannot take a request's fonts). Costs the start of an office process, a few seconds.
   * @param {object} body @param {{ deadline: Deadline, fontsDir: string }} o
   */
  async runWithFonts(body, { deadline, fontsDir }) {
    if (this.closed) throw new ConversionError('engine_failed', 'The converter is closed');
    const dir = join(this.dir, `fonts-${++this.generation}`);
    const worker = new OfficeWorker({ dir, ...this.options, extraFontsDir: fontsDir });
    let files;
    try {
      await worker.ready;
      files = await stageRequest(join(worker.dir, 'job'), body);
      const reply = await worker.request(files.body, deadline);
      await files.collect();
      return reply;
    } finally {
      await files?.clear();
      await worker.stop();
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    }
  }

  /** Process ids of the live python workers (each leads a group holding its soffice). */
  pids() {
    return this.slots.filter((w) => w && w.state !== 'dead').map((w) => w.pid);
  }

  /** Stop every worker and wait for them; idempotent. */
  close() {
    if (!this.closing) {
      this.closed = true;
      clearInterval(this.memoryWatch);
      for (const w of this.idle) clearTimeout(w.idleTimer);
      for (const w of this.waiters.splice(0)) w.reject(new ConversionError('engine_failed', 'The converter is closed'));
      this.idle = [];
      this.closing = Promise.all(this.slots.filter(Boolean).map((w) => w.stop())).then(() => {
        rmSync(this.dir, { recursive: true, force: true, maxRetries: 3 });
      });
    }
    return this.closing;
  }
}
