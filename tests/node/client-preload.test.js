// SPDX-License-Identifier: MIT
// preload() (issue 13): the module loaded before any client, from the default source or one the caller names,
// under the same rules as create's locateFile and wasmBinary; and the compile the import begins, which a first
// load naming another source abandons. Each case in a fresh process: the module loads once per process.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { DEV_CREDENTIALS } from '../support/client-env.js';
import { useLocalServer } from '../support/local-server.js';
import { runInPackage } from '../support/child.js';

const require = createRequire(import.meta.url);
const run = (name, source, env) => runInPackage('client-preload', name, source, env);

describe('preload()', () => {
  const env = useLocalServer();

  test('loads the module; a client created after it works, and preloading again is served', async () => {
    const result = await run(
      'default.mjs',
      `
      import { preload, ConversionClient } from 'groupdocs-conversion-wasm';
      const first = await preload();
      const again = await preload({});
      const client = await ConversionClient.create({ baseUrl: process.env.BASE_URL, ...JSON.parse(process.env.CREDENTIALS) });
      const { exists } = await client.objectExists('preload/none');
      client.close();
      console.log(JSON.stringify({ first: first === undefined, again: again === undefined, exists }));
    `,
      { BASE_URL: env.url, CREDENTIALS: JSON.stringify(DEV_CREDENTIALS) },
    );
    assert.deepEqual(result, { first: true, again: true, exists: false });
  });

  test('a source named by preload is the one create uses; another is refused; a failed preload is not kept', async () => {
    const result = await run(
      'sources.mjs',
      `
      import { createRequire } from 'node:module';
      import { preload, ConversionClient } from 'groupdocs-conversion-wasm';
      const wasmPath = createRequire(import.meta.url).resolve('groupdocs-conversion-wasm/gdconv.wasm');
      const outcome = (p) => p.then(() => 'ok', (err) => err.code + ': ' + err.message);
      const out = {};
      out.notObject = await outcome(preload('gdconv.wasm'));
      out.missing = await outcome(preload({ locateFile: () => '/nonexistent/gdconv.wasm' }));
      let located = 0;
      out.named = await outcome(preload({ locateFile: () => { located += 1; return wasmPath; } }));
      const options = { accessToken: 't', baseUrl: 'http://127.0.0.1:9' };
      out.createSame = await outcome(ConversionClient.create({ ...options, locateFile: () => wasmPath }).then((c) => c.close()));
      out.createNone = await outcome(ConversionClient.create(options).then((c) => c.close()));
      out.createOther = await outcome(ConversionClient.create({ ...options, locateFile: () => '/elsewhere/gdconv.wasm' }));
      out.located = located;
      console.log(JSON.stringify(out));
    `,
    );
    assert.match(result.notObject, /^invalid_argument: the load options must be an object/);
    assert.match(result.missing, /^load_failed: could not load gdconv\.wasm/);
    assert.equal(result.named, 'ok');
    assert.equal(result.createSame, 'ok');
    assert.equal(result.createNone, 'ok');
    assert.match(result.createOther, /^invalid_argument: locateFile differs/);
    assert.equal(result.located, 1);
  });

  test('the compile begun by the import is abandoned for a first load with wasmBinary', async () => {
    // The early compile reads gdconv.wasm beside the module; a first load with other bytes must use those
    // (a module of other bytes would be refused later, so the two cannot be confused).
    const result = await run(
      'early-abandoned.mjs',
      `
      import { readFileSync } from 'node:fs';
      import { createRequire } from 'node:module';
      import { preload, ConversionClient } from 'groupdocs-conversion-wasm';
      const wasmBinary = readFileSync(createRequire(import.meta.url).resolve('groupdocs-conversion-wasm/gdconv.wasm'));
      await preload({ wasmBinary });
      const options = { accessToken: 't', baseUrl: 'http://127.0.0.1:9' };
      const outcome = (p) => p.then(() => 'ok', (err) => err.code);
      const same = await outcome(ConversionClient.create({ ...options, wasmBinary: new Uint8Array(wasmBinary) }).then((c) => c.close()));
      const other = await outcome(ConversionClient.create({ ...options, wasmBinary: wasmBinary.subarray(1) }));
      console.log(JSON.stringify({ same, other }));
    `,
    );
    assert.deepEqual(result, { same: 'ok', other: 'invalid_argument' });
  });

  test('require() has it too', async () => {
    const { preload, ConversionClient } = require('groupdocs-conversion-wasm');
    assert.equal(typeof preload, 'function');
    await preload();
    const client = await ConversionClient.create({ baseUrl: env.url, ...DEV_CREDENTIALS });
    try {
      assert.equal((await client.objectExists('preload/none')).exists, false);
    } finally {
      client.close();
    }
  });
});
