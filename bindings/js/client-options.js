// SPDX-License-Identifier: MIT
// The options of ConversionClient.create: checked here, before the wasm module loads, and turned into the
// config the core's RawClient takes (bindings/RAW_API.md): the base URL, the credentials or the token
// provider, and the reliability defaults (reliability.js).

import { invalidArgument } from './errors.js';
import { checkCallback, isObject } from './checks.js';
import { readClientReliability } from './reliability.js';

const DEFAULT_BASE_URL = 'https://api.groupdocs.cloud';

/**
 * @param {unknown} options ConversionClient.create's argument
 * @returns {{ baseUrl: string, clientId: string, clientSecret: string, tokenProvider: boolean,
 *   timeoutMs: number, retry?: object }} the core's config
 */
export function readOptions(options) {
  if (!isObject(options)) {
    throw invalidArgument('ConversionClient.create(options): options must be an object');
  }
  const { clientId, clientSecret, accessToken } = options;
  const hasCredentials = clientId !== undefined || clientSecret !== undefined;
  if (hasCredentials && accessToken !== undefined) {
    throw invalidArgument('pass either clientId + clientSecret or accessToken, not both');
  }
  if (accessToken !== undefined) {
    if (!(typeof accessToken === 'function' || (typeof accessToken === 'string' && accessToken !== ''))) {
      throw invalidArgument('accessToken must be a non-empty string or a function returning one');
    }
  } else if (typeof clientId !== 'string' || clientId === '' ||
             typeof clientSecret !== 'string' || clientSecret === '') {
    throw invalidArgument(
      'pass clientId and clientSecret (Node, a trusted backend) or accessToken (a token or a function ' +
      'that fetches one from your backend)');
  }
  // The loader checks them too; here the message names create().
  checkCallback(options.locateFile, 'ConversionClient.create({ locateFile })');
  const { wasmBinary } = options;
  if (wasmBinary !== undefined && !(wasmBinary instanceof ArrayBuffer || ArrayBuffer.isView(wasmBinary))) {
    throw invalidArgument('ConversionClient.create({ wasmBinary }) must be an ArrayBuffer or a Uint8Array');
  }
  return {
    baseUrl: readBaseUrl(options.baseUrl),
    clientId: accessToken === undefined ? clientId : '',
    clientSecret: accessToken === undefined ? clientSecret : '',
    tokenProvider: accessToken !== undefined,
    ...readClientReliability(options),
  };
}

function readBaseUrl(baseUrl = DEFAULT_BASE_URL) {
  let url;
  try {
    url = new URL(baseUrl);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash) {
    throw invalidArgument(`baseUrl must be an http(s) origin such as ${DEFAULT_BASE_URL}, got ${String(baseUrl)}`);
  }
  // The API paths are appended to it (…/connect/token, …/v2.0/…): no trailing slash, so no '//'.
  return url.href.replace(/\/+$/, '');
}
