// SPDX-License-Identifier: MIT
// Module load → first answered request inside Node 22, Deno or Bun (bench/runtimes.js), one JSON line on
// stdout: `<runtime> runtime-child.mjs <wasm|fetch> <url>`, run in a folder where the packed package is
// installed. `wasm`: import the package by name, create a client, objectExists (its token first); `fetch`: the
// same two requests with plain fetch() (bench/plain-fetch.mjs, copied beside it; a static import, so it loads
// before the clock starts).

import { plainFetchFirstRequest } from './plain-fetch.mjs';

const [who, api] = globalThis.Deno ? globalThis.Deno.args : process.argv.slice(2);
const credentials = { clientId: 'local-dev-client', clientSecret: 'local-dev-secret' };
const t0 = performance.now();
let loadMs = 0;
let exists;
if (who === 'wasm') {
  const { ConversionClient } = await import('groupdocs-conversion-wasm');
  const client = await ConversionClient.create({ baseUrl: api, ...credentials });
  loadMs = performance.now() - t0;
  ({ exists } = await client.objectExists('bench/none'));
  client.close();
} else {
  ({ exists } = await (await plainFetchFirstRequest(api, credentials)).json());
}
console.log(JSON.stringify({ loadMs, firstRequestMs: performance.now() - t0, ok: exists === false }));
