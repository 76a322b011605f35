// The README's Node examples, run verbatim, and the check that every README code block is run by some test
// (tests/support/readme.js lists the kinds; the package's own blocks run in package.test.js).
// A ```js block preceded by the line `<!-- test: node -->` is
// extracted as it is, written to a file inside the package (so that `import 'groupdocs-conversion-wasm'`
// resolves to this package, as it would from node_modules) and run in a child process whose working folder
// holds `report.docx` (the four-page fixture). The server address and credentials reach it the way the
// README tells users: GROUPDOCS_BASE_URL, GROUPDOCS_CLIENT_ID, GROUPDOCS_CLIENT_SECRET. Each example must
// exit 0 and write PDFs, which are checked by content.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { fixturePath } from '../support/fixtures.js';
import { DEV_CREDENTIALS, readPdf, startLocalServer } from '../support/client-env.js';
import { KINDS, readmeBlock, readmeBlocks } from '../support/readme.js';

const run = promisify(execFile);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Every PDF a run left in `dir`, recursively. */
async function pdfsIn(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.pdf')).map((e) => join(e.parentPath ?? e.path, e.name));
}

const { text: readme, blocks: allBlocks } = await readmeBlocks();
const blocks = allBlocks.filter((b) => b.kind === 'node');

describe('README: every code block is run by a test', () => {
  test('each fenced block is marked with a kind that a test runs', () => {
    assert.ok(allBlocks.length >= 10);
    for (const block of allBlocks) {
      assert.ok(block.kind, `README.md:${block.line}: a code block without a <!-- test: KIND --> marker`);
      assert.ok(KINDS.includes(block.kind), `README.md:${block.line}: unknown test kind ${block.kind}`);
    }
    for (const kind of KINDS) assert.ok(allBlocks.some((b) => b.kind === kind), `no block of kind ${kind}`);
    for (const block of blocks) assert.equal(block.lang, 'js', `README.md:${block.line}: node blocks are js`);
  });

  test('the two commands are the package\'s scripts, and CI runs npm test', async () => {
    const block = await readmeBlock('two-commands');
    const commands = block.code.split('\n').filter(Boolean).map((l) => l.replace(/#.*$/, '').trim());
    assert.deepEqual(commands, ['npm start', 'npm test']);
    const { scripts } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
    assert.match(scripts.start, /scripts\/setup\.sh.*build.*start/);
    assert.match(scripts.test, /scripts\/setup\.sh.*scripts\/test\.sh/);
    assert.match(await readFile(join(root, '.ci', 'run'), 'utf8'), /^npm test$/m);
  });

  test('the CLI synopsis matches groupdocs-convert --help', async () => {
    const block = await readmeBlock('cli-usage');
    const cli = join(root, 'bin', 'groupdocs-convert.js');
    const help = (await run(process.execPath, [cli, '--help'])).stdout;
    const sub = (await run(process.execPath, [cli, 'formats', '--help'])).stdout;
    for (const flag of new Set(block.code.match(/--[a-z-]+/g))) {
      assert.ok(help.includes(flag) || sub.includes(flag), `${flag} is in the README but not in --help`);
    }
    for (const flag of help.match(/--[a-z-]+/g)) {
      if (flag !== '--help') assert.ok(block.code.includes(flag), `${flag} is in --help but not in the README`);
    }
    for (const line of block.code.trim().split('\n').filter((l) => l.startsWith('groupdocs-convert'))) {
      const command = line.split(/\s+/)[1];
      if (!command.startsWith('<')) assert.match(help, new RegExp(`^\\s+${command}\\b`, 'm'), `subcommand ${command}`);
    }
  });
});

describe('README examples (Node), run verbatim', () => {
  let server;
  let work;

  before(async () => {
    server = await startLocalServer();
    work = await mkdtemp(join(tmpdir(), 'gdconv-readme-'));
  });

  after(async () => {
    await server?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  test('the README has a Quick start (Node) example of about ten lines that converts a docx to a PDF', () => {
    assert.ok(blocks.length >= 1, 'no marked example');
    const quickStart = readme.indexOf('## Quick start (Node)');
    assert.ok(quickStart >= 0, 'no "Quick start (Node)" section');
    const [first] = blocks;
    assert.ok(readme.indexOf(first.code) > quickStart, 'the first marked example is in the quick start');
    const lines = first.code.trim().split('\n').filter((l) => l.trim() !== '');
    assert.ok(lines.length <= 12, `the quick start example has ${lines.length} lines`);
    assert.match(first.code, /report\.docx/);
    assert.match(first.code, /format: 'pdf'/);
  });

  for (const [index, block] of blocks.entries()) {
    test(`example ${index + 1} (README.md line ${block.line}) runs and writes a real PDF`, async () => {
      const cwd = join(work, `example-${index + 1}`);
      await mkdir(cwd, { recursive: true });
      await copyFile(await fixturePath('four-pages.docx'), join(cwd, 'report.docx'));
      // Inside the package, so the package's own name resolves to it (Node's self-reference).
      const scriptDir = join(root, 'test-output', 'readme');
      await mkdir(scriptDir, { recursive: true });
      const script = join(scriptDir, `example-${index + 1}.mjs`);
      await writeFile(script, block.code);

      const { stdout } = await run(process.execPath, [script], {
        cwd,
        timeout: 180_000,
        env: {
          ...process.env,
          GROUPDOCS_BASE_URL: server.url,
          GROUPDOCS_CLIENT_ID: DEV_CREDENTIALS.clientId,
          GROUPDOCS_CLIENT_SECRET: DEV_CREDENTIALS.clientSecret,
        },
      });

      const pdfs = await pdfsIn(cwd);
      assert.ok(pdfs.length >= 1, `example ${index + 1} wrote no PDF; stdout: ${stdout}`);
      for (const pdf of pdfs) {
        const { pages, text } = await readPdf(await readFile(pdf));
        assert.equal(pages, 4, pdf);
        assert.match(text, /Page 1 of four: Alpha/);
        assert.match(text, /Page 4 of four: Delta/);
      }
      if (index === 0) assert.match(stdout, /^report\.pdf: \d+ bytes$/m);
    });
  }
});
