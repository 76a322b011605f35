// SPDX-License-Identifier: MIT
// Deno 2 (npm's `deno`): docs/runtimes.md's Deno example run as written, with the `npm:` specifier and with a
// plain import, in a folder where the packed package is installed (issue 12). Deno must resolve `npm:` from
// node_modules, offline: its npm registry is pointed at a closed port and its cache is empty. Then the
// transport's failures: a timeout, a refused connection and an abort are told apart, and leave nothing pending.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closedPort, startLocalServer } from '../support/client-env.js';
import { RUNTIME, consumerFolder, credentialsEnv, docBlock, runExample } from '../support/runtimes.js';
import { checkTransportIn } from '../support/runtime-transport.js';

describe('Deno 2, from the packed package', { timeout: 600_000 }, () => {
  let server;
  let consumer;
  let denoDir;
  let offline;

  before(async () => {
    server = await startLocalServer({ faults: true });
    consumer = await consumerFolder('deno');
    denoDir = await mkdtemp(join(tmpdir(), 'gdconv-deno-dir-'));
    // An empty cache and a registry that is not there: whatever Deno resolves comes from node_modules.
    offline = {
      DENO_DIR: denoDir,
      NPM_CONFIG_REGISTRY: `http://127.0.0.1:${await closedPort()}/`,
      DENO_NO_UPDATE_CHECK: '1',
    };
  });

  after(async () => {
    await consumer?.remove();
    if (denoDir) await rm(denoDir, { recursive: true, force: true });
    await server?.close();
  });

  const runDenoExample = async (code) => {
    await writeFile(join(consumer.dir, 'convert.js'), code);
    const command = (await docBlock('runtime-deno-run')).trim();
    await runExample(consumer.dir, 'bash', ['-c', command], { env: { ...credentialsEnv(server.url), ...offline } });
  };

  test('the example with the npm: specifier, resolved offline from node_modules', async () => {
    const code = await docBlock('runtime-deno');
    assert.match(code, /from 'npm:groupdocs-conversion-wasm'/);
    await runDenoExample(code);
  });

  test('the example with a plain import from node_modules', async () => {
    await runDenoExample(
      (await docBlock('runtime-deno')).replace("'npm:groupdocs-conversion-wasm'", "'groupdocs-conversion-wasm'"),
    );
  });

  test('timeout, refused connection and abort are told apart, and the process exits by itself', async () => {
    await checkTransportIn({
      server,
      folder: consumer.dir,
      runtime: RUNTIME.deno,
      args: ['run', '--allow-net=127.0.0.1'],
      env: offline,
    });
  });
});
