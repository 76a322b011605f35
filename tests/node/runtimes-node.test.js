// SPDX-License-Identifier: MIT
// Node 20 (the machine's) and Node 22 (npm's `node@22`, tests/runtimes/), each with `import` and `require`:
// docs/runtimes.md's Node examples, run as written in a folder where the packed package is installed
// (issue 12). They list the formats, convert report.docx to PDF and save it; the PDF must have its four pages.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startLocalServer } from '../support/client-env.js';
import { BIN, consumerFolder, credentialsEnv, docBlock, runCommand, runExample } from '../support/runtimes.js';

describe('Node 20 and 22, ESM and CommonJS, from the packed package', { timeout: 600_000 }, () => {
  let server;
  let consumer;

  before(async () => {
    server = await startLocalServer();
    consumer = await consumerFolder('node');
    await writeFile(join(consumer.dir, 'convert.mjs'), await docBlock('runtime-node-esm'));
    await writeFile(join(consumer.dir, 'convert.cjs'), await docBlock('runtime-node-cjs'));
  });

  after(async () => {
    await consumer?.remove();
    await server?.close();
  });

  for (const [runtime, expectedMajor] of [
    ['node20', 20],
    ['node22', 22],
  ]) {
    for (const script of ['convert.mjs', 'convert.cjs']) {
      test(`${runtime}: node ${script}`, async () => {
        // `node` as the docs say it, with the runtime's bin folder first on PATH.
        const path = BIN[runtime];
        const { stdout: version } = await runCommand('node', ['--version'], { cwd: consumer.dir, path });
        assert.equal(Number(/^v(\d+)\./.exec(version)[1]), expectedMajor);
        await runExample(consumer.dir, 'node', [script], { path, env: credentialsEnv(server.url) });
      });
    }
  }
});
