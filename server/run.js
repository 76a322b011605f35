// SPDX-License-Identifier: MIT
// The process side shared by the server's CLI (server/cli.js) and `npm start` (scripts/start.js): parse the
// flags, start the server, print what a person needs, and shut down cleanly on SIGINT/SIGTERM.
// Exit codes: 0 after a clean shutdown, 1 when it cannot start (or stop), 2 on a usage error (the public
// development secret on a non-loopback host included). Log lines go to stderr, in --log-format.

import { DEV_CLIENT_SECRET, isLoopbackHost, resolveServerOptions, startServer, UsageError, USAGE } from './index.js';
import { createLogWriter, defaultLogFormat } from './log-format.js';

/**
 * @param {object} how
 * @param {string} how.name the command's name, for messages
 * @param {string[]} how.argv
 * @param {Record<string, string | undefined>} how.env
 * @param {(options: object) => object} [how.extraOptions] more startServer() options, from the resolved ones
 * @param {(server: { url: string }, options: object, shownSecret: string) => string[]} how.banner the lines to print once up
 * @param {() => string | undefined} [how.precondition] a reason not to start, if any
 */
export async function runServerProcess({ name, argv, env, extraOptions = () => ({}), banner, precondition }) {
  let options;
  try {
    options = resolveServerOptions(argv, env);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`${name}: ${e.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return;
  }
  const reason = precondition?.();
  if (reason) {
    process.stderr.write(`${name}: ${reason}\n`);
    process.exit(1);
  }

  // Handlers go in before anything is printed: a supervisor (or a test) may signal as soon as it sees the
  // banner, and a signal during start-up must still shut down cleanly once the server is up.
  let stopping = false;
  const logger = createLogWriter(options.logFormat ?? defaultLogFormat(process.stderr), (line) =>
    process.stderr.write(`${line}\n`),
  );
  const started = startServer({
    ...options,
    ...extraOptions(options),
    log: logger.message,
    requestLog: logger.request,
  });
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    logger.message(`${signal}: shutting down`);
    try {
      await (await started).close();
      process.exit(0);
    } catch (e) {
      logger.message(`shutdown failed: ${e.message}`);
      process.exit(1);
    }
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  let server;
  try {
    server = await started;
  } catch (e) {
    // A refusal to start as configured (the dev secret on a network) is a usage error, without the usage.
    process.stderr.write(`${name}: ${e instanceof UsageError ? '' : 'cannot start: '}${e.message}\n`);
    process.exit(e instanceof UsageError ? 2 : 1);
  }
  // The dev secret is public by design; a configured secret is never printed.
  const shownSecret = options.clientSecret === DEV_CLIENT_SECRET ? options.clientSecret : '(as configured; not shown)';
  const lines = banner(server, options, shownSecret);
  if (options.faults) lines.push(`  fault injection: ON at ${server.url}/__admin (tests only)`);
  process.stdout.write(`${lines.join('\n')}\n`);
  if (options.faults && !isLoopbackHost(options.host)) {
    logger.message('warning: --faults with a non-loopback --host lets anyone on the network reset this server');
  }
}

/** The storage line both banners print. */
export function storageLine(options) {
  return options.dataDir ? `on disk in ${options.dataDir}` : 'in memory (lost on exit)';
}
