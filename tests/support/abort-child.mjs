// SPDX-License-Identifier: MIT
// A user's script, run by tests/node/reliability-abort.test.js in a child process: starts one call, aborts
// it when the parent sends SIGUSR2 (once the server shows the call in the state under test), prints the
// rejection and ends WITHOUT process.exit and without client.close(), so the process only exits if aborting
// left no socket, timer or promise of the client's alive.

import { ConversionClient } from 'groupdocs-conversion-wasm';

const { BASE_URL, CALL, ACCESS_TOKEN, OPERATION_ID } = process.env;
// No retry deadline: a wait the server asks for (Retry-After) is waited out in full, however long.
const retry = { deadlineMs: 0 };
const client = await ConversionClient.create(
  ACCESS_TOKEN
    ? { baseUrl: BASE_URL, accessToken: ACCESS_TOKEN, retry }
    : { baseUrl: BASE_URL, clientId: 'local-dev-client', clientSecret: 'local-dev-secret', retry },
);
const controller = new AbortController();
process.once('SIGUSR2', () => controller.abort());
const doc = new TextEncoder().encode('FAKEDOC pages=1 abort me');
const calls = {
  convert: () => client.convert(doc, { format: 'pdf', fileName: 'doc.docx', signal: controller.signal }),
  waitForOperation: () => client.waitForOperation(OPERATION_ID, { signal: controller.signal }),
};
try {
  await calls[CALL]();
  console.log(JSON.stringify({ resolved: true }));
} catch (err) {
  console.log(JSON.stringify({ code: err.code, name: err.name }));
}
