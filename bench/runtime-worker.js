// SPDX-License-Identifier: MIT
// The Worker module of bench/runtimes.js's workerd row. GET /first: with WHO=wasm it imports this package,
// creates a client and asks objectExists (its token first); with WHO=fetch plain fetch() makes the same two
// requests (and its workerd config lists no package at all).

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
    const tokenAnswer = await fetch(`${env.API}/connect/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: credentials.clientId,
        client_secret: credentials.clientSecret,
      }),
    });
    const { access_token: token } = await tokenAnswer.json();
    return fetch(`${env.API}/v2.0/conversion/storage/exist/bench/none`, {
      headers: { Authorization: `Bearer ${token}` },
    });
  },
};
