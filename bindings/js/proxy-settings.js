// SPDX-License-Identifier: MIT
// Which proxy a Node client's request goes through (issue 12): the `proxy` option, or else the environment's
// HTTP_PROXY, HTTPS_PROXY and NO_PROXY, read as undici's EnvHttpProxyAgent reads them (nodejs/undici,
// lib/dispatcher/env-http-proxy-agent.js, the class Node's own fetch() offers), which axios's
// proxy-from-env matches in all but details:
//   - the lower-case variable wins when it is set at all (`http_proxy ?? HTTP_PROXY`), and an empty one means
//     none; HTTPS_PROXY serves https:// URLs and, when it is unset, HTTP_PROXY serves them too;
//   - NO_PROXY is a list split at commas and white space. Exactly `*` bypasses the proxy for every host. An
//     entry matches its host name and every name below it (`example.com` and `.example.com` and
//     `*.example.com` all match example.com and api.example.com), names compared without case and without a
//     trailing dot; an entry with a port (`example.com:8443`, `[::1]:8080`) matches that port alone, and the
//     URL's port is its default (80, 443) when it names none. IPv6 addresses compare without their brackets.
//     Nothing else is special: no CIDR ranges, and loopback addresses are proxied unless listed.
// Parsing is pure (no process.env inside); node-network.js makes the agents.

import { invalidArgument } from './errors.js';

/** @type {Record<string, number | undefined>} by URL scheme */
const DEFAULT_PORTS = { 'http:': 80, 'https:': 443 };

/**
 * A proxy server, as parsed from its URL: where it is, its Proxy-Authorization, and its origin without the
 * credentials (what failure texts may name).
 * @typedef {object} ProxyServer
 * @property {string} hostname  without brackets: what node:net connects to
 * @property {number} port
 * @property {string} origin     e.g. 'http://proxy.example:3128'
 * @property {string} authorization  'Basic …' from the URL's user and password, or ''
 * @property {string[]} secrets  the password and the authorization: text that must never be in an error
 */

/**
 * @typedef {object} ProxySettings
 * @property {ProxyServer | null} http   for http:// URLs
 * @property {ProxyServer | null} https  for https:// URLs (through CONNECT)
 * @property {Array<{ hostname: string, port: number }>} noProxy  bypass entries (port 0: any)
 * @property {boolean} noProxyAll  NO_PROXY is `*`
 */

/**
 * The proxies a client uses: its `proxy` option (a URL for every request, or `false` for none), or else the
 * environment's. Null when there is none.
 * @param {unknown} option the `proxy` option of ConversionClient.create
 * @param {Record<string, string | undefined>} env process.env
 * @returns {ProxySettings | null}
 */
export function readProxySettings(option, env) {
  if (option === false) return null;
  if (option !== undefined) {
    if (typeof option !== 'string' || option === '') {
      throw invalidArgument('proxy must be a proxy URL such as http://proxy.example:3128, or false for none');
    }
    // An explicit proxy serves every request; NO_PROXY is the environment's, for the environment's proxies
    // (axios does the same).
    const server = parseProxyUrl(option, 'proxy');
    return { http: server, https: server, noProxy: [], noProxyAll: false };
  }
  const httpValue = env.http_proxy ?? env.HTTP_PROXY;
  const httpsValue = env.https_proxy ?? env.HTTPS_PROXY;
  const http = httpValue ? parseProxyUrl(httpValue, env.http_proxy !== undefined ? 'http_proxy' : 'HTTP_PROXY') : null;
  const https = httpsValue
    ? parseProxyUrl(httpsValue, env.https_proxy !== undefined ? 'https_proxy' : 'HTTPS_PROXY')
    : http;
  if (!http && !https) return null;
  const noProxyValue = env.no_proxy ?? env.NO_PROXY ?? '';
  return { http, https, noProxy: parseNoProxy(noProxyValue), noProxyAll: noProxyValue === '*' };
}

/**
 * The proxy a request to `url` goes through, or null to go straight to the server.
 * @param {ProxySettings} settings
 * @param {URL} url
 * @returns {ProxyServer | null}
 */
export function proxyFor(settings, url) {
  const server = url.protocol === 'https:' ? settings.https : url.protocol === 'http:' ? settings.http : null;
  if (!server || settings.noProxyAll) return null;
  const hostname = normalHost(url.hostname);
  const port = Number.parseInt(url.port, 10) || DEFAULT_PORTS[url.protocol] || 0;
  for (const entry of settings.noProxy) {
    if (entry.port && entry.port !== port) continue;
    if (hostname === entry.hostname || hostname.endsWith(`.${entry.hostname}`)) return null;
  }
  return server;
}

/**
 * NO_PROXY's entries, as undici's #parseNoProxy reads them.
 * @param {string} value
 * @returns {Array<{ hostname: string, port: number }>}
 */
export function parseNoProxy(value) {
  const entries = [];
  for (const entry of value.split(/[,\s]/)) {
    if (!entry) continue;
    let hostname;
    let port;
    const bracketedWithPort = /^\[(.+)\]:(\d+)$/.exec(entry);
    if (bracketedWithPort) {
      hostname = bracketedWithPort[1];
      port = Number.parseInt(bracketedWithPort[2], 10);
    } else {
      // A bare IPv6 address has several colons; only `name:digits` with one colon carries a port.
      const unbracketed = entry.replace(/^\[(.+)\]$/, '$1');
      const withPort = (unbracketed.match(/:/g) ?? []).length === 1 && /^(.+):(\d+)$/.exec(unbracketed);
      hostname = withPort ? withPort[1] : unbracketed;
      port = withPort ? Number.parseInt(withPort[2], 10) : 0;
    }
    // `.example.com` and `*.example.com` are example.com and what is below it.
    entries.push({
      hostname: hostname
        .replace(/^\*?\./, '')
        .replace(/^(.+)\.$/, '$1')
        .toLowerCase(),
      port,
    });
  }
  return entries;
}

/**
 * URL userinfo, percent-decoded; as it is when it is not valid percent-encoding.
 * @param {string} text
 */
function decoded(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * A URL's host name as NO_PROXY entries are compared with it: no brackets, lower case, no trailing dot.
 * @param {string} hostname
 */
function normalHost(hostname) {
  const host = hostname.replace(/^\[(.+)\]$/, '$1').toLowerCase();
  return host.length > 1 && host.endsWith('.') ? host.slice(0, -1) : host;
}

/**
 * Parses a proxy URL. `host:port` without a scheme is taken as http:// (curl and proxy-from-env do the same).
 * Only http:// proxies: an https:// target goes through them with CONNECT. The URL itself, which may carry a
 * password, is never quoted in an error.
 * @param {string} value
 * @param {string} name the option or variable it came from, for errors
 * @returns {ProxyServer}
 */
export function parseProxyUrl(value, name) {
  let url;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
  } catch {
    throw invalidArgument(`${name} is not a URL: expected a proxy URL such as http://proxy.example:3128`);
  }
  if (url.protocol !== 'http:') {
    throw invalidArgument(
      `${name}: ${url.protocol}// proxies are not supported; use the proxy's http:// URL ` +
        '(https:// requests go through it with CONNECT)',
    );
  }
  const user = decoded(url.username);
  const password = decoded(url.password);
  const credentials = user || password ? Buffer.from(`${user}:${password}`).toString('base64') : '';
  const port = Number.parseInt(url.port, 10) || 80;
  return {
    hostname: url.hostname.replace(/^\[(.+)\]$/, '$1'),
    port,
    origin: `http://${url.host}`,
    authorization: credentials ? `Basic ${credentials}` : '',
    secrets: [password, url.password, credentials].filter((s) => s.length > 0),
  };
}
