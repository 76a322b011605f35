// The README's Node examples, run verbatim. A ```js block preceded by the line `<!-- test: node -->` is
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

const run = promisify(execFile);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const MARK = '<!-- test: node -->';

/** The marked ```js blocks of a Markdown text, with the line each starts on. */
function markedBlocks(markdown) {
  const lines = markdown.split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== MARK) continue;
    let j = i + 1;
    while (j < lines.length && lines[j].trim() === '') j++;
    assert.match(lines[j] ?? '', /^```js\s*$/, `README.md:${j + 1}: ${MARK} must be followed by a \`\`\`js block`);
    const end = lines.indexOf('```', j + 1);
    assert.ok(end > j, `README.md:${j + 1}: unterminated code block`);
    blocks.push({ line: j + 2, code: `${lines.slice(j + 1, end).join('\n')}\n` });
  }
  return blocks;
}

/** Every PDF a run left in `dir`, recursively. */
async function pdfsIn(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.pdf')).map((e) => join(e.parentPath ?? e.path, e.name));
}

const readme = await readFile(join(root, 'README.md'), 'utf8');
const blocks = markedBlocks(readme);

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
