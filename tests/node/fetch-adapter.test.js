// SPDX-License-Identifier: MIT
// The fetch() adapter (src/transport/js/fetch-xhr.pre.js), the XMLHttpRequest that the web glue builds where a
// runtime has none (Deno, Bun, workerd, Service Workers), held to the same standard as Node's own transport:
// the whole fault matrix (tests/support/fault-scenarios.js) runs through it here, in Node, whose lack of
// XMLHttpRequest makes the web entry use it. Then what the matrix does not cover: progress in both directions,
// and a large upload and download that arrive intact (the body contract's heap and file paths).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEV_CREDENTIALS, startLocalServer } from '../support/local-server.js';
import { MATRIX_CLIENT_OPTIONS, SCENARIOS, runScenario, seedStorage } from '../support/fault-scenarios.js';
import { ROOT } from '../support/packed.js';
import { sha256 } from '../support/reliability.js';

const dist = join(ROOT, 'dist');
const { ConversionClient } = await import(pathToFileURL(join(dist, 'index.web.mjs')).href);
// Outside a browser the web glue cannot fetch its file: URL: the bytes are handed over, as a user would.
const wasmBinary = await readFile(join(dist, 'gdconv.wasm'));

describe('the fetch() adapter', () => {
  let env;
  let ctx;
  const extraClients = [];

  before(async () => {
    assert.equal(typeof globalThis.XMLHttpRequest, 'undefined', 'Node has no XMLHttpRequest: the adapter is used');
    env = await startLocalServer({ converter: 'fake', faults: true });
    const client = await ConversionClient.create({
      baseUrl: env.url,
      ...DEV_CREDENTIALS,
      ...MATRIX_CLIENT_OPTIONS,
      wasmBinary,
    });
    ctx = {
      client,
      admin: env.admin,
      url: env.url,
      credentials: DEV_CREDENTIALS,
      errors: [],
      async providerClient(accessToken) {
        const extra = await ConversionClient.create({
          baseUrl: env.url,
          accessToken,
          ...MATRIX_CLIENT_OPTIONS,
          wasmBinary,
        });
        extraClients.push(extra);
        return extra;
      },
    };
    await seedStorage(ctx);
  });

  after(async () => {
    ctx?.client.close();
    for (const c of extraClients) c.close();
    await env?.close();
  });

  describe('the fault matrix', () => {
    for (const scenario of SCENARIOS) {
      test(scenario.name, async () => {
        const { check } = await runScenario(ctx, scenario);
        check();
      });
    }
  });

  test('8 MiB up and down intact, with upload and download progress', async () => {
    await env.admin.clearFaults();
    const bytes = new Uint8Array(8 << 20);
    for (let i = 0; i < bytes.length; i += 997) bytes[i] = (i * 2654435761) >>> 24;
    const events = [];
    const onProgress = (e) => events.push(e);
    await ctx.client.uploadFile('adapter/big.bin', bytes, { onProgress });
    const upload = events.filter((e) => e.type === 'upload' && e.loaded !== undefined);
    // fetch() reports no upload progress while the body goes: one event for the whole body, once it is sent.
    assert.ok(upload.length >= 1, JSON.stringify(events));
    assert.ok(upload.at(-1).loaded >= bytes.length, JSON.stringify(upload.at(-1)));
    events.length = 0;
    const back = await ctx.client.downloadFile('adapter/big.bin', { onProgress });
    assert.equal(back.length, bytes.length);
    assert.equal(sha256(back), sha256(bytes));
    const download = events.filter((e) => e.type === 'download' && e.loaded !== undefined);
    assert.ok(download.length > 1, `the body arrives in pieces, each a progress event: ${download.length}`);
    assert.equal(download.at(-1).loaded, bytes.length);
  });

  test('a Blob is uploaded as it is', async () => {
    const text = 'a Blob, sent by fetch() as a part of the multipart body';
    await ctx.client.uploadFile('adapter/blob.txt', new Blob([text]));
    assert.equal(new TextDecoder().decode(await ctx.client.downloadFile('adapter/blob.txt')), text);
  });
});
