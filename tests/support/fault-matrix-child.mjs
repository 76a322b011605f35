// SPDX-License-Identifier: MIT
// Run by tests/node/reliability-secrets.test.js in a child process: the whole fault matrix with the client
// secret the parent chose, plus the auth failures a secret could leak through. Prints every error in every
// form a user's logging could give it (console.log/console.error of the error, message, stack, JSON,
// util.inspect, the cause chain); the parent searches all of this output for the secret and every token.

import { inspect } from 'node:util';
import { ConversionClient } from 'groupdocs-conversion-wasm';
import { MATRIX_CLIENT_OPTIONS, SCENARIOS, runScenario, seedStorage } from './fault-scenarios.js';
import { adminOf, errorViews, settle } from './reliability.js';

const { BASE_URL: url, CLIENT_ID: clientId, CLIENT_SECRET: clientSecret } = process.env;
const credentials = { clientId, clientSecret };
const admin = adminOf(url);
const clients = [];
const create = async (options) => {
  const client = await ConversionClient.create({ baseUrl: url, ...MATRIX_CLIENT_OPTIONS, ...options });
  clients.push(client);
  return client;
};

const ctx = {
  client: await create(credentials),
  admin,
  url,
  credentials,
  errors: [],
  providerClient: (accessToken) => create({ accessToken }),
};
const failed = [];
await seedStorage(ctx);
for (const scenario of SCENARIOS) {
  try {
    const { check } = await runScenario(ctx, scenario);
    check();
  } catch (err) {
    failed.push(scenario.name);
    ctx.errors.push(err);
  }
}

// Auth failures: the secret goes to the token endpoint, which refuses it.
const wrongId = await create({ clientId: `${clientId}-unknown`, clientSecret });
await settle(wrongId.getFilesList(''), ctx.errors);
// The tokens expire and the token endpoint keeps failing: the API's 401 then the token errors.
await ctx.client.getFilesList('');
await admin.expireTokens();
await admin.fault({ method: 'POST', path: '/connect/token', status: 503, times: -1 });
await settle(ctx.client.getFilesList(''), ctx.errors);
await admin.clearFaults();
// Aborted and timed-out calls carry a cause.
const controller = new AbortController();
const aborted = settle(
  ctx.client.convert(new Uint8Array(10), { fileName: 'x.docx', format: 'pdf', signal: controller.signal }),
  ctx.errors,
);
controller.abort(new Error('the user went away'));
await aborted;
await settle(ctx.client.getFilesList('', { signal: AbortSignal.timeout(1) }), ctx.errors);

for (const err of ctx.errors) {
  console.log(err);
  console.error(err);
  console.log(inspect(err, { depth: 10, showHidden: true, getters: true }));
  for (const view of errorViews(err)) console.log(view);
}
for (const client of clients) client.close();
console.log(JSON.stringify({ scenarios: SCENARIOS.length, failed, errors: ctx.errors.length }));
