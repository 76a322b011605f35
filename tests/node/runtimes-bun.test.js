// SPDX-License-Identifier: MIT
// Bun 1 (npm's `bun`): docs/runtimes.md's Bun example run as written in a folder where the packed package is
// installed (issue 12), then the transport's failures: a timeout, a refused connection and an abort are told
// apart, and leave nothing pending.

import { after, before, describe, test } from 'node:test';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startLocalServer } from '../support/client-env.js';
import { RUNTIME, consumerFolder, credentialsEnv, docBlock, runExample } from '../support/runtimes.js';
import { checkTransportIn } from '../support/runtime-transport.js';

describe('Bun 1, from the packed package', { timeout: 600_000 }, () => {
  let server;
  let consumer;

  before(async () => {
    server = await startLocalServer({ faults: true });
    consumer = await consumerFolder('bun');
  });

  after(async () => {
    await consumer?.remove();
    await server?.close();
  });

  test('the example: bun convert.js', async () => {
    await writeFile(join(consumer.dir, 'convert.js'), await docBlock('runtime-bun'));
    await runExample(consumer.dir, 'bun', ['convert.js'], { env: credentialsEnv(server.url) });
  });

  test('timeout, refused connection and abort are told apart, and the process exits by itself', async () => {
    await checkTransportIn({ server, folder: consumer.dir, runtime: RUNTIME.bun });
  });
});
