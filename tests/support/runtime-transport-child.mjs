// SPDX-License-Identifier: MIT
// Run inside a runtime under test (Deno, Bun) from a folder where the packed package is installed, by
// tests/node/runtimes-deno.test.js and runtimes-bun.test.js: the transport's failures there. Its arguments:
// the server's URL (whose fault rules the test set) and a closed port. It prints one JSON line per check and
// ends without close() or exit: aborting and failing must leave nothing pending, so the runtime exits by
// itself (a pending promise or open request would keep it alive, or make Deno report an unsettled top-level
// await).

import { ConversionClient } from 'groupdocs-conversion-wasm';

const [baseUrl, closedPort] = globalThis.Deno ? globalThis.Deno.args : process.argv.slice(2);
const credentials = { clientId: 'local-dev-client', clientSecret: 'local-dev-secret' };
const report = (check, err) =>
  console.log(
    JSON.stringify({
      check,
      code: err?.code ?? 'resolved',
      name: err?.name,
      status: err?.status,
      message: err?.message,
    }),
  );

const client = await ConversionClient.create({ baseUrl, ...credentials, maxRetries: 0 });

// The answer comes after 30 s (the test's fault rule): each request may take 300 ms.
await client.getFilesList('slow', { requestTimeoutMs: 300 }).then(
  () => report('timeout'),
  (err) => report('timeout', err),
);

// Nothing listens there.
const nowhere = await ConversionClient.create({
  baseUrl: `http://127.0.0.1:${closedPort}`,
  ...credentials,
  maxRetries: 0,
});
await nowhere.getFilesList('any').then(
  () => report('network'),
  (err) => report('network', err),
);

// The upload is answered after 30 s: aborted 200 ms in.
const controller = new AbortController();
setTimeout(() => controller.abort(), 200);
await client
  .uploadFile('abort/doc.docx', new TextEncoder().encode('FAKEDOC pages=1'), { signal: controller.signal })
  .then(
    () => report('abort'),
    (err) => report('abort', err),
  );
