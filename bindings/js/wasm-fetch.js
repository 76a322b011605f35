// SPDX-License-Identifier: MIT
// gdconv.wasm fetched and compiled by the web entry itself rather than by the glue (issue 13): the glue would
// start only when the first client is created, where the entry starts as it is imported (loader.js, `early`).
// A page that passes locateFile or wasmBinary in the task of its import aborts the fetch before it is sent.
// Compiled as it downloads (WebAssembly.compileStreaming) when it is served as application/wasm, which
// streaming compilation requires; from its bytes when a server sends another type.

/**
 * @param {URL} url gdconv.wasm beside the entry: `new URL('gdconv.wasm', import.meta.url)` where the entry
 *   calls this, which is the form bundlers (Vite, webpack, esbuild) recognise and rewrite to the asset they emit
 * @param {AbortSignal} signal
 * @returns {Promise<WebAssembly.Module>}
 */
export async function fetchAndCompile(url, signal) {
  const response = await fetch(url, { credentials: 'same-origin', signal });
  if (!response.ok) throw new Error(`${url.href} answered ${response.status} ${response.statusText}`.trim());
  const type = (response.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/wasm' && typeof WebAssembly.compileStreaming === 'function') {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

/**
 * Whether the entry can fetch gdconv.wasm before it is asked to: only over http(s) (Node's fetch() reads no
 * file: URL; the web entry there needs wasmBinary), and only where fetch() exists.
 * @param {URL} url
 */
export const canFetchEarly = (url) => /^https?:$/.test(url.protocol) && typeof fetch === 'function';
