// SPDX-License-Identifier: MIT
// A Node client's network route (issue 12; bindings/RAW_API.md, hooks.route): how each of its requests reaches
// its URL, given its `proxy` and `ca` options and the proxy environment variables (proxy-settings.js). The
// glue's Node adapter (src/transport/js/node-xhr.pre.js) asks the route for every request, redirects included,
// and hands what it says to node:http/node:https:
//   - straight to the server: nothing (Node's global agents, as without a route), or, with `ca`, an https
//     agent of the client's own that trusts those CAs;
//   - an http:// URL through a proxy: the request goes to the proxy, with the absolute URL as its target and
//     the proxy's Proxy-Authorization, over a keep-alive agent of the client's (RFC 9112 §3.2.2);
//   - an https:// URL through a proxy: a tunnel (CONNECT, RFC 9110 §9.3.6) to the server's host and port, and
//     TLS inside it, checked against the server's name and the client's CAs (or Node's, which
//     NODE_EXTRA_CA_CERTS extends). The tunnels are pooled by the agent like any keep-alive connection.
// The agents are the client's alone and are destroyed when it closes. The built-ins they need are loaded when
// a client has a route, not when the entry is imported (node-builtins.js).

import { invalidArgument } from './errors.js';
import { nodeCrypto, nodeHttp, nodeHttps, nodeTls } from './node-builtins.js';
import { DEFAULT_REQUEST_TIMEOUT_MS } from './client-options.js';
import { proxyFor, readProxySettings } from './proxy-settings.js';

// As Node 20's global agents are made (lib/_http_agent.js, lib/https.js): a request through a route keeps
// the behaviour it has without one.
/** @type {import('node:http').AgentOptions} */
const AGENT_OPTIONS = { keepAlive: true, scheduling: 'lifo', timeout: 5000 };

/**
 * @typedef {object} RouteAnswer what the Node adapter merges into a request's options
 * @property {import('node:http').RequestOptions} options  the agent, and for a proxy its address and the path
 * @property {Record<string, string>} [headers]  Host and Proxy-Authorization, for a request through a proxy
 * @property {string} [proxy]  the proxy's origin, without credentials, for failure texts
 */

/**
 * @typedef {object} NodeNetwork
 * @property {{ requestOptions: (url: URL) => RouteAnswer | null }} route  hooks.route of the RawClient
 * @property {string[]} secrets  a proxy's password and Proxy-Authorization: never in an error
 * @property {boolean} explicit  the caller passed `proxy` or `ca` (not only the environment's proxies)
 * @property {() => void} close  destroys the agents and the tunnels being opened
 */

/**
 * The network settings of a Node client, or null when Node's defaults serve: no `ca`, and no proxy (given, or
 * in the environment).
 * @param {{ proxy?: unknown, ca?: unknown, timeoutMs?: unknown }} options ConversionClient.create's
 * @param {Record<string, string | undefined>} [env]
 * @returns {NodeNetwork | null}
 */
export function createNodeNetwork(options, env = process.env) {
  const proxies = readProxySettings(options.proxy, env);
  const ca = readCa(options.ca);
  if (!proxies && !ca) return null;
  const tls = ca ? { ca } : {};
  // How long a proxy may take to answer a CONNECT that nobody waits for any more (its request timed out or
  // was aborted): the client's request timeout.
  const connectTimeoutMs = typeof options.timeoutMs === 'number' ? options.timeoutMs : DEFAULT_REQUEST_TIMEOUT_MS;

  /** @type {import('node:https').Agent | null} */
  let direct = null;
  /** @type {import('node:http').Agent | null} */
  let proxied = null;
  /** @type {Map<string, ReturnType<typeof newTunnelAgent>>} by proxy origin */
  const tunnels = new Map();

  const route = {
    /** @param {URL} url @returns {RouteAnswer | null} */
    requestOptions(url) {
      const proxy = proxies && proxyFor(proxies, url);
      if (!proxy) {
        if (url.protocol !== 'https:' || !ca) return null;
        direct ??= new (nodeHttps().Agent)({ ...AGENT_OPTIONS, ...tls });
        return { options: { agent: direct } };
      }
      if (url.protocol === 'https:') {
        let tunnel = tunnels.get(proxy.origin);
        if (!tunnel) tunnels.set(proxy.origin, (tunnel = newTunnelAgent(proxy, tls, connectTimeoutMs)));
        return { options: { agent: tunnel }, proxy: proxy.origin };
      }
      proxied ??= new (nodeHttp().Agent)(AGENT_OPTIONS);
      /** @type {Record<string, string>} */
      const headers = { host: url.host };
      if (proxy.authorization) headers['proxy-authorization'] = proxy.authorization;
      return {
        options: { agent: proxied, hostname: proxy.hostname, port: proxy.port, path: url.href },
        headers,
        proxy: proxy.origin,
      };
    },
  };

  return {
    route,
    secrets: proxies ? [...new Set([...(proxies.http?.secrets ?? []), ...(proxies.https?.secrets ?? [])])] : [],
    explicit: options.proxy !== undefined || options.ca !== undefined,
    close() {
      direct?.destroy();
      proxied?.destroy();
      for (const tunnel of tunnels.values()) tunnel.destroy();
    },
  };
}

/** @type {ReturnType<typeof defineTunnelAgent> | null} made with the first tunnel (it extends node:https's Agent) */
let TunnelAgent = null;

/**
 * A new tunnel agent (defineTunnelAgent).
 * @param {import('./proxy-settings.js').ProxyServer} proxy
 * @param {{ ca?: Array<string | Buffer> }} tls
 * @param {number} connectTimeoutMs
 */
function newTunnelAgent(proxy, tls, connectTimeoutMs) {
  TunnelAgent ??= defineTunnelAgent();
  return new TunnelAgent(proxy, tls, connectTimeoutMs);
}

/**
 * An https agent whose connections are tunnels through an HTTP proxy: CONNECT host:port, then TLS inside.
 * Node's Agent lets createConnection hand the socket over later, through its callback (Node's http docs,
 * agent.createConnection).
 */
function defineTunnelAgent() {
  return class TunnelAgent extends nodeHttps().Agent {
    #proxy;
    #connectTimeoutMs;
    /** @type {Set<import('node:http').ClientRequest>} CONNECTs not answered yet */
    #opening = new Set();

    /**
     * @param {import('./proxy-settings.js').ProxyServer} proxy
     * @param {{ ca?: Array<string | Buffer> }} tls
     * @param {number} connectTimeoutMs 0 (or less): none
     */
    constructor(proxy, tls, connectTimeoutMs) {
      super({ ...AGENT_OPTIONS, ...tls });
      this.#proxy = proxy;
      this.#connectTimeoutMs = connectTimeoutMs;
    }

    /**
     * @override
     * @param {import('node:tls').ConnectionOptions & { host: string, port: number }} options the request's, with
     *   this agent's TLS options and the server name Node chose (none for an IP address)
     * @param {(err: Error | null, socket?: import('node:stream').Duplex) => void} done
     */
    createConnection(options, done) {
      const proxy = this.#proxy;
      const authority = `${options.host.includes(':') ? `[${options.host}]` : options.host}:${options.port}`;
      /** @type {Record<string, string>} */
      const headers = { host: authority };
      if (proxy.authorization) headers['proxy-authorization'] = proxy.authorization;
      const connect = nodeHttp().request({
        hostname: proxy.hostname,
        port: proxy.port,
        method: 'CONNECT',
        path: authority,
        headers,
        agent: false,
      });
      this.#opening.add(connect);
      /** @type {NodeJS.Timeout | null} */
      let timer = null;
      const settle = () => {
        this.#opening.delete(connect);
        if (timer) clearTimeout(timer);
      };
      if (this.#connectTimeoutMs > 0) {
        timer = setTimeout(
          () => connect.destroy(tunnelError('the proxy did not answer CONNECT in time')),
          this.#connectTimeoutMs,
        );
        timer.unref();
      }
      connect.once('connect', (res, socket, head) => {
        settle();
        const status = res.statusCode ?? 0;
        if (status < 200 || status > 299) {
          socket.destroy();
          const reason = String(res.statusMessage ?? '').slice(0, 60);
          return done(tunnelError(`the proxy answered CONNECT with ${status}${reason ? ` ${reason}` : ''}`));
        }
        if (head.length > 0) socket.unshift(head);
        // TLS inside the tunnel, as https.Agent would over TCP: the same options (CAs, the server name), so the
        // certificate is checked against the server's name, not the proxy's.
        const { path: _path, ...tlsOptions } = options;
        done(null, nodeTls().connect({ ...tlsOptions, socket }));
      });
      connect.once('error', (err) => {
        settle();
        done(err);
      });
      connect.end();
      return undefined; // the socket comes through `done`
    }

    /** @override */
    destroy() {
      for (const connect of this.#opening) connect.destroy();
      this.#opening.clear();
      super.destroy();
    }
  };
}

/**
 * A CONNECT that did not give a tunnel: the request never reached the server (node-xhr.pre.js).
 * @param {string} message
 */
function tunnelError(message) {
  return Object.assign(new Error(message), { code: 'ERR_PROXY_TUNNEL' });
}

/**
 * The `ca` option: PEM certificates (a string or bytes each, one or several per item) that this client
 * trusts instead of Node's CAs, as node:tls's `ca` does. Each must hold a certificate that parses.
 * @param {unknown} ca
 * @returns {Array<string | Buffer> | null} as node:tls takes them: a Uint8Array becomes a Buffer over its bytes
 */
function readCa(ca) {
  if (ca === undefined) return null;
  const items = Array.isArray(ca) ? ca : [ca];
  if (items.length === 0) throw invalidArgument('ca must hold at least one PEM certificate');
  return items.map((item, i) => {
    const where = Array.isArray(ca) ? `ca[${i}]` : 'ca';
    let cert;
    if (typeof item === 'string') cert = item;
    else if (item instanceof Uint8Array) cert = Buffer.from(item.buffer, item.byteOffset, item.byteLength);
    else throw invalidArgument(`${where} must be a PEM certificate: a string, a Buffer or a Uint8Array`);
    const pem = typeof cert === 'string' ? cert : cert.toString('latin1');
    const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
    if (!blocks) {
      throw invalidArgument(
        `${where} holds no PEM certificate (-----BEGIN CERTIFICATE-----); pass the ` +
          "certificate's text, e.g. readFileSync('ca.pem'), not its path",
      );
    }
    for (const block of blocks) {
      try {
        new (nodeCrypto().X509Certificate)(block);
      } catch {
        throw invalidArgument(`${where} holds a PEM block that is not a valid certificate`);
      }
    }
    return cert;
  });
}
