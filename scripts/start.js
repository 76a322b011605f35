#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// `npm start` (after set-up and build): the local server with the demo page beside the API.
//   /              web/ (index.html for browsers; scripts and health probes still get the health JSON)
//   /dist/         the built package (dist/index.web.mjs, gdconv.wasm) the page imports
//   /demo/token    POST: a token minted server-side with the server's credentials, so the page holds no secret
//   /v2.0, /connect/token   the API, as `npm run server` serves it
// Takes the server's flags and environment (node scripts/start.js --help); Ctrl-C stops it (exit 0).

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runServerProcess, storageLine } from '../server/run.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * The options that add the demo page and its token route to the server's own options.
 * @param {{ clientId: string, clientSecret: string }} credentials what /demo/token exchanges for a token
 * @param {{ apiBaseUrl?: string }} [extra] the API that mints tokens, when it is not this server
 * @returns {{ staticRoutes: { prefix: string, dir: string }[], demoToken: object }}
 */
export function demoPageOptions({ clientId, clientSecret }, { apiBaseUrl } = {}) {
  return {
    staticRoutes: [
      { prefix: '/', dir: join(ROOT, 'web') },
      { prefix: '/dist/', dir: join(ROOT, 'dist') },
    ],
    demoToken: { path: '/demo/token', baseUrl: apiBaseUrl, clientId, clientSecret },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runServerProcess({
    name: 'npm start',
    argv: process.argv.slice(2),
    env: process.env,
    precondition: () =>
      existsSync(join(ROOT, 'dist', 'index.web.mjs'))
        ? undefined
        : 'dist/ is not built; run `npm run build` first (npm start does it for you).',
    extraOptions: (options) => demoPageOptions(options),
    banner: (server, options, shownSecret) => [
      '',
      `  Open the demo page:  ${server.url}/`,
      '',
      `  API base URL:   ${server.url}   (token: POST ${server.url}/connect/token)`,
      `  client id:      ${options.clientId}`,
      `  client secret:  ${shownSecret}`,
      `  page tokens:    POST ${server.url}/demo/token (minted here; the page never sees the secret)`,
      `  storage:        ${storageLine(options)}`,
      '',
      '  Press Ctrl-C to stop.',
      '',
    ],
  }).catch((e) => {
    process.stderr.write(`npm start: cannot start: ${e.message}\n`);
    process.exit(1);
  });
}
