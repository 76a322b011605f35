// SPDX-License-Identifier: MIT
// A real HTTP proxy for the client's proxy tests: the npm `proxy` package (TooTallNate's, a devDependency at
// an exact version) on 127.0.0.1 and a free port, which forwards absolute-form requests and opens CONNECT
// tunnels, and counts both, so a test can tell which way each request went.

import { createServer } from 'node:http';
import { createProxy } from 'proxy';

/**
 * @typedef {object} TestProxy
 * @property {string} url        'http://127.0.0.1:PORT'
 * @property {string[]} requests the absolute URLs of the plain requests it forwarded (or refused)
 * @property {string[]} connects the host:port of each CONNECT it was asked for
 * @property {() => void} reset  forgets what it counted
 * @property {() => Promise<void>} close
 */

/**
 * @param {{ user?: string, password?: string }} [auth] when given, the proxy answers 407 to any request without
 *   this Basic Proxy-Authorization
 * @returns {Promise<TestProxy>}
 */
export async function startTestProxy(auth) {
  const server = createProxy(createServer());
  const requests = [];
  const connects = [];
  server.on('request', (req) => requests.push(req.url));
  server.on('connect', (req) => connects.push(req.url));
  // Every client connection, tunnels included (Node's server lets go of those once they are CONNECTed).
  const sockets = new Set();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  if (auth) {
    const expected = `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`;
    server.authenticate = (req) => req.headers['proxy-authorization'] === expected;
  }
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    connects,
    reset() {
      requests.length = 0;
      connects.length = 0;
    },
    async close() {
      const closed = new Promise((resolve) => server.close(resolve));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
