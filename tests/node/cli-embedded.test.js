// SPDX-License-Identifier: MIT
// The CLI with no credentials, in child processes: it starts the embedded local server (LibreOffice and
// Poppler) and converts; without LibreOffice it says what to install and exits 4 at once; Ctrl-C mid-flight
// ends it with 130 and leaves no office process behind.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, readFile, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { CLI, NO_CREDENTIALS, alive, cli, descendants, useWorkFolder } from '../support/cli.js';
import { waitFor } from '../support/wait-for.js';

/** Starting LibreOffice and converting on a loaded 2-core machine. */
const SLOW = { timeout: 300_000 };
/** Three runs that start no office process: far more than they need, far less than a hang. */
const HANG_GUARD = { timeout: 90_000 };

describe('groupdocs-convert with its embedded local server', () => {
  const work = useWorkFolder();

  test('with no credentials it starts the embedded local server, says so on stderr, and converts', SLOW, async () => {
    const out = join(work.dir, 'out-embedded');
    const { code, stdout, stderr } = await cli([work.report, '--to', 'txt', '--out', out, '--json']);
    assert.equal(code, 0, stderr);
    assert.match(stderr, /embedded local server at http:\/\/127\.0\.0\.1:\d+/);
    const doc = JSON.parse(stdout);
    assert.equal(doc.server.embedded, true);
    assert.match(await readFile(join(out, 'report.txt'), 'utf8'), /Delta/);
  });

  test(
    'without LibreOffice the embedded default says what to install, exits 4, and does not hang',
    HANG_GUARD,
    async () => {
      // PATH without soffice (Poppler alone), then nothing at all, then a broken override.
      const poppler = join(work.dir, 'poppler-only');
      await mkdir(poppler, { recursive: true });
      for (const tool of ['pdftoppm', 'pdfinfo'])
        await symlink(`/usr/bin/${tool}`, join(poppler, tool)).catch(() => {});
      for (const [env, missing] of [
        [{ PATH: poppler }, /LibreOffice \(no soffice on PATH\)/],
        [{ PATH: join(work.dir, 'empty') }, /Poppler/],
        [{ GROUPDOCS_SOFFICE: '/nonexistent/soffice' }, /GROUPDOCS_SOFFICE/],
      ]) {
        const { code, stdout, stderr } = await cli([work.report, '--to', 'pdf', '--out', join(work.dir, 'out-none')], {
          env,
        });
        assert.equal(code, 4, stderr);
        assert.match(stderr, missing);
        assert.match(stderr, /apt-get install libreoffice-writer libreoffice-calc-nogui .*poppler-utils/);
        assert.match(stderr, /GROUPDOCS_CLIENT_ID=/, 'says how to use the cloud instead');
        assert.doesNotMatch(stderr, /\n\s+at /);
        assert.equal(stdout, '');
      }
      // formats needs no converter.
      const formats = await cli(['formats'], { env: { PATH: poppler } });
      assert.equal(formats.code, 0, formats.stderr);
    },
  );

  test('Ctrl-C mid-flight: "cancelled", exit 130, no process left behind', SLOW, async () => {
    const child = spawn(
      process.execPath,
      [CLI, work.report, work.onePage, '--to', 'png', '--out', join(work.dir, 'out-int')],
      { env: { ...process.env, ...NO_CREDENTIALS }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const exited = new Promise((r) => child.on('exit', (code, signal) => r({ code, signal })));
    // Once the work is in flight (the embedded server started LibreOffice, the upload began):
    await new Promise((resolve) =>
      child.stderr.on('data', () => {
        if (/uploading/.test(stderr)) resolve();
      }),
    );
    const family = await descendants(child.pid);
    assert.ok(family.length > 0, 'the embedded server runs office processes');
    child.kill('SIGINT');
    const { code } = await exited;
    assert.equal(code, 130, stderr);
    assert.match(stderr, /cancelled/);
    assert.doesNotMatch(stderr, /\n\s+at /);
    await waitFor(() => !family.some(alive), 'every child process to end');
  });
});
