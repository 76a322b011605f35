// SPDX-License-Identifier: MIT
// Every code block of README.md and docs/*.md is run or checked by a test (tests/support/readme.js lists the
// kinds and which test takes each; the package's own blocks run in package.test.js, inside the packed package).
// This file takes the rest:
// - `node`: the block is written, as it is, to a file inside the package (so that `import
//   'groupdocs-conversion-wasm'` resolves to this package, as it would from node_modules) and run in a child
//   process whose working folder holds `report.docx` (the four-page fixture). The server address and
//   credentials reach it the way the docs tell users: GROUPDOCS_BASE_URL, GROUPDOCS_CLIENT_ID,
//   GROUPDOCS_CLIENT_SECRET. It must exit 0, print what its marker says, and every PDF it writes must be
//   that document, checked by content.
// - `two-commands`, `cli-usage`, `test-rings`, `commands`: compared with what they document.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { access, copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { fixturePath } from '../support/fixtures.js';
import { DEV_CREDENTIALS, readPdf, startLocalServer } from '../support/client-env.js';
import { KINDS, blocksOf, docBlock, docBlocks, docFiles } from '../support/readme.js';

const run = promisify(execFile);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const here = `tests/node/${fileURLToPath(import.meta.url)
  .split('/')
  .pop()}`;

/** Every PDF a run left in `dir`, recursively. */
async function pdfsIn(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.pdf')).map((e) => join(e.parentPath ?? e.path, e.name));
}

const exists = (path) =>
  access(join(root, path)).then(
    () => true,
    () => false,
  );

const allBlocks = await docBlocks();
const nodeBlocks = allBlocks.filter((b) => b.kind === 'node');

describe('the docs: every code block is run or checked by a test', () => {
  test('each fenced block is marked with a kind that a test takes', async () => {
    assert.deepEqual((await docFiles()).slice(0, 1), ['README.md']);
    assert.ok((await docFiles()).includes('docs/api.md'));
    for (const block of allBlocks) {
      const where = `${block.file}:${block.line}`;
      assert.ok(block.kind, `${where}: a code block without a <!-- test: KIND --> marker`);
      assert.ok(Object.hasOwn(KINDS, block.kind), `${where}: unknown test kind ${block.kind}`);
      if (block.prints.length > 0) assert.equal(block.kind, 'node', `${where}: only node blocks say what they print`);
    }
    for (const kind of Object.keys(KINDS))
      assert.ok(
        allBlocks.some((b) => b.kind === kind),
        `no block of kind ${kind}`,
      );
    for (const block of nodeBlocks) assert.equal(block.lang, 'js', `${block.file}:${block.line}: node blocks are js`);
    // Each kind's test exists and looks the kind up.
    for (const [kind, file] of Object.entries(KINDS)) {
      if (file === here) continue;
      assert.match(
        await readFile(join(root, file), 'utf8'),
        new RegExp(`docBlock\\('${kind}'\\)`),
        `${file} runs ${kind}`,
      );
    }
  });

  test("the two commands are the package's scripts, and CI runs npm test", async () => {
    const block = await docBlock('two-commands');
    assert.equal(block.file, 'README.md');
    const commands = block.code
      .split('\n')
      .filter(Boolean)
      .map((l) => l.replace(/#.*$/, '').trim());
    assert.deepEqual(commands, ['npm start', 'npm test']);
    const { scripts } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
    assert.match(scripts.start, /scripts\/setup\.sh.*build.*start/);
    assert.match(scripts.test, /scripts\/setup\.sh.*scripts\/test\.sh/);
    assert.match(await readFile(join(root, '.ci', 'run'), 'utf8'), /^npm test$/m);
  });

  test('the CLI synopsis matches groupdocs-convert --help', async () => {
    const block = await docBlock('cli-usage');
    const cli = join(root, 'bin', 'groupdocs-convert.js');
    const help = (await run(process.execPath, [cli, '--help'])).stdout;
    const sub = (await run(process.execPath, [cli, 'formats', '--help'])).stdout;
    for (const flag of new Set(block.code.match(/--[a-z-]+/g))) {
      assert.ok(help.includes(flag) || sub.includes(flag), `${flag} is in the docs but not in --help`);
    }
    for (const flag of help.match(/--[a-z-]+/g)) {
      if (flag !== '--help') assert.ok(block.code.includes(flag), `${flag} is in --help but not in the docs`);
    }
    for (const line of block.code
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('groupdocs-convert'))) {
      const command = line.split(/\s+/)[1];
      if (!command.startsWith('<')) assert.match(help, new RegExp(`^\\s+${command}\\b`, 'm'), `subcommand ${command}`);
    }
  });

  test('the rings are the steps of scripts/test.sh, in order, as it announces them', async () => {
    const block = await docBlock('test-rings');
    const script = await readFile(join(root, 'scripts', 'test.sh'), 'utf8');
    const announced = [...script.matchAll(/^echo "(== [^"]*)"/gm)].map((m) =>
      m[1].replace(/\$\{(\w+):-([^}]*)\}/g, '$2'),
    );
    assert.ok(announced.length >= 4, 'scripts/test.sh announces its steps with echo "== …"');
    assert.deepEqual(block.code.trim().split('\n'), announced);
  });

  test('each development command names a script, file or test that exists', async () => {
    const { scripts } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
    const block = await docBlock('commands');
    const lines = block.code
      .split('\n')
      .map((l) => l.replace(/\s+#.*$/, '').trim())
      .filter(Boolean);
    assert.ok(lines.length >= 5);
    for (const line of lines) {
      for (const command of line.split(' && ')) {
        // Shell words (a "quoted part" does not split one), without VAR=value prefixes.
        const words = command.match(/(?:[^\s"]+|"[^"]*")+/g).filter((w) => !/^[A-Z_]+=/.test(w));
        const [program, ...args] = words;
        if (program === 'npm') {
          const script = args[0] === 'run' ? args[1] : args[0];
          assert.ok(scripts[script], `${line}: package.json has no script ${script}`);
        } else if (program === 'bash' || program.startsWith('scripts/')) {
          const file = program === 'bash' ? args[0] : program;
          assert.ok(await exists(file), `${line}: ${file} does not exist`);
        } else if (program === 'node' && args[0] === '--test') {
          const pattern = /^--test-name-pattern="([^"]*)"$/.exec(
            args.find((a) => a.startsWith('--test-name-pattern')) ?? '',
          )?.[1];
          const paths = args.slice(1).filter((a) => !a.startsWith('--'));
          assert.ok(paths.length > 0, `${line}: no test path`);
          for (const path of paths) {
            assert.ok(await exists(path), `${line}: ${path} does not exist`);
            if (pattern)
              assert.ok(
                (await readFile(join(root, path), 'utf8')).includes(pattern),
                `${line}: no test named ${pattern}`,
              );
          }
        } else {
          assert.fail(`${line}: ${program} is not a command this check knows (npm, bash, scripts/…, node --test)`);
        }
      }
    }
  });
});

describe("the docs' Node examples, run verbatim", () => {
  let server;
  let work;

  before(async () => {
    server = await startLocalServer();
    work = await mkdtemp(join(tmpdir(), 'gdconv-docs-'));
  });

  after(async () => {
    await server?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  test('the README has a Quick start (Node, Deno, Bun) example of about ten lines that converts a docx to a PDF', async () => {
    const { text, blocks } = await blocksOf('README.md');
    const [first] = blocks.filter((b) => b.kind === 'node');
    assert.ok(first, 'no marked example in the README');
    const quickStart = text.indexOf('## Quick start (Node, Deno, Bun)');
    assert.ok(quickStart >= 0, 'no "Quick start (Node, Deno, Bun)" section');
    assert.ok(text.indexOf(first.code) > quickStart, "the README's first example is in the quick start");
    const lines = first.code
      .trim()
      .split('\n')
      .filter((l) => l.trim() !== '');
    assert.ok(lines.length <= 12, `the quick start example has ${lines.length} lines`);
    assert.match(first.code, /report\.docx/);
    assert.match(first.code, /format: 'pdf'/);
  });

  for (const [index, block] of nodeBlocks.entries()) {
    const name = `${block.file.replace(/\W/g, '-')}-${block.line}`;
    test(`${block.file} line ${block.line} runs${block.prints.length ? ', prints what it says' : ''} and writes only real PDFs`, async () => {
      const cwd = join(work, name);
      await mkdir(cwd, { recursive: true });
      await copyFile(await fixturePath('four-pages.docx'), join(cwd, 'report.docx'));
      // Inside the package, so the package's own name resolves to it (Node's self-reference).
      const scriptDir = join(root, 'test-output', 'docs');
      await mkdir(scriptDir, { recursive: true });
      const script = join(scriptDir, `${name}.mjs`);
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

      for (const text of block.prints) assert.ok(stdout.includes(text), `it should print ${text}; stdout: ${stdout}`);
      const pdfs = await pdfsIn(cwd);
      assert.ok(pdfs.length >= 1, `it wrote no PDF; stdout: ${stdout}`);
      for (const pdf of pdfs) {
        const { pages, text } = await readPdf(await readFile(pdf));
        assert.equal(pages, 4, pdf);
        assert.match(text, /Page 1 of four: Alpha/);
        assert.match(text, /Page 4 of four: Delta/);
      }
      // The first is the README's quick start, which says what it prints in its prose.
      if (index === 0) assert.match(stdout, /^report\.pdf: \d+ bytes$/m);
    });
  }
});
