// SPDX-License-Identifier: MIT
// The LibreOffice pool behind the converter (server/converters): concurrent jobs, a hung or crashed worker
// killed and replaced with nothing left behind (processes, LibreOffice's pipes: confined, or in /tmp), a
// worker kept warm across jobs, and a clear error when LibreOffice cannot start.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createConverter } from '../../server/converters/index.js';
import { fixtureBytes } from '../support/fixtures.js';
import {
  MAGIC,
  filesGone,
  pdfPages,
  pdfText,
  pipesHeldByGroup,
  processesGone,
  rejectsWith,
  useConverter,
  workerPipes,
} from '../support/converter-env.js';

/** Starting LibreOffice and converting on a loaded 2-core machine. */
const SLOW = { timeout: 180_000 };
const run = promisify(execFile);
const env = useConverter();

describe('the office pool', () => {
  it('runs concurrent jobs (6 jobs, 2 workers)', async () => {
    const names = ['four-pages.docx', 'sheet.xlsx', 'slides.pptx', 'one-page.docx', 'four-pages.odt', 'sheet.ods'];
    const results = await Promise.all(names.map((n) => env.convert(n, 'pdf')));
    for (const [i, [pdf]] of results.entries()) assert.ok(MAGIC.pdf(pdf.bytes), names[i]);
    assert.equal(await pdfPages(results[0][0].bytes), 4);
  });

  it(
    'kills a hung worker after the timeout, replaces it, and the next job succeeds; close() leaves nothing',
    SLOW,
    async () => {
      // Only the hung job gets the short limit: a real conversion on a loaded machine may take longer than 1.5 s.
      const small = createConverter({ workers: 1, timeoutMs: 60_000, tmpDir: env.tmp });
      try {
        const bytes = await fixtureBytes('one-page.docx');
        await small.convert({ bytes, sourceFormat: 'docx', targetFormat: 'pdf' }); // warm
        const [hungPid] = small._pool.pids();
        // A ten-minute job: only the pool's timeout can end it before the test's own.
        await rejectsWith(
          small._pool.run({ cmd: 'sleep', seconds: 600 }, { timeoutMs: 1500 }),
          'timeout',
          /did not finish within 1.5 s/,
        );
        await processesGone(['-g', String(hungPid)], 'the hung process group (python, oosplash, soffice.bin) to end');
        const [pdf] = await small.convert({ bytes, sourceFormat: 'docx', targetFormat: 'pdf' });
        assert.match(await pdfText(pdf.bytes), /exactly one page/);
        assert.notEqual(small._pool.pids()[0], hungPid);
        // A crashed worker (soffice killed under it) is replaced too.
        process.kill(-small._pool.pids()[0], 'SIGKILL');
        const [again] = await small.convert({ bytes, sourceFormat: 'docx', targetFormat: 'pdf' });
        assert.ok(MAGIC.pdf(again.bytes));
      } finally {
        await small.close();
        await small.close(); // idempotent
      }
      await processesGone(['-f', small._root], 'every process of the closed pool to end');
      await rejectsWith(
        small.convert({ bytes: Buffer.from('x'), sourceFormat: 'txt', targetFormat: 'pdf' }),
        'engine_failed',
        /closed/,
      );
    },
  );

  it(
    'a LibreOffice that dies under the worker before opening is engine_failed, not corrupt_input; a new engine takes the next job',
    SLOW,
    async () => {
      // The bridge's death was once taken for a document LibreOffice could not read. Only soffice.bin dies here:
      // the worker itself lives on and learns of it from the next load.
      const small = createConverter({ workers: 1, timeoutMs: 60_000, tmpDir: env.tmp });
      try {
        const bytes = await fixtureBytes('one-page.docx');
        await small.convert({ bytes, sourceFormat: 'docx', targetFormat: 'pdf' }); // warm
        const [pgid] = small._pool.pids();
        const { stdout } = await run('pgrep', ['-g', String(pgid), '-x', 'soffice.bin']);
        const [office] = stdout.trim().split('\n').map(Number);
        assert.ok(office > 0, 'the worker has its soffice.bin');
        process.kill(office, 'SIGKILL');
        await processesGone(['-x', 'soffice.bin', '-g', String(pgid)], "the worker's soffice.bin to end");
        await rejectsWith(
          small.convert({ bytes, sourceFormat: 'docx', targetFormat: 'pdf' }),
          'engine_failed',
          /stopped/,
        );
        const [pdf] = await small.convert({ bytes, sourceFormat: 'docx', targetFormat: 'pdf' });
        assert.ok(MAGIC.pdf(pdf.bytes));
      } finally {
        await small.close();
      }
    },
  );

  it("a confined worker makes no LibreOffice pipe in the machine's /tmp, whatever happens to it", SLOW, async () => {
    // sandbox.py gives the worker a /tmp of its own, where soffice's pipes stay (and go with it).
    const machinePipes = async () => (await readdir('/tmp')).filter((f) => f.startsWith('OSL_PIPE_')).sort();
    const before = await machinePipes();
    const small = createConverter({ workers: 1, timeoutMs: 60_000, tmpDir: env.tmp });
    try {
      const bytes = await fixtureBytes('one-page.docx');
      await small.convert({ bytes, sourceFormat: 'docx', targetFormat: 'pdf' });
      const worker = small._pool.slots[0];
      assert.equal(worker.pipeFiles.length, 2, 'it names its two pipes');
      assert.deepEqual(await pipesHeldByGroup(worker.pid), [], 'none of them in this network namespace');
      assert.ok(!worker.pipeFiles.some((f) => existsSync(f)), 'nor in this /tmp');
      process.kill(-worker.pid, 'SIGKILL');
      await small.convert({ bytes, sourceFormat: 'docx', targetFormat: 'pdf' }); // on its replacement
    } finally {
      await small.close();
    }
    assert.deepEqual(
      (await machinePipes()).filter((f) => !before.includes(f)),
      [],
    );
  });

  // Unconfined (and when the kernel refuses user namespaces, see sandbox.py) the pipes are in the shared /tmp.
  it('leaves no LibreOffice pipe in /tmp when a worker is killed (-9) or the pool closes', SLOW, async () => {
    const small = createConverter({ workers: 1, timeoutMs: 60_000, tmpDir: env.tmp, sandbox: false });
    let files;
    try {
      const bytes = await fixtureBytes('one-page.docx');
      await small.convert({ bytes, sourceFormat: 'docx', targetFormat: 'pdf' });
      files = await workerPipes(small);
      process.kill(-small._pool.pids()[0], 'SIGKILL'); // python and soffice die without cleaning up
      await filesGone(files, "the killed worker's pipes to be removed");
      await small.convert({ bytes, sourceFormat: 'docx', targetFormat: 'pdf' }); // on its replacement
      files = await workerPipes(small);
    } finally {
      await small.close();
    }
    assert.ok(!files.some((f) => existsSync(f)), 'close() leaves no pipe of its worker');
  });

  it("a hung job's killed and replaced worker leaves no LibreOffice pipe", SLOW, async () => {
    const small = createConverter({ workers: 1, timeoutMs: 60_000, tmpDir: env.tmp, sandbox: false });
    try {
      const bytes = await fixtureBytes('one-page.docx');
      await small.convert({ bytes, sourceFormat: 'docx', targetFormat: 'pdf' });
      const hung = await workerPipes(small);
      await rejectsWith(small._pool.run({ cmd: 'sleep', seconds: 600 }, { timeoutMs: 1500 }), 'timeout');
      await filesGone(hung, "the hung worker's pipes to be removed");
      await small.convert({ bytes, sourceFormat: 'docx', targetFormat: 'pdf' });
      const next = await workerPipes(small);
      assert.ok(
        next.every((f) => !hung.includes(f)),
        'the replacement has pipes of its own',
      );
    } finally {
      await small.close();
    }
  });

  it('fails fast and says what to install when LibreOffice cannot start', async () => {
    const broken = createConverter({ workers: 1, soffice: '/nonexistent/soffice', tmpDir: env.tmp });
    try {
      const job = { bytes: Buffer.from('hello'), sourceFormat: 'txt', targetFormat: 'pdf' };
      await rejectsWith(
        broken.convert(job),
        'engine_failed',
        /could not be started.*Install Debian's libreoffice-writer,/,
      );
      await rejectsWith(broken.convert(job), 'engine_failed', /could not be started/); // tries again, fails again
    } finally {
      await broken.close();
    }
  });

  // How much faster warm is than a cold `soffice --convert-to` is measured in bench/ (row converter.warm).
  it('stays warm: one office process serves job after job', SLOW, async () => {
    const small = createConverter({ workers: 1, timeoutMs: 60_000, tmpDir: env.tmp });
    try {
      const bytes = await fixtureBytes('one-page.docx');
      await small.convert({ bytes, sourceFormat: 'docx', targetFormat: 'pdf' });
      const [pid] = small._pool.pids();
      const pipes = [...small._pool.slots[0].pipeFiles];
      for (let i = 0; i < 3; i += 1) {
        const [pdf] = await small.convert({ bytes, sourceFormat: 'docx', targetFormat: 'pdf' });
        assert.ok(MAGIC.pdf(pdf.bytes));
      }
      assert.deepEqual(small._pool.pids(), [pid], 'the same worker');
      assert.deepEqual(small._pool.slots[0].pipeFiles, pipes, 'the same office process (its pipes)');
    } finally {
      await small.close();
    }
  });
});
