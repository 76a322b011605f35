// SPDX-License-Identifier: MIT
// A runtime that cannot work fails at ConversionClient.create with one typed error naming what it lacks
// (issue 12): `unsupported_runtime`. Run with those globals really gone: Node's --jitless (no WebAssembly), and
// fetch() deleted where the entry would make its requests with it (the web entry in Node, the Deno entry in Deno).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { ROOT } from '../support/packed.js';
import { RUNTIME } from '../support/runtimes.js';

const run = promisify(execFile);
const entry = (name) => pathToFileURL(join(ROOT, 'dist', name)).href;

/** A script that removes `globals`, imports `entryUrl` and prints what ConversionClient.create rejected with. */
const script = (entryUrl, globals) => `
${globals.map((name) => `delete globalThis.${name};`).join(' ')}
const { ConversionClient, ApiError } = await import(${JSON.stringify(entryUrl)});
try {
  await ConversionClient.create({ baseUrl: 'http://127.0.0.1:9', accessToken: 'token' });
  console.log(JSON.stringify({ created: true }));
} catch (err) {
  console.log(JSON.stringify({ apiError: err instanceof ApiError, code: err.code, message: err.message }));
}`;

async function createIn(command, args) {
  const { stdout } = await run(command, args, { cwd: ROOT, timeout: 60_000 });
  return JSON.parse(stdout.trim().split('\n').at(-1));
}

const node = (flags, entryName, globals = []) =>
  createIn(process.execPath, [...flags, '--input-type=module', '-e', script(entry(entryName), globals)]);

function assertUnsupported(result, names, absent = []) {
  assert.equal(result.apiError, true, JSON.stringify(result));
  assert.equal(result.code, 'unsupported_runtime', JSON.stringify(result));
  for (const name of names) assert.ok(result.message.includes(name), `${result.message} names ${name}`);
  for (const name of absent)
    assert.ok(!result.message.includes(`no ${name}`), `${result.message} does not blame ${name}`);
}

describe('a runtime that cannot work: one typed error at create, naming what is missing', () => {
  test('no WebAssembly (node --jitless): the Node entry', async () => {
    assertUnsupported(await node(['--jitless'], 'index.node.mjs'), ['WebAssembly'], ['fetch']);
  });

  test('no fetch() and no XMLHttpRequest: the web entry in Node', async () => {
    assertUnsupported(await node([], 'index.web.mjs', ['fetch']), ['fetch()', 'XMLHttpRequest'], ['WebAssembly']);
  });

  test('neither WebAssembly nor fetch(): both named', async () => {
    assertUnsupported(await node(['--jitless'], 'index.web.mjs', ['fetch']), ['WebAssembly', 'fetch()']);
  });

  test('no fetch() in Deno: the Deno entry', async () => {
    const result = await createIn(RUNTIME.deno, ['eval', '--ext=js', script(entry('index.deno.mjs'), ['fetch'])]);
    assertUnsupported(result, ['fetch()'], ['WebAssembly']);
  });

  test('with what they need, the same scripts get past the check', async () => {
    // Proof that the check, not the script, refused above. (Outside a browser the web entry then cannot fetch
    // its file: URL, which is what the runtimes' own entries are for.)
    assert.deepEqual(await node([], 'index.node.mjs'), { created: true });
    const web = await node([], 'index.web.mjs');
    assert.equal(web.code, 'load_failed', JSON.stringify(web));
  });
});
