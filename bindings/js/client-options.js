// SPDX-License-Identifier: MIT
// The options of ConversionClient.create turned into the config the core's RawClient takes
// (bindings/RAW_API.md): where the tokens come from is decided here (client credentials, or `accessToken`
// through the core's token provider hook); the base URL and the reliability defaults go as they are, and the
// core checks them (src/core/config.cpp).

import { invalidArgument } from './errors.js';
import { isObject } from './checks.js';

/** Per-request timeout when the caller sets none: long enough for a large upload on a slow link, short
 *  enough that a connection that went silent (no FIN, no data) cannot hang a call forever. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 300_000;

/**
 * @param {unknown} options ConversionClient.create's argument
 * @returns {Record<string, unknown>} the core's config
 */
export function readOptions(options) {
  if (!isObject(options)) {
    throw invalidArgument('ConversionClient.create(options): options must be an object');
  }
  const {
    baseUrl,
    clientId,
    clientSecret,
    accessToken,
    timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS,
    maxRetries,
    retry,
  } = options;
  const hasCredentials = clientId !== undefined || clientSecret !== undefined;
  if (hasCredentials && accessToken !== undefined) {
    throw invalidArgument('pass either clientId + clientSecret or accessToken, not both');
  }
  if (accessToken !== undefined) {
    if (!(typeof accessToken === 'function' || (typeof accessToken === 'string' && accessToken !== ''))) {
      throw invalidArgument('accessToken must be a non-empty string or a function returning one');
    }
    return { baseUrl, tokenProvider: true, timeoutMs, maxRetries, retry };
  }
  if (!hasCredentials) {
    throw invalidArgument(
      'pass clientId and clientSecret (Node, a trusted backend) or accessToken (a token or a function ' +
        'that fetches one from your backend)',
    );
  }
  return { baseUrl, clientId, clientSecret, timeoutMs, maxRetries, retry };
}

/**
 * The client's network settings: made by the platform where it has any (Node: bindings/js/node-network.js,
 * from `proxy`, `ca` and the proxy environment variables). Elsewhere `proxy` and `ca` are refused rather than
 * ignored: the runtime's own fetch() or XMLHttpRequest makes the requests, with its own proxy and CA settings.
 * @template T
 * @param {import('../index.js').ConversionClientOptions} options ConversionClient.create's argument (an object:
 *   readOptions checked)
 * @param {((options: import('../index.js').ConversionClientOptions) => T) | undefined} makeNetwork the platform's
 * @returns {T | null}
 */
export function readNetwork(options, makeNetwork) {
  if (makeNetwork) return makeNetwork(options);
  for (const name of /** @type {const} */ (['proxy', 'ca'])) {
    if (options[name] !== undefined) {
      throw invalidArgument(
        `${name} is an option of the Node entry; here the runtime's own fetch() or ` +
          'XMLHttpRequest makes the requests, with its own proxy and certificate settings',
      );
    }
  }
  return null;
}
