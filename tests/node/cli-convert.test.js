// SPDX-License-Identifier: MIT
// The CLI (bin/groupdocs-convert.js) converting for real against a server given by the environment, in
// child processes: options as typed (aliases, --name=value, repeats), files into --out, the --json report,
// passwords from a file or stdin, and the exit codes of a failed conversion (1), refused credentials (3) and
// an unreachable API (4); the formats and info subcommands.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fixturePath } from '../support/fixtures.js';
import { CLI, NO_CREDENTIALS, cli, useWorkFolder } from '../support/cli.js';
import { DEV_CREDENTIALS, readPdf } from '../support/client-env.js';
import { useLocalServer } from '../support/local-server.js';

describe('groupdocs-convert against a server', () => {
  const local = useLocalServer();
  const work = useWorkFolder();
  let serverEnv;
  before(() => {
    serverEnv = {
      GROUPDOCS_BASE_URL: local.url,
      GROUPDOCS_CLIENT_ID: DEV_CREDENTIALS.clientId,
      GROUPDOCS_CLIENT_SECRET: DEV_CREDENTIALS.clientSecret,
    };
  });

  test('short aliases, --name=value, -tVALUE and repeated options mean what they did', async () => {
    const out = join(work.dir, 'out-short');
    const { code, stdout, stderr } = await cli(
      [
        work.report,
        '-tdocx',
        '-t',
        'pdf',
        '-o',
        out,
        '-c',
        '1',
        '--from-page=2',
        '--pages-count=1',
        '--option',
        'dpi=100',
        '--option=load.hideComments=true',
      ],
      { env: serverEnv },
    );
    assert.equal(code, 0, stderr);
    assert.equal(stdout.trim(), join(out, 'report.pdf'), 'the last --to wins');
    const { pages, text } = await readPdf(await readFile(join(out, 'report.pdf')));
    assert.equal(pages, 1);
    assert.match(text, /Bravo/);
    // A value that starts with "-" is taken with "=", and a password (opaque) also as the next word: parsing
    // passes, the missing input then fails (1), and the password is never echoed.
    for (const password of [['--password=-secret'], ['-p-secret'], ['--password', '-secret'], ['-p', '--secret']]) {
      const dash = await cli(
        [join(work.dir, 'absent.docx'), '--to', 'pdf', ...password, '--out', join(work.dir, 'out-dash')],
        { env: serverEnv },
      );
      assert.equal(dash.code, 1, dash.stderr);
      assert.match(dash.stderr, /cannot read .*absent\.docx/);
      assert.doesNotMatch(dash.stderr, /secret/);
    }
    // After `--` everything is an input, even what looks like an option or a subcommand.
    const rest = await cli(['--to', 'pdf', '--out', join(work.dir, 'out-rest'), '--json', '--', 'formats', '--help'], {
      env: serverEnv,
    });
    assert.equal(rest.code, 1, rest.stderr);
    assert.deepEqual(
      JSON.parse(rest.stdout).results.map((r) => r.input),
      ['formats', '--help'],
    );
  });

  test('a real conversion writes the files to --out and prints their paths', async () => {
    const out = join(work.dir, 'out-plain');
    const { code, stdout, stderr } = await cli([work.report, work.onePage, '--to', 'pdf', '--out', out], {
      env: serverEnv,
    });
    assert.equal(code, 0, stderr);
    assert.deepEqual(stdout.trim().split('\n').sort(), [join(out, 'one page #1.pdf'), join(out, 'report.pdf')]);
    assert.equal((await readPdf(await readFile(join(out, 'report.pdf')))).pages, 4);
    assert.equal((await readPdf(await readFile(join(out, 'one page #1.pdf')))).pages, 1);
    // Not a terminal: plain progress lines on stderr, no bar.
    assert.match(stderr, /report\.docx: uploading/);
    assert.match(stderr, /report\.docx: Finished/);
    assert.doesNotMatch(stderr, /\x1b\[/);
    // The CLI removes what it stored.
    assert.deepEqual(await local.server.app.storage.listFolder('First Storage', ''), []);
  });

  test('--json: the report shape; pages, password and options reach the converter', async () => {
    const out = join(work.dir, 'out-json');
    const locked = join(work.dir, 'locked.docx');
    await copyFile(await fixturePath('password-protected.docx'), locked);
    const { code, stdout, stderr } = await cli(
      [
        work.report,
        locked,
        '--to',
        'pdf',
        '--out',
        out,
        '--from-page',
        '1',
        '--pages-count',
        '1',
        '--password',
        'password',
        '--option',
        'dpi=150',
        '--concurrency',
        '1',
        '--json',
      ],
      { env: serverEnv },
    );
    assert.equal(code, 0, stderr);
    const doc = JSON.parse(stdout);
    assert.equal(doc.ok, true);
    assert.equal(doc.exitCode, 0);
    assert.equal(doc.to, 'pdf');
    assert.equal(doc.outDir, out);
    assert.deepEqual(doc.server, { baseUrl: local.url, embedded: false });
    assert.equal(doc.results.length, 2);
    for (const result of doc.results) {
      assert.equal(result.ok, true);
      assert.equal(result.files.length, 1);
      const [file] = result.files;
      assert.deepEqual(Object.keys(file).sort(), ['name', 'path', 'size']);
      assert.equal((await readFile(file.path)).length, file.size);
    }
    assert.equal((await readPdf(await readFile(join(out, 'report.pdf')))).pages, 1);
    const two = await cli(
      [work.report, '--to', 'pdf', '--out', join(work.dir, 'out-pages'), '--from-page', '2', '--pages-count', '2'],
      { env: serverEnv },
    );
    assert.equal(two.code, 0, two.stderr);
    const { pages, text } = await readPdf(await readFile(join(work.dir, 'out-pages', 'report.pdf')));
    assert.equal(pages, 2);
    assert.match(text, /Bravo/);
    assert.doesNotMatch(text, /Alpha/);
  });

  test('--password-file reads the password from a file or stdin, so it is not on the command line', async () => {
    const locked = join(work.dir, 'locked-file.docx');
    await copyFile(await fixturePath('password-protected.docx'), locked);
    const file = join(work.dir, 'password.txt');
    await writeFile(file, 'password\n');
    const fromFile = await cli(
      [locked, '--to', 'pdf', '--out', join(work.dir, 'out-pwfile'), '--password-file', file],
      { env: serverEnv },
    );
    assert.equal(fromFile.code, 0, fromFile.stderr);
    assert.ok((await readPdf(await readFile(join(work.dir, 'out-pwfile', 'locked-file.pdf')))).pages >= 1);
    // '-' is stdin (a line break at the end is not part of the password).
    const fromStdin = await new Promise((resolvePromise) => {
      const child = spawn(
        process.execPath,
        [CLI, locked, '--to', 'pdf', '--out', join(work.dir, 'out-pwstdin'), '--password-file', '-'],
        { env: { ...process.env, ...NO_CREDENTIALS, ...serverEnv } },
      );
      let stderr = '';
      child.stderr.on('data', (d) => {
        stderr += d;
      });
      child.on('close', (code) => resolvePromise({ code, stderr }));
      child.stdin.end('password\r\n');
    });
    assert.equal(fromStdin.code, 0, fromStdin.stderr);
    // A wrong one fails the conversion (1); an unreadable file is named (1); both options at once is usage (2).
    await writeFile(file, 'nope\n');
    const wrong = await cli([locked, '--to', 'pdf', '--out', join(work.dir, 'out-pwwrong'), '--password-file', file], {
      env: serverEnv,
    });
    assert.equal(wrong.code, 1, wrong.stderr);
    assert.doesNotMatch(wrong.stderr, /nope/);
    const missing = await cli([locked, '--to', 'pdf', '--password-file', join(work.dir, 'no-such-file')], {
      env: serverEnv,
    });
    assert.equal(missing.code, 1, missing.stderr);
    assert.match(missing.stderr, /cannot read the password file .*no-such-file: ENOENT/);
    const both = await cli([locked, '--to', 'pdf', '-p', 'x', '--password-file', file], { env: serverEnv });
    assert.equal(both.code, 2, both.stderr);
    assert.match(both.stderr, /--password or --password-file, not both/);
  });

  test('a conversion failure exits 1 and says why; the other inputs still convert', async () => {
    const locked = join(work.dir, 'locked2.docx');
    await copyFile(await fixturePath('password-protected.docx'), locked);
    const out = join(work.dir, 'out-fail');
    const { code, stdout, stderr } = await cli(
      [locked, work.report, join(work.dir, 'missing.docx'), '--to', 'pdf', '--out', out, '--json'],
      { env: serverEnv },
    );
    assert.equal(code, 1, stderr);
    const doc = JSON.parse(stdout);
    assert.equal(doc.ok, false);
    assert.equal(doc.exitCode, 1);
    const [lockedResult, ok, missing] = doc.results;
    assert.equal(lockedResult.ok, false);
    assert.equal(lockedResult.error.code, 'operation_failed');
    assert.match(lockedResult.error.message, /password/i);
    assert.equal(ok.ok, true);
    assert.equal(missing.error.code, 'io_error');
    assert.doesNotMatch(stderr, /\n\s+at /);
  });

  test('refused credentials exit 3', async () => {
    const { code, stderr } = await cli([work.report, '--to', 'pdf', '--out', join(work.dir, 'out-auth')], {
      env: { ...serverEnv, GROUPDOCS_CLIENT_SECRET: 'wrong' },
    });
    assert.equal(code, 3, stderr);
    assert.match(stderr, /authentication failed/i);
    assert.doesNotMatch(stderr, /wrong/, 'the secret is not printed');
    const formats = await cli(['formats', '--json'], { env: { ...serverEnv, GROUPDOCS_CLIENT_SECRET: 'wrong' } });
    assert.equal(formats.code, 3);
    assert.equal(JSON.parse(formats.stdout).error.code, 'auth_failed');
  });

  test('an unreachable API exits 4', async () => {
    const { code, stderr } = await cli(['formats'], {
      env: { ...serverEnv, GROUPDOCS_BASE_URL: 'http://127.0.0.1:1' },
    });
    assert.equal(code, 4, stderr);
    assert.match(stderr, /network/);
  });

  test('formats and info', async () => {
    const formats = await cli(['formats', '--from', 'docx'], { env: serverEnv });
    assert.equal(formats.code, 0, formats.stderr);
    assert.match(formats.stdout, /^docx -> .*\bpdf\b/m);
    const json = JSON.parse((await cli(['formats', '--json'], { env: serverEnv })).stdout);
    assert.ok(json.length > 3 && json.every((f) => f.sourceFormat && f.targetFormats.length > 0));

    const info = await cli(['info', work.report], { env: serverEnv });
    assert.equal(info.code, 0, info.stderr);
    assert.match(info.stdout, /pageCount: 4/);
    const meta = JSON.parse((await cli(['info', work.report, '--json'], { env: serverEnv })).stdout);
    assert.equal(meta.file, work.report);
    assert.equal(meta.pageCount, 4);
    const missing = await cli(['info', join(work.dir, 'nope.docx')], { env: serverEnv });
    assert.equal(missing.code, 1);
  });
});
