// SPDX-License-Identifier: MIT
// Cloudflare Workers (npm's `workerd`): docs/runtimes.md's Worker module run as written, importing the packed
// package by name (issue 12). workerd forbids compiling WebAssembly from bytes and eval: the package's workerd
// entry imports gdconv.wasm as a module and its glue has no dynamic code. The test posts a docx to the Worker,
// which lists the formats, converts it through the local server and answers with the PDF.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startLocalServer } from '../support/client-env.js';
import { assertFourPagePdf, consumerFolder, credentialsEnv, docBlock } from '../support/runtimes.js';
import { startWorker } from '../support/workerd.js';

describe('Cloudflare Workers (workerd), from the packed package', { timeout: 600_000 }, () => {
  let server;
  let consumer;
  let worker;

  before(async () => {
    server = await startLocalServer();
    consumer = await consumerFolder('workerd');
    await writeFile(join(consumer.dir, 'worker.js'), await docBlock('runtime-workerd'));
    worker = await startWorker({
      dir: consumer.dir,
      packageDir: consumer.packageDir,
      bindings: credentialsEnv(server.url),
    });
  });

  after(async () => {
    await worker?.stop();
    await consumer?.remove();
    await server?.close();
  });

  test('the Worker loads the workerd entry and its .wasm as a module', () => {
    assert.equal(worker.entry, 'dist/index.workerd.mjs');
    assert.ok(worker.modules.includes('dist/gdconv.wasm'), worker.modules.join(' '));
    // The web glue, in the chunk the Deno, Bun and workerd entries share (build-dist.mjs).
    assert.ok(
      worker.modules.some((m) => /^dist\/chunk-\w+\.mjs$/.test(m)),
      worker.modules.join(' '),
    );
  });

  test('a docx posted to the Worker comes back as its PDF', async () => {
    const answer = await fetch(worker.url, { method: 'POST', body: await readFile(join(consumer.dir, 'report.docx')) });
    const bytes = new Uint8Array(await answer.arrayBuffer());
    assert.equal(answer.status, 200, `${Buffer.from(bytes).toString()}\n${worker.output()}`);
    assert.equal(answer.headers.get('content-type'), 'application/pdf');
    await assertFourPagePdf(bytes);
  });

  test('a second request reuses the module the first one loaded', async () => {
    const answer = await fetch(worker.url, { method: 'POST', body: await readFile(join(consumer.dir, 'report.docx')) });
    assert.equal(answer.status, 200, worker.output());
    await assertFourPagePdf(new Uint8Array(await answer.arrayBuffer()));
  });
});
