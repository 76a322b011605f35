// SPDX-License-Identifier: MIT
// A user's script, run by tests/node/reliability-abort.test.js in a child process: starts one call, aborts
// it after ABORT_AFTER_MS, prints the rejection and ends WITHOUT process.exit and without client.close(),
// so the process only exits if aborting left no socket, timer or promise of the client's alive.

import { ConversionClient } from 'groupdocs-conversion-wasm';

const { BASE_URL, CALL, ABORT_AFTER_MS, ACCESS_TOKEN } = process.env;
const client = await ConversionClient.create(ACCESS_TOKEN
  ? { baseUrl: BASE_URL, accessToken: ACCESS_TOKEN }
  : { baseUrl: BASE_URL, clientId: 'local-dev-client', clientSecret: 'local-dev-secret' });
const controller = new AbortController();
const doc = new TextEncoder().encode('FAKEDOC pages=1 abort me');
const calls = {
  convert: () => client.convert(doc, { format: 'pdf', fileName: 'doc.docx', signal: controller.signal }),
  waitForOperation: () => client.waitForOperation(process.env.OPERATION_ID, { signal: controller.signal }),
};
let abortedAt = 0;
setTimeout(() => {
  abortedAt = Date.now();
  controller.abort();
}, Number(ABORT_AFTER_MS));
try {
  await calls[CALL]();
  console.log(JSON.stringify({ resolved: true }));
} catch (err) {
  const at = Date.now();
  console.log(JSON.stringify({ code: err.code, name: err.name, at, sinceAbortMs: at - abortedAt }));
}
