// SPDX-License-Identifier: MIT
// One method, one row, one declaration (issue 19): the facade's rows (bindings/js/methods.js) and the flows
// written beside them are exactly the methods index.d.ts declares on ConversionClient, with the same
// parameters in the same order; every row is a method of the core (src/core/methods.h, through the
// module's methodNames()), and every method of the core is reachable from one.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { METHOD_ROWS } from '../../bindings/js/methods.js';
import { ConversionClient } from 'groupdocs-conversion-wasm';

const require = createRequire(import.meta.url);
const createGdConv = require('../../dist/gdconv.cjs');

/** The flows: public methods written by hand, and the core methods each one calls. */
const FLOWS = { waitForOperation: ['waitForOperation'], convert: ['convert', 'convertDirect'] };
/** Not API methods: the class's own life cycle. */
const LIFE_CYCLE = ['create', 'close'];

/** ConversionClient's methods in index.d.ts: name → the parameter names before `options`, with `?` kept. */
async function declaredMethods() {
  const dts = await readFile(new URL('../../bindings/index.d.ts', import.meta.url), 'utf8');
  const body = dts.slice(dts.indexOf('export declare class ConversionClient {'));
  const methods = new Map();
  for (const [, name, params] of body.slice(0, body.indexOf('\n}')).matchAll(/^ {2}(?:static )?(\w+)\(([^)]*)/gm)) {
    let before = params.split(/\boptions\??:/)[0];
    while (/\{[^{}]*\}/.test(before)) before = before.replace(/\{[^{}]*\}/g, ''); // types' own members
    methods.set(
      name,
      [...before.matchAll(/(\w+)(\??):/g)].map(([, n, optional]) => n + optional),
    );
  }
  return methods;
}

/** A row's parameters as index.d.ts spells them: 'path=' (defaults to '') is `path?`. */
const asDeclared = (params) => params.map((p) => (p.endsWith('=') ? `${p.slice(0, -1)}?` : p));

test('every row and flow is declared in index.d.ts with its parameters, and every declaration is one', async () => {
  const declared = await declaredMethods();
  for (const row of METHOD_ROWS) {
    assert.ok(declared.has(row.name), `${row.name} is not declared in index.d.ts`);
    assert.deepEqual(declared.get(row.name), asDeclared(row.params), `${row.name}'s parameters`);
  }
  const implemented = [...METHOD_ROWS.map((r) => r.name), ...Object.keys(FLOWS), ...LIFE_CYCLE].sort();
  assert.deepEqual([...declared.keys()].sort(), implemented);
  assert.equal(new Set(METHOD_ROWS.map((r) => r.name)).size, METHOD_ROWS.length, 'a row is listed twice');
});

test("the rows and flows call exactly the core's methods", async () => {
  const core = (await createGdConv()).methodNames();
  assert.ok(Array.isArray(core) && core.length > 0);
  const called = [...METHOD_ROWS.map((r) => r.name), ...Object.values(FLOWS).flat()];
  assert.deepEqual([...called].sort(), [...core].sort());
});

test('every declared method is on the prototype, and none other besides the life cycle', () => {
  const own = Object.getOwnPropertyNames(ConversionClient.prototype).filter((n) => n !== 'constructor');
  const expected = [...METHOD_ROWS.map((r) => r.name), ...Object.keys(FLOWS), 'close'];
  assert.deepEqual(own.sort(), expected.sort());
  for (const name of expected) assert.equal(typeof ConversionClient.prototype[name], 'function', name);
});

test('null or a non-object as options is the same invalid_argument on every method', async () => {
  // Nothing is sent: the client needs no server.
  const client = await ConversionClient.create({ baseUrl: 'http://127.0.0.1:9', clientId: 'id', clientSecret: 's' });
  const sample = { settings: { filePath: 'a.docx', format: 'pdf' }, data: new Uint8Array(1), input: new Uint8Array(1) };
  const calls = [
    ...METHOD_ROWS.map((row) => [row.name, row.params.map((p) => sample[p] ?? 'x')]),
    ['waitForOperation', ['id']],
    ['convert', [new Uint8Array(1)]],
  ];
  try {
    for (const [name, before] of calls) {
      for (const options of [null, 5, 'pdf']) {
        await assert.rejects(client[name](...before, options), (err) => {
          assert.equal(err.name, 'ApiError', `${name}(…, ${options}): ${err}`);
          assert.equal(err.code, 'invalid_argument');
          assert.match(err.message, new RegExp(`^${name}\\b.*options must be an object`));
          return true;
        });
      }
    }
  } finally {
    client.close();
  }
});
