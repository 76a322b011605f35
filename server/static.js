// SPDX-License-Identifier: MIT
// Static files beside the API, for the demo page (`npm start`, scripts/start.js) and the browser tests.
// Off unless startServer() gets `staticRoutes`; the CLI never enables it.
//
// Safety: GET and HEAD only; the path is decoded one segment at a time and a segment that is empty, `.`,
// `..`, starts with a dot, or decodes to a `/`, `\` or NUL is refused; the resolved real path (symlinks
// followed) must stay inside the route's directory. Paths under the API's own prefixes are never served,
// whatever the directory holds, so a file can never shadow /v2.0, /connect or /__admin.

import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import { ApiError, send } from './http-util.js';

/** URL prefixes that belong to the API; static routes never answer under them. */
const RESERVED = ['/v2.0', '/connect', '/__admin'];

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.cts': 'text/plain; charset=utf-8',
  '.pdf': 'application/pdf',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** @param {string} path @returns {string} */
export function contentTypeOf(path) {
  return TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** @param {string} rawPath */
function isReserved(rawPath) {
  const lower = rawPath.toLowerCase();
  return RESERVED.some((p) => lower === p || lower.startsWith(`${p}/`));
}

/**
 * Whether `GET /` should get the page rather than the health check: a browser navigating asks for HTML;
 * scripts, SDKs and health probes (Accept absent, `*∕*` or JSON) keep getting the health JSON.
 * @param {import('node:http').IncomingMessage} req
 */
export function prefersHtml(req) {
  return /(^|,)\s*text\/html\s*(;|,|$)/i.test(String(req.headers.accept ?? ''));
}

/**
 * Splits the part of a URL path after a route prefix into safe, decoded segments; null when unsafe.
 * @param {string} rest
 * @returns {string[] | null}
 */
function safeSegments(rest) {
  if (rest === '') return [];
  const parts = rest.split('/');
  const trailing = parts[parts.length - 1] === '';
  if (trailing) parts.pop();
  const out = [];
  for (const part of parts) {
    let s;
    try {
      s = decodeURIComponent(part);
    } catch {
      return null;
    }
    if (s === '' || s.startsWith('.') || /[/\\\0]/.test(s)) return null;
    out.push(s);
  }
  return out;
}

/**
 * @typedef {{ prefix: string, dir: string }} StaticRoute  `prefix` starts and ends with `/`; `dir` is a
 *   directory (absolute, or relative to the current directory)
 */

/**
 * Checks the routes and resolves their directories once, at start-up.
 * @param {StaticRoute[]} routes
 * @returns {Promise<(ctx: import('./http-util.js').RequestContext) => Promise<boolean>>} serves the request
 *   and resolves true, or resolves false when no static route and file match (the caller answers 404)
 */
export async function createStaticHandler(routes) {
  if (!Array.isArray(routes)) throw new TypeError('staticRoutes must be an array of { prefix, dir }');
  const table = [];
  for (const route of routes) {
    const { prefix, dir } = route ?? {};
    if (typeof prefix !== 'string' || !prefix.startsWith('/') || !prefix.endsWith('/')) {
      throw new TypeError(`staticRoutes: prefix must start and end with "/", got ${JSON.stringify(prefix)}`);
    }
    if (isReserved(prefix.replace(/\/$/, '') || '/')) {
      throw new TypeError(`staticRoutes: ${prefix} is reserved for the API`);
    }
    let root;
    try {
      root = await realpath(dir);
      if (!(await stat(root)).isDirectory()) throw new Error('not a directory');
    } catch (e) {
      throw new Error(`staticRoutes: ${prefix} → ${dir} is not a readable directory (${e.code ?? e.message})`);
    }
    table.push({ prefix, root });
  }
  table.sort((a, b) => b.prefix.length - a.prefix.length); // the longest prefix wins

  return async function serveStatic(ctx) {
    const { rawPath, method } = ctx;
    if (isReserved(rawPath)) return false;
    const route = table.find((r) => rawPath.startsWith(r.prefix) || `${rawPath}/` === r.prefix);
    if (!route) return false;
    const segments = safeSegments(rawPath.slice(route.prefix.length));
    if (!segments) throw new ApiError(404, 'NotFound', `No file at ${rawPath}.`);
    const file = await resolveFile(route.root, segments, rawPath.endsWith('/'));
    if (!file) return false;
    if (file.redirect) {
      if (method !== 'GET' && method !== 'HEAD') return false;
      send(ctx, 301, { 'Content-Type': 'text/plain; charset=utf-8', Location: `${rawPath}/` }, Buffer.from('Moved\n'));
      return true;
    }
    if (method !== 'GET' && method !== 'HEAD') {
      throw new ApiError(405, 'MethodNotAllowed', `${method} is not allowed here; use GET or HEAD.`, {
        headers: { Allow: 'GET, HEAD, OPTIONS' },
      });
    }
    const etag = `W/"${file.size.toString(16)}-${Math.floor(file.mtimeMs).toString(16)}"`;
    const headers = {
      'Content-Type': contentTypeOf(file.path),
      'Cache-Control': 'no-cache',
      ETag: etag,
      'Last-Modified': new Date(file.mtimeMs).toUTCString(),
      'X-Content-Type-Options': 'nosniff',
    };
    if (ctx.req.headers['if-none-match'] === etag) {
      send(ctx, 304, headers, Buffer.alloc(0));
      return true;
    }
    send(ctx, 200, headers, await readFile(file.path));
    return true;
  };
}

/**
 * The regular file the segments name inside root (a directory gives its index.html, when the URL ends
 * in `/`; otherwise a redirect to the URL with `/`), or null.
 * @param {string} root a real path
 * @param {string[]} segments
 * @param {boolean} slash whether the URL ends in `/`
 */
async function resolveFile(root, segments, slash) {
  let path = join(root, ...segments);
  let info = await stat(path).catch(() => null);
  if (!info) return null;
  if (info.isDirectory()) {
    if (!slash) return { redirect: true };
    path = join(path, 'index.html');
    info = await stat(path).catch(() => null);
    if (!info) return null;
  }
  if (!info.isFile()) return null;
  // A symlink inside the directory must not lead outside it.
  const real = await realpath(path).catch(() => null);
  if (!real || !(real === root || real.startsWith(root.endsWith(sep) ? root : root + sep))) return null;
  return { path: real, size: info.size, mtimeMs: info.mtimeMs };
}
