// SPDX-License-Identifier: MIT
// What the user sees while files convert: on a terminal, one progress bar per input (upload bytes, operation
// state, download bytes), redrawn in place at most 10 times a second; otherwise one plain line per step.
// Everything goes to stderr, so stdout carries only results (paths, or the --json document).

const STAGE_SHARE = { token: 0, upload: 5, convert: 40, download: 80 };
const STATUS_SHARE = { Created: 45, Started: 60, Finished: 80 };

/** "8.4 kB" */
export function formatBytes(n) {
  if (n < 1000) return `${n} B`;
  const units = ['kB', 'MB', 'GB'];
  let value = n;
  let unit = -1;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** A progress event's download part: "2/4" and, while bytes arrive, "12 kB of 40 kB". */
function downloadText(e) {
  const which = `${e.index + 1}/${e.count}`;
  if (e.loaded === undefined) return `downloading ${which}`;
  return `downloading ${which}: ${formatBytes(e.loaded)}${e.total ? ` of ${formatBytes(e.total)}` : ''}`;
}

/**
 * @param {{ tty: boolean, quiet: boolean, stream: NodeJS.WriteStream }} options
 * @returns {{ start(name: string, size: number): Task, stop(): void, log(line: string): void }}
 *   Task = { event(e): void, done(text: string): void, failed(text: string): void }; `event` takes the
 *   client's progress events: stages, operation statuses, upload and download bytes
 */
export function createReporter({ tty, quiet, stream }) {
  if (quiet) {
    const none = { event() {}, done() {}, failed() {} };
    return { start: () => none, stop() {}, log() {} };
  }
  if (!tty) {
    // One line per step; byte counts only where a transfer starts or ends, so logs stay short.
    const line = (text) => stream.write(`${text}\n`);
    return {
      log: line,
      stop() {},
      start(name, size) {
        return {
          event(e) {
            if (e.type === 'stage' && e.stage === 'upload') line(`${name}: uploading ${formatBytes(size)}`);
            else if (e.type === 'stage' && e.stage === 'convert')
              line(`${name}: uploaded ${formatBytes(size)}, converting`);
            else if (e.type === 'status') line(`${name}: ${e.status}`);
            else if (e.type === 'download' && e.loaded === undefined) line(`${name}: ${downloadText(e)}`);
            else if (e.type === 'download' && e.total && e.loaded === e.total)
              line(`${name}: downloaded ${e.index + 1}/${e.count} (${formatBytes(e.loaded)})`);
          },
          done(text) {
            line(`${name}: ${text}`);
          },
          failed(text) {
            line(`${name}: failed: ${text}`);
          },
        };
      },
    };
  }
  const bars = createBars(stream);
  return {
    log: (text) => bars.log(text),
    stop: () => bars.stop(),
    start(name, size) {
      const bar = bars.create(name, 'waiting');
      let value = 0;
      // The bar never goes back: 0-5 token, 5-40 upload, 40-80 the operation, 80-100 downloads.
      const update = (to, state) => {
        value = Math.max(value, Math.min(100, Math.round(to)));
        bar.update(value, state);
      };
      return {
        event(e) {
          if (e.type === 'stage') {
            const state = {
              token: 'authenticating',
              upload: `uploading ${formatBytes(size)}`,
              convert: `uploaded ${formatBytes(size)}, converting`,
              download: 'downloading',
            }[e.stage];
            update(STAGE_SHARE[e.stage] ?? 0, state);
          } else if (e.type === 'status') {
            update(STATUS_SHARE[e.status] ?? 50, `operation ${e.status}`);
          } else if (e.type === 'upload' && e.total) {
            update(5 + (35 * e.loaded) / e.total, `uploading ${formatBytes(e.loaded)} of ${formatBytes(e.total)}`);
          } else if (e.type === 'download') {
            const part = e.loaded !== undefined && e.total ? e.loaded / e.total : 0;
            update(80 + (20 * (e.index + part)) / e.count, downloadText(e));
          }
        },
        done(text) {
          update(100, text);
          bar.finish();
        },
        failed(text) {
          bar.update(value, `failed: ${text}`);
          bar.finish();
        },
      };
    },
  };
}

// ----- the terminal renderer -----

const FRAME_MS = 100; // at most 10 redraws a second
const BAR_WIDTH = 24;
const CSI = '\x1b[';

/** Columns a code point takes on a terminal: 0 (combining, joiners), 2 (East Asian wide, emoji) or 1. */
function charWidth(cp) {
  if (cp < 0x300) return 1;
  if (cp <= 0x36f || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0xfe00 && cp <= 0xfe0f)) return 0;
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  )
    return 2;
  return 1;
}

export function textWidth(text) {
  let width = 0;
  for (const ch of text) width += charWidth(ch.codePointAt(0));
  return width;
}

/** `text` cut to `width` columns (with "…" where cut), or padded to it with `pad`. */
export function fitText(text, width, { pad = false } = {}) {
  if (textWidth(text) <= width) return pad ? text + ' '.repeat(width - textWidth(text)) : text;
  let out = '';
  let used = 0;
  for (const ch of text) {
    const w = charWidth(ch.codePointAt(0));
    if (used + w > width - 1) break;
    out += ch;
    used += w;
  }
  return `${out}…${pad ? ' '.repeat(Math.max(0, width - 1 - used)) : ''}`;
}

/** One line of text whatever a file name or an error message holds: no control characters, no newlines. */
const printable = (text) =>
  String(text)
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .replace(/[\x00-\x1f\x7f-\x9f]/g, '?');

/**
 * Bars on `stream` (a TTY), drawn as one block under the lines printed so far and redrawn in place. A
 * finished bar leaves the block as a plain line, so the block holds only the files in flight and never
 * outgrows the screen however many inputs there are.
 */
export function createBars(stream, { frameMs = FRAME_MS } = {}) {
  const live = [];
  let lines = []; // what is due above the block: log lines and finished bars, in order
  let drawn = 0; // lines the block takes on the screen now
  let widest = 0; // the widest name so far
  let last = -Infinity;
  let timer = null;
  let cursorHidden = false;
  let stopped = false;
  const showCursor = () => stream.write(`${CSI}?25h`);

  const render = (bar, nameWidth, columns) => {
    const filled = Math.round((BAR_WIDTH * bar.value) / 100);
    const head = ` ${'\u2588'.repeat(filled)}${'\u2591'.repeat(BAR_WIDTH - filled)} ${String(bar.value).padStart(3)}% | `;
    const name = fitText(bar.name, nameWidth, { pad: true });
    const line = `${head}${name} | ${bar.state}`;
    return columns === Infinity ? line : fitText(line, columns);
  };

  const draw = () => {
    clearTimeout(timer);
    timer = null;
    last = Date.now();
    const columns = Math.max(20, (stream.columns || 80) - 1); // never the last column: no wrap, no scroll
    const nameWidth = Math.min(widest, Math.max(8, columns >> 2)); // names aligned, at most a quarter of the line
    let out = drawn > 0 ? `\r${CSI}${drawn}A${CSI}J` : ''; // back to the block's first line, and clear below
    if (!cursorHidden && !stopped) {
      cursorHidden = true;
      out = `${CSI}?25l${out}`;
      process.once('exit', restoreCursor);
    }
    // Lines above the block stay whole (wrapping there is harmless); the block's own lines are cut to fit.
    for (const line of lines) out += `${typeof line === 'string' ? line : render(line, nameWidth, Infinity)}\n`;
    lines = [];
    for (const bar of live) out += `${render(bar, nameWidth, columns)}\n`;
    drawn = live.length;
    stream.write(out);
  };

  // Should the process end with the block still up (a second Ctrl-C), the cursor comes back.
  function restoreCursor() {
    if (cursorHidden) showCursor();
    cursorHidden = false;
  }

  const schedule = () => {
    if (stopped || timer) return;
    const wait = last + frameMs - Date.now();
    if (wait <= 0) draw();
    else timer = setTimeout(draw, wait).unref();
  };

  return {
    /** A bar at 0%; `update` moves it, `finish` makes it a plain line above the block. */
    create(name, state) {
      const bar = { name: printable(name), value: 0, state: printable(state) };
      widest = Math.max(widest, textWidth(bar.name));
      if (!stopped) live.push(bar);
      schedule();
      return {
        update(value, text) {
          bar.value = value;
          bar.state = printable(text);
          schedule();
        },
        finish() {
          const i = live.indexOf(bar);
          if (i < 0) return;
          live.splice(i, 1);
          lines.push(bar);
          schedule();
        },
      };
    },
    /** A line above the bars. */
    log(text) {
      if (stopped) {
        stream.write(`${text}\n`);
        return;
      }
      lines.push(printable(text));
      schedule();
    },
    /** The last state of every bar, left on the screen as plain lines; the cursor shown again. */
    stop() {
      if (stopped) return;
      if (lines.length > 0 || live.length > 0 || drawn > 0) draw();
      stopped = true;
      clearTimeout(timer);
      timer = null;
      live.length = 0;
      drawn = 0;
      if (cursorHidden) {
        process.removeListener('exit', restoreCursor);
        restoreCursor();
      }
    },
  };
}
