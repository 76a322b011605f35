#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// groupdocs-local-server: starts the local GroupDocs.Conversion Cloud–compatible server.
// Prints the base URL and the dev credentials; exits 0 on SIGINT/SIGTERM after a clean shutdown,
// 2 on a usage error, 1 when it cannot start.

import { runServerProcess, storageLine } from './run.js';

runServerProcess({
  name: 'groupdocs-local-server',
  argv: process.argv.slice(2),
  env: process.env,
  banner: (server, options, shownSecret) => [
    `GroupDocs.Conversion Cloud–compatible local server listening on ${server.url}`,
    `  API base URL:  ${server.url}/v2.0   (token: POST ${server.url}/connect/token)`,
    `  client id:     ${options.clientId}`,
    `  client secret: ${shownSecret}`,
    `  storage:       ${storageLine(options)}`,
  ],
}).catch((e) => {
  process.stderr.write(`groupdocs-local-server: cannot start: ${e.message}\n`);
  process.exit(1);
});
