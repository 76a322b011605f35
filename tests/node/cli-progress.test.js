// SPDX-License-Identifier: MIT
// The CLI's terminal progress (bin/cli/progress.js) against a stand-in terminal and node:test's fake clock:
// bars redrawn in place at a bounded rate, finished files left as lines, names cut to the width, and plain
// lines when stderr is not a terminal.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as progress from '../../bin/cli/progress.js';

describe('the terminal progress bars (bin/cli/progress.js)', () => {
  /** A stand-in for a TTY stderr that records every write with its time (the test's fake clock). */
  const fakeTty = (columns = 80) => {
    const writes = [];
    return {
      writes,
      stream: {
        isTTY: true,
        columns,
        write: (s) => {
          writes.push({ at: Date.now(), s });
          return true;
        },
      },
    };
  };
  /** The screen the writes leave: lines, with the cursor moves and clears the renderer uses applied. */
  const screen = (writes) => {
    const lines = [''];
    let row = 0;
    const text = writes.map((w) => w.s).join('');
    for (const part of text.split(/(\x1b\[[0-9?]*[A-Za-z]|\r|\n)/)) {
      if (part === '\n') row += 1;
      else if (part === '\r' || part === '') continue;
      else if (/^\x1b\[\d+A$/.test(part)) row -= Number(part.slice(2, -1));
      else if (part === '\x1b[J') lines.length = row;
      else if (/^\x1b/.test(part)) continue;
      else lines[row] = (lines[row] ?? '') + part;
      while (lines.length <= row) lines.push('');
    }
    return lines.filter((l) => l !== '');
  };

  test('redrawn in place at most 10 times a second, with the bytes and the stage; finished cleanly', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
    const { writes, stream } = fakeTty();
    const reporter = progress.createReporter({ tty: true, quiet: false, stream });
    reporter.log('groupdocs-convert: using the embedded local server');
    const task = reporter.start('report.docx', 40_000);
    task.event({ type: 'stage', stage: 'upload' });
    const started = Date.now();
    for (let loaded = 0; Date.now() - started < 1000; loaded = Math.min(40_000, loaded + 100)) {
      task.event({ type: 'upload', loaded, total: 40_000 });
      t.mock.timers.tick(2);
    }
    const uploading = screen(writes).at(-1);
    assert.match(uploading, /^ [█░]{24} +\d+% \| report\.docx \| uploading [\d.]+ kB of 40 kB$/);
    task.event({ type: 'status', status: 'Started' });
    task.event({ type: 'download', index: 0, count: 1, loaded: 12_000, total: 40_000 });
    t.mock.timers.tick(150);
    assert.match(screen(writes).at(-1), /\| downloading 1\/1: 12 kB of 40 kB$/);
    task.done('1 file, 40 kB → out');
    reporter.stop();
    // 500 events in that second: the log line, then a frame at most every 100 ms.
    const draws = writes.filter((w) => w.at - started < 1000).length;
    assert.ok(draws >= 10 && draws <= 11, `${draws} writes in the second of 500 events`);
    assert.ok(
      writes.every((w) => !w.s.slice(0, -1).includes('\n\n')),
      'no blank lines',
    );
    // (the first write is the log line alone; the bar comes with the next frame)
    assert.ok(
      writes.slice(2, -1).every((w) => w.s.startsWith('\r\x1b[1A\x1b[J')),
      'each redraw goes back over the block',
    );
    assert.ok(
      writes[0].s.startsWith('\x1b[?25l') && writes.at(-1).s === '\x1b[?25h',
      'the cursor is hidden, then shown again',
    );
    assert.deepEqual(screen(writes), [
      'groupdocs-convert: using the embedded local server',
      ' ████████████████████████ 100% | report.docx | 1 file, 40 kB → out',
    ]);
    // After stop nothing more is drawn.
    const count = writes.length;
    task.event({ type: 'status', status: 'Finished' });
    reporter.log('late');
    t.mock.timers.tick(150);
    assert.deepEqual(
      writes.slice(count).map((w) => w.s),
      ['late\n'],
    );
  });

  test('finished files leave the block as lines; names are one line, cut to the terminal width', () => {
    const { writes, stream } = fakeTty(100);
    const reporter = progress.createReporter({ tty: true, quiet: false, stream });
    const names = Array.from({ length: 30 }, (_, i) => `file-${i}.docx`);
    for (const name of names) {
      const task = reporter.start(name, 10);
      task.event({ type: 'stage', stage: 'convert' });
      if (name === 'file-3.docx') task.failed('the server said:\nno\x1b[31m');
      else task.done('1 file');
    }
    const wide = reporter.start(`${'表'.repeat(40)}\n.docx`, 10);
    wide.event({ type: 'stage', stage: 'upload' });
    reporter.stop();
    const lines = screen(writes);
    assert.equal(lines.length, 31);
    assert.match(lines[3], /\| file-3\.docx +\| failed: the server said: no\?\[31m$/);
    assert.ok(
      lines.every((l) => progress.textWidth(l) <= 99),
      'no line wraps',
    );
    assert.match(lines[30], /…/);
    assert.ok(!writes.some((w) => /\x1b\[(\d\d|[2-9])A/.test(w.s)), 'the block is never more than the files in flight');
  });

  test('not a terminal: plain lines, no escape sequences', () => {
    const { writes, stream } = fakeTty();
    const reporter = progress.createReporter({ tty: false, quiet: false, stream });
    const task = reporter.start('a.docx', 2000);
    task.event({ type: 'stage', stage: 'upload' });
    task.event({ type: 'upload', loaded: 1000, total: 2000 });
    task.done('1 file');
    reporter.stop();
    assert.deepEqual(
      writes.map((w) => w.s),
      ['a.docx: uploading 2.0 kB\n', 'a.docx: 1 file\n'],
    );
  });
});
