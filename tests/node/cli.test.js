// SPDX-License-Identifier: MIT
// The CLI (bin/groupdocs-convert.js) as a user runs it, in child processes: usage errors, --json shapes,
// exit codes, formats, info, real conversions into --out (against a server given by the environment, and
// against the embedded default), auth failures, the missing-LibreOffice path, and Ctrl-C mid-flight.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixturePath } from '../support/fixtures.js';
import { DEV_CREDENTIALS, readPdf } from '../support/client-env.js';
import { useLocalServer } from '../support/local-server.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = join(root, 'bin', 'groupdocs-convert.js');
const NO_CREDENTIALS = { GROUPDOCS_CLIENT_ID: '', GROUPDOCS_CLIENT_SECRET: '', GROUPDOCS_BASE_URL: '' };

/** Runs the CLI to completion; never rejects. */
function cli(args, { env = {}, cwd } = {}) {
  return new Promise((resolvePromise) => {
    execFile(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, ...NO_CREDENTIALS, ...env }, timeout: 180_000 },
      (error, stdout, stderr) => resolvePromise({ code: error ? error.code : 0, signal: error?.signal, stdout, stderr }));
  });
}

/** The pids of every process descended from `pid`, from /proc. */
async function descendants(pid) {
  const children = new Map();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(Number(entry));
  }
  const out = [];
  const visit = (p) => (children.get(p) ?? []).forEach((c) => { out.push(c); visit(c); });
  visit(pid);
  return out;
}

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('groupdocs-convert', () => {
  const local = useLocalServer();
  let work;
  let report;
  let serverEnv;

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'gdconv-cli-'));
    report = join(work, 'report.docx');
    await copyFile(await fixturePath('four-pages.docx'), report);
    await copyFile(await fixturePath('one-page.docx'), join(work, 'one page #1.docx'));
    serverEnv = { GROUPDOCS_BASE_URL: local.url, GROUPDOCS_CLIENT_ID: DEV_CREDENTIALS.clientId, GROUPDOCS_CLIENT_SECRET: DEV_CREDENTIALS.clientSecret };
  });

  after(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  test('--help prints the usage and exits 0', async () => {
    const { code, stdout } = await cli(['--help']);
    assert.equal(code, 0);
    assert.match(stdout, /groupdocs-convert <input\.\.\.> --to <format>/);
    for (const flag of ['--out', '--from-page', '--pages-count', '--password', '--password-file', '--option', '--concurrency', '--json']) assert.match(stdout, new RegExp(flag));
    assert.match(stdout, /formats/);
    assert.match(stdout, /info/);
  });

  test('--help lists every option with its alias and value, the subcommands and their options', async () => {
    const { code, stdout, stderr } = await cli(['--help']);
    assert.equal(code, 0);
    assert.equal(stderr, '');
    for (const line of ['-t, --to <format>', '-o, --out <dir>', '--from-page <n>', '--pages-count <n>', '-p, --password <password>',
      '--option <key=value>', '-c, --concurrency <n>', '--json', '-h, --help', 'formats [options]', 'info [options] <file>',
      'groupdocs-convert formats [--from <ext>] [--json]', 'groupdocs-convert info <file> [--json]', 'GROUPDOCS_CLIENT_ID']) {
      assert.ok(stdout.includes(line), `--help lacks ${line}`);
    }
    assert.match(stdout, /--out <dir> +folder for the results \(default: the current folder\)/);
    assert.match(stdout, /--concurrency <n> +documents converted at once \(default: up to 2\)/);
    assert.match(stdout, /repeatable/);
    assert.equal((await cli(['-h'])).stdout, stdout);
    // Help wins wherever it stands before `--`, as it did, even next to a bad option.
    assert.equal((await cli([report, '--bogus', '--help'])).stdout, stdout);
    const formats = await cli(['formats', '--help']);
    assert.equal(formats.code, 0);
    for (const line of ['Usage: groupdocs-convert formats [options]', '--from <ext>', '--json', '-h, --help']) assert.ok(formats.stdout.includes(line), line);
    const info = await cli(['info', '-h']);
    assert.equal(info.code, 0);
    for (const line of ['Usage: groupdocs-convert info [options] <file>', '--json']) assert.ok(info.stdout.includes(line), line);
  });

  test('each bad argument: exit 2, one line on stderr naming it, nothing on stdout', async () => {
    const cases = [
      [[report, '--to', 'pdf', '--bogus'], /unknown option '--bogus'/],
      [[report, '--to', 'pdf', '-x'], /unknown option '-x'/],
      [['--version'], /unknown option '--version'/],
      [['formats', '--bogus'], /formats: unknown option '--bogus'/],
      [['info', report, '--to', 'pdf'], /info: unknown option '--to'/],
      [[report, '--to'], /option --to needs a value: --to <format>/],
      [[report, '-t'], /option -t \(--to\) needs a value/],
      [[report, '--to', 'pdf', '--out'], /option --out needs a value: --out <dir>/],
      [['formats', '--from'], /formats: option --from needs a value: --from <ext>/],
      [[report, '--to', '--json'], /option --to needs a value before '--json'/],
      [[report, '--to', 'pdf', '--json=yes'], /option --json takes no value/],
      [[report, '--to', 'pdf', '--from-page', '0'], /--from-page <n> must be an integer >= 1, not '0'/],
      [[report, '--to', 'pdf', '--pages-count', '1.5'], /--pages-count <n> must be an integer >= 1, not '1\.5'/],
      [[report, '--to', 'pdf', '-c', 'two'], /--concurrency <n> must be an integer >= 1, not 'two'/],
      [[report, '--to', 'pdf', '--option', 'novalue'], /--option expects key=value.*not 'novalue'/],
      [[report], /missing --to <format>/],
      [['--to', 'pdf'], /no input/],
      [[], /no input/],
      [['info'], /info: missing <file>/],
      [['info', report, report], /info: unexpected argument/],
      [['formats', 'docx'], /formats: unexpected argument 'docx'/],
    ];
    for (const [args, message] of cases) {
      const { code, stdout, stderr } = await cli(args, { env: serverEnv });
      const what = `${args.join(' ')}: ${stderr}`;
      assert.equal(code, 2, what);
      assert.match(stderr, /^groupdocs-convert: [^\n]+\n$/, `one line: ${what}`);
      assert.match(stderr, message, what);
      if (!args.includes('--json')) assert.equal(stdout, '', what);
    }
    // With --json the same error is also a JSON document on stdout.
    const json = await cli([report, '--to', 'pdf', '--json', '--from-page', 'x'], { env: serverEnv });
    assert.equal(json.code, 2);
    assert.deepEqual(JSON.parse(json.stdout), { ok: false, exitCode: 2, error: { code: 'usage', message: json.stderr.trim().replace(/^groupdocs-convert: /, '') } });
  });

  test('short aliases, --name=value, -tVALUE and repeated options mean what they did', async () => {
    const out = join(work, 'out-short');
    const { code, stdout, stderr } = await cli([report, '-tdocx', '-t', 'pdf', '-o', out, '-c', '1', '--from-page=2', '--pages-count=1',
      '--option', 'dpi=100', '--option=load.hideComments=true'], { env: serverEnv });
    assert.equal(code, 0, stderr);
    assert.equal(stdout.trim(), join(out, 'report.pdf'), 'the last --to wins');
    const { pages, text } = await readPdf(await readFile(join(out, 'report.pdf')));
    assert.equal(pages, 1);
    assert.match(text, /Bravo/);
    // A value that starts with "-" is taken with "=", and a password (opaque) also as the next word: parsing
    // passes, the missing input then fails (1), and the password is never echoed.
    for (const password of [['--password=-secret'], ['-p-secret'], ['--password', '-secret'], ['-p', '--secret']]) {
      const dash = await cli([join(work, 'absent.docx'), '--to', 'pdf', ...password, '--out', join(work, 'out-dash')], { env: serverEnv });
      assert.equal(dash.code, 1, dash.stderr);
      assert.match(dash.stderr, /cannot read .*absent\.docx/);
      assert.doesNotMatch(dash.stderr, /secret/);
    }
    // After `--` everything is an input, even what looks like an option or a subcommand.
    const rest = await cli(['--to', 'pdf', '--out', join(work, 'out-rest'), '--json', '--', 'formats', '--help'], { env: serverEnv });
    assert.equal(rest.code, 1, rest.stderr);
    assert.deepEqual(JSON.parse(rest.stdout).results.map((r) => r.input), ['formats', '--help']);
  });

  test('usage errors exit 2 with one line and no stack trace', async () => {
    for (const args of [[report], ['--to', 'pdf'], [report, '--to'], [report, '--to', 'pdf', '--from-page', '0'],
      [report, '--to', 'pdf', '--option', 'novalue'], [report, '--to', 'pdf', '--bogus'], ['info']]) {
      const { code, stderr } = await cli(args, { env: serverEnv });
      assert.equal(code, 2, `${args.join(' ')}: ${stderr}`);
      assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
    }
    const half = await cli(['formats'], { env: { GROUPDOCS_CLIENT_ID: 'only-the-id' } });
    assert.equal(half.code, 2);
    assert.match(half.stderr, /GROUPDOCS_CLIENT_SECRET/);
  });

  test('a real conversion writes the files to --out and prints their paths', async () => {
    const out = join(work, 'out-plain');
    const { code, stdout, stderr } = await cli([report, join(work, 'one page #1.docx'), '--to', 'pdf', '--out', out], { env: serverEnv });
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
    const out = join(work, 'out-json');
    const locked = join(work, 'locked.docx');
    await copyFile(await fixturePath('password-protected.docx'), locked);
    const { code, stdout, stderr } = await cli([report, locked, '--to', 'pdf', '--out', out, '--from-page', '1', '--pages-count', '1',
      '--password', 'password', '--option', 'dpi=150', '--concurrency', '1', '--json'], { env: serverEnv });
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
    const two = await cli([report, '--to', 'pdf', '--out', join(work, 'out-pages'), '--from-page', '2', '--pages-count', '2'], { env: serverEnv });
    assert.equal(two.code, 0, two.stderr);
    const { pages, text } = await readPdf(await readFile(join(work, 'out-pages', 'report.pdf')));
    assert.equal(pages, 2);
    assert.match(text, /Bravo/);
    assert.doesNotMatch(text, /Alpha/);
  });

  test('--password-file reads the password from a file or stdin, so it is not on the command line', async () => {
    const locked = join(work, 'locked-file.docx');
    await copyFile(await fixturePath('password-protected.docx'), locked);
    const file = join(work, 'password.txt');
    await writeFile(file, 'password\n');
    const fromFile = await cli([locked, '--to', 'pdf', '--out', join(work, 'out-pwfile'), '--password-file', file], { env: serverEnv });
    assert.equal(fromFile.code, 0, fromFile.stderr);
    assert.ok((await readPdf(await readFile(join(work, 'out-pwfile', 'locked-file.pdf')))).pages >= 1);
    // '-' is stdin (a line break at the end is not part of the password).
    const fromStdin = await new Promise((resolvePromise) => {
      const child = spawn(process.execPath, [CLI, locked, '--to', 'pdf', '--out', join(work, 'out-pwstdin'), '--password-file', '-'],
        { env: { ...process.env, ...NO_CREDENTIALS, ...serverEnv } });
      let stderr = '';
      child.stderr.on('data', (d) => { stderr += d; });
      child.on('close', (code) => resolvePromise({ code, stderr }));
      child.stdin.end('password\r\n');
    });
    assert.equal(fromStdin.code, 0, fromStdin.stderr);
    // A wrong one fails the conversion (1); an unreadable file is named (1); both options at once is usage (2).
    await writeFile(file, 'nope\n');
    const wrong = await cli([locked, '--to', 'pdf', '--out', join(work, 'out-pwwrong'), '--password-file', file], { env: serverEnv });
    assert.equal(wrong.code, 1, wrong.stderr);
    assert.doesNotMatch(wrong.stderr, /nope/);
    const missing = await cli([locked, '--to', 'pdf', '--password-file', join(work, 'no-such-file')], { env: serverEnv });
    assert.equal(missing.code, 1, missing.stderr);
    assert.match(missing.stderr, /cannot read the password file .*no-such-file: ENOENT/);
    const both = await cli([locked, '--to', 'pdf', '-p', 'x', '--password-file', file], { env: serverEnv });
    assert.equal(both.code, 2, both.stderr);
    assert.match(both.stderr, /--password or --password-file, not both/);
  });

  test('a conversion failure exits 1 and says why; the other inputs still convert', async () => {
    const locked = join(work, 'locked2.docx');
    await copyFile(await fixturePath('password-protected.docx'), locked);
    const out = join(work, 'out-fail');
    const { code, stdout, stderr } = await cli([locked, report, join(work, 'missing.docx'), '--to', 'pdf', '--out', out, '--json'], { env: serverEnv });
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
    const { code, stderr } = await cli([report, '--to', 'pdf', '--out', join(work, 'out-auth')], { env: { ...serverEnv, GROUPDOCS_CLIENT_SECRET: 'wrong' } });
    assert.equal(code, 3, stderr);
    assert.match(stderr, /authentication failed/i);
    assert.doesNotMatch(stderr, /wrong/, 'the secret is not printed');
    const formats = await cli(['formats', '--json'], { env: { ...serverEnv, GROUPDOCS_CLIENT_SECRET: 'wrong' } });
    assert.equal(formats.code, 3);
    assert.equal(JSON.parse(formats.stdout).error.code, 'auth_failed');
  });

  test('an unreachable API exits 4', async () => {
    const { code, stderr } = await cli(['formats'], { env: { ...serverEnv, GROUPDOCS_BASE_URL: 'http://127.0.0.1:1' } });
    assert.equal(code, 4, stderr);
    assert.match(stderr, /network/);
  });

  test('formats and info', async () => {
    const formats = await cli(['formats', '--from', 'docx'], { env: serverEnv });
    assert.equal(formats.code, 0, formats.stderr);
    assert.match(formats.stdout, /^docx -> .*\bpdf\b/m);
    const json = JSON.parse((await cli(['formats', '--json'], { env: serverEnv })).stdout);
    assert.ok(json.length > 3 && json.every((f) => f.sourceFormat && f.targetFormats.length > 0));

    const info = await cli(['info', report], { env: serverEnv });
    assert.equal(info.code, 0, info.stderr);
    assert.match(info.stdout, /pageCount: 4/);
    const meta = JSON.parse((await cli(['info', report, '--json'], { env: serverEnv })).stdout);
    assert.equal(meta.file, report);
    assert.equal(meta.pageCount, 4);
    const missing = await cli(['info', join(work, 'nope.docx')], { env: serverEnv });
    assert.equal(missing.code, 1);
  });

  test('with no credentials it starts the embedded local server, says so on stderr, and converts', async () => {
    const out = join(work, 'out-embedded');
    const { code, stdout, stderr } = await cli([report, '--to', 'txt', '--out', out, '--json']);
    assert.equal(code, 0, stderr);
    assert.match(stderr, /embedded local server at http:\/\/127\.0\.0\.1:\d+/);
    const doc = JSON.parse(stdout);
    assert.equal(doc.server.embedded, true);
    assert.match(await readFile(join(out, 'report.txt'), 'utf8'), /Delta/);
  });

  test('without LibreOffice the embedded default says what to install, exits 4, and does not hang', async () => {
    // PATH without soffice (Poppler alone), then nothing at all, then a broken override.
    const poppler = join(work, 'poppler-only');
    await mkdir(poppler, { recursive: true });
    for (const tool of ['pdftoppm', 'pdfinfo']) await symlink(`/usr/bin/${tool}`, join(poppler, tool)).catch(() => {});
    for (const [env, missing] of [[{ PATH: poppler }, /LibreOffice \(no soffice on PATH\)/], [{ PATH: join(work, 'empty') }, /Poppler/],
      [{ GROUPDOCS_SOFFICE: '/nonexistent/soffice' }, /GROUPDOCS_SOFFICE/]]) {
      const started = Date.now();
      const { code, stdout, stderr } = await cli([report, '--to', 'pdf', '--out', join(work, 'out-none')], { env });
      assert.equal(code, 4, stderr);
      assert.match(stderr, missing);
      assert.match(stderr, /apt-get install libreoffice-writer-nogui .*poppler-utils/);
      assert.match(stderr, /GROUPDOCS_CLIENT_ID=/, 'says how to use the cloud instead');
      assert.doesNotMatch(stderr, /\n\s+at /);
      assert.equal(stdout, '');
      assert.ok(Date.now() - started < 20_000);
    }
    // formats needs no converter.
    const formats = await cli(['formats'], { env: { PATH: poppler } });
    assert.equal(formats.code, 0, formats.stderr);
  });

  test('Ctrl-C mid-flight: "cancelled", exit 130, no process left behind', async () => {
    const child = spawn(process.execPath, [CLI, report, join(work, 'one page #1.docx'), '--to', 'png', '--out', join(work, 'out-int')],
      { env: { ...process.env, ...NO_CREDENTIALS }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const exited = new Promise((r) => child.on('exit', (code, signal) => r({ code, signal })));
    // Wait until the work is in flight (the embedded server started LibreOffice, the upload began).
    for (let i = 0; i < 600 && !/uploading/.test(stderr); i++) await new Promise((r) => setTimeout(r, 50));
    assert.match(stderr, /uploading/);
    const family = await descendants(child.pid);
    assert.ok(family.length > 0, 'the embedded server runs office processes');
    child.kill('SIGINT');
    const { code } = await exited;
    assert.equal(code, 130, stderr);
    assert.match(stderr, /cancelled/);
    assert.doesNotMatch(stderr, /\n\s+at /);
    for (let i = 0; i < 100 && family.some(alive); i++) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(family.filter(alive), [], 'every child process is gone');
  });
});

describe('the terminal progress bars (bin/cli/progress.js)', () => {
  /** A stand-in for a TTY stderr that records every write with its time. */
  const fakeTty = (columns = 80) => {
    const writes = [];
    return { writes, stream: { isTTY: true, columns, write: (s) => { writes.push({ at: Date.now(), s }); return true; } } };
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
  let progress;
  before(async () => {
    progress = await import(join(root, 'bin', 'cli', 'progress.js'));
  });

  test('redrawn in place at most ~10 times a second, with the bytes and the stage; finished cleanly', async () => {
    const { writes, stream } = fakeTty();
    const reporter = progress.createReporter({ tty: true, quiet: false, stream });
    reporter.log('groupdocs-convert: using the embedded local server');
    const task = reporter.start('report.docx', 40_000);
    task.event({ type: 'stage', stage: 'upload' });
    const started = Date.now();
    for (let loaded = 0; Date.now() - started < 1000; loaded = Math.min(40_000, loaded + 100)) {
      task.event({ type: 'upload', loaded, total: 40_000 });
      await new Promise((r) => setTimeout(r, 2));
    }
    const uploading = screen(writes).at(-1);
    assert.match(uploading, /^ [█░]{24} +\d+% \| report\.docx \| uploading [\d.]+ kB of 40 kB$/);
    task.event({ type: 'status', status: 'Started' });
    task.event({ type: 'download', index: 0, count: 1, loaded: 12_000, total: 40_000 });
    await new Promise((r) => setTimeout(r, 150));
    assert.match(screen(writes).at(-1), /\| downloading 1\/1: 12 kB of 40 kB$/);
    task.done('1 file, 40 kB → out');
    reporter.stop();
    const draws = writes.filter((w) => w.at - started <= 1000).length;
    assert.ok(draws >= 5 && draws <= 12, `${draws} redraws in the second of ~500 events`);
    assert.ok(writes.every((w) => !w.s.slice(0, -1).includes('\n\n')), 'no blank lines');
    // (the first write is the log line alone; the bar comes with the next frame)
    assert.ok(writes.slice(2, -1).every((w) => w.s.startsWith('\r\x1b[1A\x1b[J')), 'each redraw goes back over the block');
    assert.ok(writes[0].s.startsWith('\x1b[?25l') && writes.at(-1).s === '\x1b[?25h', 'the cursor is hidden, then shown again');
    assert.deepEqual(screen(writes), ['groupdocs-convert: using the embedded local server',
      ' ████████████████████████ 100% | report.docx | 1 file, 40 kB → out']);
    // After stop nothing more is drawn.
    const count = writes.length;
    task.event({ type: 'status', status: 'Finished' });
    reporter.log('late');
    await new Promise((r) => setTimeout(r, 150));
    assert.deepEqual(writes.slice(count).map((w) => w.s), ['late\n']);
  });

  test('finished files leave the block as lines; names are one line, cut to the terminal width', async () => {
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
    assert.ok(lines.every((l) => progress.textWidth(l) <= 99), 'no line wraps');
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
    assert.deepEqual(writes.map((w) => w.s), ['a.docx: uploading 2.0 kB\n', 'a.docx: 1 file\n']);
  });
});
