// SPDX-License-Identifier: MIT
// The server as a process (server/run.js, as server/cli.js runs it: flags, environment, log, signals) with the
// fake converter, for the tests of what only a process shows: its log lines on stderr, its exit on SIGTERM.
// Prints `listening on <url>` on stdout once up. With FAKE_HOLD=1 every conversion prints `converting` on
// stdout and then waits until a line `release` arrives on stdin: a test holds a conversion in flight without
// any clock.

import { createInterface } from 'node:readline';
import { runServerProcess } from '../../server/run.js';
import { createFakeConverter } from './fake-converter.js';

const fake = createFakeConverter();
if (process.env.FAKE_HOLD === '1') {
  fake.gate = new Promise((resolve) => {
    createInterface({ input: process.stdin }).on('line', (line) => {
      if (line.trim() === 'release') resolve();
    });
  });
  const convert = fake.convert;
  fake.convert = (job) => {
    process.stdout.write('converting\n');
    return convert(job);
  };
}

runServerProcess({
  name: 'fake-server-child',
  argv: process.argv.slice(2),
  env: process.env,
  extraOptions: () => ({ converter: fake }),
  banner: (server) => [`listening on ${server.url}`],
}).catch((e) => {
  process.stderr.write(`fake-server-child: ${e.stack}\n`);
  process.exit(1);
});
