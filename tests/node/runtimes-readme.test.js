// SPDX-License-Identifier: MIT
// The README's runtime examples as written (issue 12): its Node script run by each command of its
// `readme-run` block (Node, Deno, Bun), and its Cloudflare Worker module in workerd, each in a folder where
// the packed package is installed, against the local server.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closedPort, startLocalServer } from '../support/client-env.js';
import { docBlock, docBlocks } from '../support/readme.js';
import { BIN, assertFourPagePdf, consumerFolder, credentialsEnv, runCommand } from '../support/runtimes.js';
import { startWorker } from '../support/workerd.js';

describe("the README's runtime examples, from the packed package", { timeout: 600_000 }, () => {
  let server;
  let consumer;
  let denoDir;
  let worker;

  before(async () => {
    server = await startLocalServer();
    consumer = await consumerFolder('readme');
    denoDir = await mkdtemp(join(tmpdir(), 'gdconv-readme-deno-'));
  });

  after(async () => {
    await worker?.stop();
    await consumer?.remove();
    if (denoDir) await rm(denoDir, { recursive: true, force: true });
    await server?.close();
  });

  test('the Node script, run by each command as written: Node, Deno and Bun', async () => {
    // The README's Node script: its one `node` block (docs/*.md have others).
    const script = (await docBlocks()).find((b) => b.file === 'README.md' && b.kind === 'node');
    const block = await docBlock('readme-run');
    assert.equal(block.file, 'README.md');
    await writeFile(join(consumer.dir, 'convert.mjs'), script.code);
    const commands = block.code.split('\n').filter(Boolean);
    assert.deepEqual(
      commands.map((c) => c.split(' ')[0]),
      ['node', 'deno', 'bun'],
    );
    // Deno offline: an empty cache and a registry that is not there, so the package comes from node_modules.
    const env = {
      ...credentialsEnv(server.url),
      DENO_DIR: denoDir,
      DENO_NO_UPDATE_CHECK: '1',
      NPM_CONFIG_REGISTRY: `http://127.0.0.1:${await closedPort()}/`,
    };
    for (const command of commands) {
      await rm(join(consumer.dir, 'report.pdf'), { force: true });
      const { stdout } = await runCommand('bash', ['-c', command], { cwd: consumer.dir, path: BIN.npm, env });
      assert.match(stdout, /^report\.pdf: \d+ bytes$/m, command);
      await assertFourPagePdf(await readFile(join(consumer.dir, 'report.pdf')));
    }
  });

  test('the Worker module, in workerd: a docx posted to it comes back as its PDF', async () => {
    const block = await docBlock('readme-worker');
    assert.equal(block.file, 'README.md');
    await writeFile(join(consumer.dir, 'worker.js'), block.code);
    worker = await startWorker({
      dir: consumer.dir,
      packageDir: consumer.packageDir,
      bindings: credentialsEnv(server.url),
    });
    const answer = await fetch(worker.url, { method: 'POST', body: await readFile(join(consumer.dir, 'report.docx')) });
    const bytes = new Uint8Array(await answer.arrayBuffer());
    assert.equal(answer.status, 200, `${Buffer.from(bytes).toString()}\n${worker.output()}`);
    assert.equal(answer.headers.get('content-type'), 'application/pdf');
    await assertFourPagePdf(bytes);
  });
});
