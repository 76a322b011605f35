#!/usr/bin/env node
// `npm start` (after set-up and build): the local server with the demo page beside the API.
//   /              web/ (index.html for browsers; scripts and health probes still get the health JSON)
//   /dist/         the built package (dist/index.web.mjs, gdconv.mjs, gdconv.wasm) the page imports
//   /demo/token    POST: a token minted server-side with the server's credentials, so the page holds no secret
//   /v2.0, /connect/token   the API, as `npm run server` serves it
// Takes the server's flags and environment (node scripts/start.js --help); Ctrl-C stops it (exit 0).

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEV_CLIENT_SECRET, resolveServerOptions, startServer, UsageError, USAGE } from '../server/index.js';

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

async function main(argv, env) {
  let options;
  try {
    options = resolveServerOptions(argv, env);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`npm start: ${e.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return;
  }
  if (!existsSync(join(ROOT, 'dist', 'index.web.mjs'))) {
    process.stderr.write('npm start: dist/ is not built; run `npm run build` first (npm start does it for you).\n');
    process.exit(1);
  }
  const server = await startServer({
    ...options,
    ...demoPageOptions(options),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  // The dev secret is public by design; a configured secret is never printed.
  const secret = options.clientSecret === DEV_CLIENT_SECRET ? options.clientSecret : '(as configured; not shown)';
  process.stdout.write([
    '',
    `  Open the demo page:  ${server.url}/`,
    '',
    `  API base URL:   ${server.url}   (token: POST ${server.url}/connect/token)`,
    `  client id:      ${options.clientId}`,
    `  client secret:  ${secret}`,
    `  page tokens:    POST ${server.url}/demo/token (minted here; the page never sees the secret)`,
    `  storage:        ${options.dataDir ? `on disk in ${options.dataDir}` : 'in memory (lost on exit)'}`,
    ...(options.faults ? [`  fault injection: ON at ${server.url}/__admin (tests only)`] : []),
    '',
    '  Press Ctrl-C to stop.',
    '',
  ].join('\n'));

  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${signal}: shutting down\n`);
    try {
      await server.close();
      process.exit(0);
    } catch (e) {
      process.stderr.write(`shutdown failed: ${e.message}\n`);
      process.exit(1);
    }
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2), process.env).catch((e) => {
    process.stderr.write(`npm start: cannot start: ${e.message}\n`);
    process.exit(1);
  });
}
