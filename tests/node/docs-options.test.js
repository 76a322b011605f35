// SPDX-License-Identifier: MIT
// docs/options.md, the table of every load and convert option (issue 21 item 1), cannot drift from the
// server: its rows are exactly the option model's paths (server/option-model.js), each row says what the
// server does, and an "applied" row names a test file that exists and mentions the option (every segment of
// its path after loadOptions/convertOptions, e.g. `jpegOptions` and `quality`).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { access, readFile } from 'node:fs/promises';
import { optionPaths } from '../../server/option-model.js';

const ROOT = new URL('../../', import.meta.url);
const STATES = ['applied, no test reads it back yet', 'applied', 'reported as ignored'];

/** The table rows of docs/options.md: `| \`path\` | classes | shape | type | default | local server |`. */
async function tableRows() {
  const text = await readFile(new URL('docs/options.md', ROOT), 'utf8');
  return text
    .split('\n')
    .filter((line) => /^\| `(loadOptions|convertOptions)\./.test(line))
    .map((line) => {
      const cells = line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim());
      assert.equal(cells.length, 6, `six columns: ${line}`);
      return { path: cells[0].replace(/`/g, ''), shape: cells[2], server: cells[5], line };
    });
}

test('every option of the model has one row, and every row is an option of the model', async () => {
  const rows = await tableRows();
  const documented = rows.map((r) => r.path);
  assert.equal(new Set(documented).size, documented.length, 'no option twice');
  const model = optionPaths();
  assert.deepEqual(
    model.filter((p) => !documented.includes(p)),
    [],
    'options missing from docs/options.md',
  );
  assert.deepEqual(
    documented.filter((p) => !model.includes(p)),
    [],
    'rows of docs/options.md the option model does not know',
  );
});

test('every row says what the server does; an ignored one says why', async () => {
  for (const { server, shape, line } of await tableRows()) {
    const state = STATES.find((s) => server.startsWith(s));
    assert.ok(state, `a state of ${STATES.join(' / ')}: ${line}`);
    if (state === 'reported as ignored') assert.match(server, /^reported as ignored: \S/, line);
    assert.match(shape, /^(both|nested 25\.12|flat 24\.4)/, line);
  }
});

test('every "applied" row names a test file that exists and mentions the option', async () => {
  const applied = (await tableRows()).filter((r) => r.server.startsWith('applied') && !r.server.startsWith('applied,'));
  assert.ok(applied.length > 20, `${applied.length} applied rows`);
  for (const { path, server } of applied) {
    const files = [...server.matchAll(/tests\/node\/[\w.-]+\.test\.js/g)].map((m) => m[0]);
    assert.ok(files.length > 0, `${path}: names its test`);
    for (const file of files) {
      await access(new URL(file, ROOT));
      const source = await readFile(new URL(file, ROOT), 'utf8');
      for (const segment of path.split('.').slice(1)) {
        assert.ok(source.includes(segment), `${file} mentions ${segment} (${path})`);
      }
    }
  }
});
