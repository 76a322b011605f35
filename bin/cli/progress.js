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

/**
 * @param {{ tty: boolean, quiet: boolean, stream: NodeJS.WriteStream }} options
 * @returns {{ start(name: string, size: number): Task, stop(): void, log(line: string): void }}
 *   Task = { event(e): void, downloaded(index: number, count: number, bytes: number): void, done(text): void, failed(text): void }
 */
export function createReporter({ tty, quiet, stream }) {
  if (quiet) {
    const none = { event() {}, downloaded() {}, done() {}, failed() {} };
    return { start: () => none, stop() {}, log() {} };
  }
  if (!tty) {
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
          },
          downloaded(index, count, bytes) {
            line(`${name}: downloaded ${index + 1}/${count} (${formatBytes(bytes)})`);
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
    noTTYOutput: false,
  }, cliProgress.Presets.shades_classic);
  return {
    log: (text) => bars.log(`${text}\n`),
    stop: () => bars.stop(),
    start(name, size) {
      const bar = bars.create(100, 0, { name, state: 'waiting' });
      let downloadedBytes = 0;
      return {
        event(e) {
          if (e.type === 'stage') {
            const state = {
              token: 'authenticating',
              upload: `uploading ${formatBytes(size)}`,
              convert: `uploaded ${formatBytes(size)}, converting`,
              download: 'downloading',
            }[e.stage];
            bar.update(STAGE_SHARE[e.stage] ?? 0, { state });
          } else if (e.type === 'status') {
            bar.update(STATUS_SHARE[e.status] ?? 50, { state: `operation ${e.status}` });
          }
        },
        downloaded(index, count, bytes) {
          downloadedBytes += bytes;
          bar.update(80 + Math.round((20 * (index + 1)) / count), { state: `downloaded ${index + 1}/${count} (${formatBytes(downloadedBytes)})` });
        },
        done(text) {
          bar.update(100, { state: text });
        },
        failed(text) {
          bar.update({ state: `failed: ${text}` });
        },
      };
    },
  };
}
