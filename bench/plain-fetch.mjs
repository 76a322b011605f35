// SPDX-License-Identifier: MIT
// The plain-fetch column's first request, the baseline the package is measured against: a token from
// /connect/token, then objectExists('bench/none') by hand, in every place the bench times (a page, a module Web
// Worker, a Service Worker, Node 22, Deno, Bun, workerd). It uses only fetch() and nothing outside its body:
// bench/browser.js pastes its source into the Service Worker it builds (see there why).

/**
 * @param {string} api the API's base URL
 * @param {{ clientId: string, clientSecret: string }} credentials
 * @returns {Promise<Response>} the answer of GET /v2.0/conversion/storage/exist/bench/none (JSON `{ exists }`)
 */
export async function plainFetchFirstRequest(api, credentials) {
  const tokenAnswer = await fetch(`${api}/connect/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
    }),
  });
  const { access_token: token } = await tokenAnswer.json();
  return fetch(`${api}/v2.0/conversion/storage/exist/bench/none`, {
    headers: { Authorization: `Bearer ${token}` },
  });
}
