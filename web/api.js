// SPDX-License-Identifier: MIT
// What the page asks the network for itself: access tokens from the token endpoint (its backend). Everything
// else goes through the package's ConversionClient, which calls `fetchToken` whenever it needs a token.

/** An error of the token endpoint, with a code that messages.js turns into plain words. */
export class PageError extends Error {
  /**
   * @param {'token_unreachable' | 'token_refused' | 'token_unreadable'} code
   * @param {string} message technical detail (shown under "Technical details"); never holds a token
   * @param {{ status?: number, url?: string, cause?: unknown }} [extra]
   */
  constructor(code, message, extra = {}) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'PageError';
    this.code = code;
    this.status = extra.status ?? 0;
    this.url = extra.url ?? '';
  }
}

/**
 * Asks the token endpoint for a token: POST, answered with JSON `{ access_token }` or the token as text.
 * @param {string} tokenUrl
 * @returns {Promise<string>}
 */
export async function fetchToken(tokenUrl) {
  let res;
  try {
    res = await fetch(tokenUrl, { method: 'POST', headers: { Accept: 'application/json, text/plain' } });
  } catch (e) {
    throw new PageError('token_unreachable', `POST ${tokenUrl}: ${e.message}`, { url: tokenUrl, cause: e });
  }
  const text = await res.text().catch(() => '');
  if (!res.ok) {
    throw new PageError('token_refused', `POST ${tokenUrl}: HTTP ${res.status} ${firstLine(text)}`, {
      status: res.status,
      url: tokenUrl,
    });
  }
  let token = text.trim();
  if (/json/i.test(res.headers.get('content-type') ?? '') || token.startsWith('{')) {
    try {
      const json = JSON.parse(token);
      token = json.access_token ?? json.accessToken ?? json.token;
    } catch {
      token = undefined;
    }
  }
  if (typeof token !== 'string' || token === '' || /\s/.test(token)) {
    throw new PageError('token_unreadable', `POST ${tokenUrl}: the answer holds no token`, {
      status: res.status,
      url: tokenUrl,
    });
  }
  return token;
}

/** Seconds until a JWT's `exp`, or null for an opaque token. No signature check: for display only. */
export function secondsLeft(token) {
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    return typeof payload.exp === 'number' ? Math.round(payload.exp - Date.now() / 1000) : null;
  } catch {
    return null;
  }
}

/**
 * The target formats the API converts a source format to, sorted.
 * @param {any} client a ConversionClient
 * @param {string} sourceFormat e.g. 'docx'
 * @param {AbortSignal} [signal]
 * @returns {Promise<string[]>}
 */
export async function supportedTargets(client, sourceFormat, signal) {
  const table = await client.getSupportedConversionTypes({ format: sourceFormat, signal });
  const targets = (Array.isArray(table) ? table : [])
    .filter((entry) => String(entry?.sourceFormat).toLowerCase() === sourceFormat)
    .flatMap((entry) => (Array.isArray(entry.targetFormats) ? entry.targetFormats : []))
    .map((f) => String(f).toLowerCase());
  return [...new Set(targets)].sort();
}

function firstLine(text) {
  return String(text).split('\n')[0].slice(0, 200);
}
