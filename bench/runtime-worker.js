// SPDX-License-Identifier: MIT
// The Worker module of bench/runtimes.js's workerd row. GET /first: with WHO=wasm it imports this package,
// creates a client and asks objectExists (its token first); with WHO=fetch plain fetch() makes the same two
// requests (bench/plain-fetch.mjs; its workerd config lists no package at all). workerd loads both modules at its
// start, which is timed in both columns: plain-fetch.mjs, a few hundred bytes, is in the wasm one's start too.

import { plainFetchFirstRequest } from './plain-fetch.mjs';

export default {
  async fetch(request, env) {
    if (new URL(request.url).pathname !== '/first') return new Response('ready');
    const credentials = { clientId: env.CLIENT_ID, clientSecret: env.CLIENT_SECRET };
    if (env.WHO === 'wasm') {
      const { ConversionClient } = await import('groupdocs-conversion-wasm');
      const client = await ConversionClient.create({ baseUrl: env.API, ...credentials });
      try {
        return Response.json(await client.objectExists('bench/none'));
      } finally {
        client.close();
      }
    }
    return plainFetchFirstRequest(env.API, credentials);
  },
};
