// SPDX-License-Identifier: MIT
// The fault matrix (tests/support/fault-scenarios.js) through the real wasm client against the local
// server's fault injection: each fault ends recovered or in the exact typed error, the journal shows what
// was (and was not) sent again, and no file in storage is lost or corrupted. The server converts with the
// fake converter (tests/support/fake-converter.js): faults are about HTTP, and a real conversion would only
// make each scenario seconds slower.

import { after, before, describe, test } from 'node:test';
import { ConversionClient } from 'groupdocs-conversion-wasm';
import { DEV_CREDENTIALS } from '../support/client-env.js';
import { MATRIX_CLIENT_OPTIONS, SCENARIOS, runScenario, seedStorage } from '../support/fault-scenarios.js';
import { useClient } from '../support/local-server.js';

describe('fault matrix: every injected fault, through the wasm client', () => {
  const env = useClient({ converter: 'fake', faults: true, client: MATRIX_CLIENT_OPTIONS });
  const extraClients = [];
  let ctx;

  before(async () => {
    ctx = {
      client: env.client,
      admin: env.admin,
      url: env.url,
      credentials: DEV_CREDENTIALS,
      errors: [],
      async providerClient(accessToken) {
        const extra = await ConversionClient.create({ baseUrl: env.url, accessToken, ...MATRIX_CLIENT_OPTIONS });
        extraClients.push(extra);
        return extra;
      },
    };
    await seedStorage(ctx);
  });

  after(() => {
    for (const c of extraClients) c.close();
  });

  for (const scenario of SCENARIOS) {
    test(scenario.name, async () => {
      const { check } = await runScenario(ctx, scenario);
      check();
    });
  }
});
