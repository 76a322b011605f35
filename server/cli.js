#!/usr/bin/env node
// groupdocs-local-server: starts the local GroupDocs.Conversion Cloud–compatible server.
// Prints the base URL and the dev credentials; exits 0 on SIGINT/SIGTERM after a clean shutdown,
// 2 on a usage error, 1 when it cannot start.

import { resolveServerOptions, startServer, UsageError, USAGE, DEV_CLIENT_SECRET } from './index.js';

/**
 * @param {string[]} argv
 * @param {Record<string, string | undefined>} env
 */
async function main(argv, env) {
  let options;
  try {
    options = resolveServerOptions(argv, env);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`groupdocs-local-server: ${e.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return;
  }
  // Handlers go in before anything is printed: a supervisor (or a test) may signal as soon as it sees the
  // banner, and a signal during start-up must still shut down cleanly once the server is up.
  let stopping = false;
  const started = startServer({ ...options, log: (line) => process.stderr.write(`${line}\n`) });
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${signal}: shutting down\n`);
    try {
      await (await started).close();
      process.exit(0);
    } catch (e) {
      process.stderr.write(`shutdown failed: ${e.message}\n`);
      process.exit(1);
    }
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  const server = await started;
  // The dev secret is public by design; a configured secret is never printed.
  const secret = options.clientSecret === DEV_CLIENT_SECRET ? options.clientSecret : '(as configured; not shown)';
  process.stdout.write([
    `GroupDocs.Conversion Cloud–compatible local server listening on ${server.url}`,
    `  API base URL:  ${server.url}/v2.0   (token: POST ${server.url}/connect/token)`,
    `  client id:     ${options.clientId}`,
    `  client secret: ${secret}`,
    `  storage:       ${options.dataDir ? `on disk in ${options.dataDir}` : 'in memory (lost on exit)'}`,
    ...(options.faults ? [`  fault injection: ON at ${server.url}/__admin (tests only)`] : []),
    '',
  ].join('\n'));
  if (options.faults && !['127.0.0.1', 'localhost', '::1'].includes(options.host)) {
    process.stderr.write('warning: --faults with a non-loopback --host lets anyone on the network reset this server\n');
  }
}

main(process.argv.slice(2), process.env).catch((e) => {
  process.stderr.write(`groupdocs-local-server: cannot start: ${e.message}\n`);
  process.exit(1);
});
