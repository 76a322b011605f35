// SPDX-License-Identifier: MIT
// The CLI's command line (bin/cli/args.js) as a user types it, in child processes: --help for the command
// and its subcommands, and every usage error — exit 2, one line on stderr naming the problem, no stack trace,
// and with --json the same error on stdout. Nothing here converts: the credentials point at a closed port, so
// a command line that got past the parser would end with 4 (network), not 2.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cli } from '../support/cli.js';

const OFFLINE = {
  GROUPDOCS_BASE_URL: 'http://127.0.0.1:1',
  GROUPDOCS_CLIENT_ID: 'id',
  GROUPDOCS_CLIENT_SECRET: 'secret',
};
/** An input the parser never opens. */
const report = 'report.docx';

describe('groupdocs-convert: help and usage errors', () => {
  test('--help prints the usage and exits 0', async () => {
    const { code, stdout } = await cli(['--help']);
    assert.equal(code, 0);
    assert.match(stdout, /groupdocs-convert <input\.\.\.> --to <format>/);
    for (const flag of [
      '--out',
      '--from-page',
      '--pages-count',
      '--password',
      '--password-file',
      '--option',
      '--concurrency',
      '--json',
    ])
      assert.match(stdout, new RegExp(flag));
    assert.match(stdout, /formats/);
    assert.match(stdout, /info/);
  });

  test('--help lists every option with its alias and value, the subcommands and their options', async () => {
    const { code, stdout, stderr } = await cli(['--help']);
    assert.equal(code, 0);
    assert.equal(stderr, '');
    for (const line of [
      '-t, --to <format>',
      '-o, --out <dir>',
      '--from-page <n>',
      '--pages-count <n>',
      '-p, --password <password>',
      '--option <key=value>',
      '-c, --concurrency <n>',
      '--json',
      '-h, --help',
      'formats [options]',
      'info [options] <file>',
      'groupdocs-convert formats [--from <ext>] [--json]',
      'groupdocs-convert info <file> [--json]',
      'GROUPDOCS_CLIENT_ID',
    ]) {
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
    for (const line of ['Usage: groupdocs-convert formats [options]', '--from <ext>', '--json', '-h, --help'])
      assert.ok(formats.stdout.includes(line), line);
    const info = await cli(['info', '-h']);
    assert.equal(info.code, 0);
    for (const line of ['Usage: groupdocs-convert info [options] <file>', '--json'])
      assert.ok(info.stdout.includes(line), line);
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
      const { code, stdout, stderr } = await cli(args, { env: OFFLINE });
      const what = `${args.join(' ')}: ${stderr}`;
      assert.equal(code, 2, what);
      assert.match(stderr, /^groupdocs-convert: [^\n]+\n$/, `one line: ${what}`);
      assert.match(stderr, message, what);
      if (!args.includes('--json')) assert.equal(stdout, '', what);
    }
    // With --json the same error is also a JSON document on stdout.
    const json = await cli([report, '--to', 'pdf', '--json', '--from-page', 'x'], { env: OFFLINE });
    assert.equal(json.code, 2);
    assert.deepEqual(JSON.parse(json.stdout), {
      ok: false,
      exitCode: 2,
      error: { code: 'usage', message: json.stderr.trim().replace(/^groupdocs-convert: /, '') },
    });
  });

  test('usage errors exit 2 with one line and no stack trace', async () => {
    for (const args of [
      [report],
      ['--to', 'pdf'],
      [report, '--to'],
      [report, '--to', 'pdf', '--from-page', '0'],
      [report, '--to', 'pdf', '--option', 'novalue'],
      [report, '--to', 'pdf', '--bogus'],
      ['info'],
    ]) {
      const { code, stderr } = await cli(args, { env: OFFLINE });
      assert.equal(code, 2, `${args.join(' ')}: ${stderr}`);
      assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
    }
    const half = await cli(['formats'], { env: { GROUPDOCS_CLIENT_ID: 'only-the-id' } });
    assert.equal(half.code, 2);
    assert.match(half.stderr, /GROUPDOCS_CLIENT_SECRET/);
  });
});
