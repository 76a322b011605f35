// SPDX-License-Identifier: MIT
// What the user sees while files convert: on a terminal, one cli-progress bar per input (upload bytes,
// operation state, download bytes); otherwise one plain line per step. Everything goes to stderr, so
// stdout carries only results (paths, or the --json document).

import cliProgress from 'cli-progress';

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
            else if (e.type === 'stage' && e.stage === 'convert') line(`${name}: uploaded ${formatBytes(size)}, converting`);
            else if (e.type === 'status') line(`${name}: ${e.status}`);
            else if (e.type === 'download' && e.loaded === undefined) line(`${name}: ${downloadText(e)}`);
            else if (e.type === 'download' && e.total && e.loaded === e.total) line(`${name}: downloaded ${e.index + 1}/${e.count} (${formatBytes(e.loaded)})`);
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
  const bars = new cliProgress.MultiBar({
    stream,
    format: ' {bar} {percentage}% | {name} | {state}',
    barsize: 24,
    hideCursor: true,
    clearOnComplete: false,
    stopOnComplete: false,
    autopadding: true,
  }, cliProgress.Presets.shades_classic);
  return {
    log: (text) => bars.log(`${text}\n`),
    stop: () => bars.stop(),
    start(name, size) {
      const bar = bars.create(100, 0, { name, state: 'waiting' });
      let value = 0;
      // The bar never goes back: 0-5 token, 5-40 upload, 40-80 the operation, 80-100 downloads.
      const update = (to, state) => {
        value = Math.max(value, Math.min(100, Math.round(to)));
        bar.update(value, { state });
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
        },
        failed(text) {
          bar.update({ state: `failed: ${text}` });
        },
      };
    },
  };
}
