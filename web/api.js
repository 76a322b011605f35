// What the page asks the network for itself: tokens from the token endpoint, and the list of target formats.
// Everything else (upload, convert, poll, download) goes through the package's ConversionClient.

/** An error of the page's own requests, with a code that messages.js turns into plain words. */
export class PageError extends Error {
  /**
   * @param {'token_unreachable' | 'token_refused' | 'token_unreadable' | 'api_unreachable' | 'formats_failed'} code
   * @param {string} message technical detail (shown under "Technical details")
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
    throw new PageError('token_refused', `POST ${tokenUrl}: HTTP ${res.status} ${firstLine(text)}`, { status: res.status, url: tokenUrl });
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
    throw new PageError('token_unreadable', `POST ${tokenUrl}: the answer holds no token`, { status: res.status, url: tokenUrl });
  }
  return token;
}

/** Seconds until a JWT's `exp`, or null for an opaque token. No signature check: display and caching only. */
export function secondsLeft(token) {
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    return typeof payload.exp === 'number' ? Math.round(payload.exp - Date.now() / 1000) : null;
  } catch {
    return null;
  }
}

/** One token for the page's own requests, fetched again shortly before it expires or after a 401. */
export class TokenCache {
  #token = null;
  #pending = null;

  constructor(tokenUrl) {
    this.tokenUrl = tokenUrl;
  }

  /** A token that is still good for a minute, fetching one if needed. */
  async get() {
    const left = this.#token && secondsLeft(this.#token);
    if (this.#token && (left === null || left > 60)) return this.#token;
    return this.refresh();
  }

  /** Always a new token (shared by concurrent callers). */
  refresh() {
    this.#pending ??= fetchToken(this.tokenUrl)
      .then((token) => {
        this.#token = token;
        return token;
      })
      .finally(() => {
        this.#pending = null;
      });
    return this.#pending;
  }
}

/**
 * The target formats the API converts a source format to (GET /v2.0/conversion/formats?format=).
 * TODO(getSupportedConversionTypes): call `client.getSupportedConversionTypes({ format })` once the facade
 * has that method, and drop this request and the page's own token handling for it.
 * @param {{ baseUrl: string, tokens: TokenCache, sourceFormat: string, signal?: AbortSignal }} args
 * @returns {Promise<string[]>}
 */
export async function supportedTargets({ baseUrl, tokens, sourceFormat, signal }) {
  const url = `${baseUrl}/v2.0/conversion/formats?format=${encodeURIComponent(sourceFormat)}`;
  for (let attempt = 0; ; attempt += 1) {
    const token = attempt === 0 ? await tokens.get() : await tokens.refresh();
    let res;
    try {
      res = await fetch(url, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' }, signal });
    } catch (e) {
      if (signal?.aborted) throw e;
      throw new PageError('api_unreachable', `GET ${url}: ${e.message}`, { url, cause: e });
    }
    if (res.status === 401 && attempt === 0) continue; // expired or from another server: one fresh token
    const body = await res.json().catch(() => null);
    if (!res.ok || !Array.isArray(body)) {
      const text = body?.error?.message ?? body?.message ?? `HTTP ${res.status}`;
      throw new PageError('formats_failed', `GET ${url}: ${text}`, { status: res.status, url });
    }
    const targets = body
      .filter((entry) => String(entry?.sourceFormat).toLowerCase() === sourceFormat)
      .flatMap((entry) => (Array.isArray(entry.targetFormats) ? entry.targetFormats : []))
      .map((f) => String(f).toLowerCase());
    return [...new Set(targets)].sort();
  }
}

function firstLine(text) {
  return String(text).split('\n')[0].slice(0, 200);
}
