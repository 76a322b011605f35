// SPDX-License-Identifier: MIT
// The container files (issue 20 item 8), without Docker (this machine has none): the Dockerfile is linted for
// what the issue asks (Debian 12 slim with Node 20, the engines scripts/setup.sh installs, a user without
// privileges, a HEALTHCHECK on /health, no secret or key baked in), and its CMD and HEALTHCHECK are run on the
// host as the container would run them; compose.yaml runs two replicas on one volume behind the balancer of
// deploy/nginx.conf and demands a secret.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startServerProcess } from '../support/server-process.js';

const run = promisify(execFile);
const ROOT = new URL('../../', import.meta.url);
const read = (path) => readFile(new URL(path, ROOT), 'utf8');
// Packages scripts/setup.sh installs for building and testing, not for converting.
const DEVELOPMENT_ONLY = new Set(
  'emscripten nlohmann-json3-dev cmake ninja-build g++ libgtest-dev googletest clang libclang-rt-14-dev clang-tidy clang-format chromium openssl'.split(
    ' ',
  ),
);

/** The Dockerfile as [instruction, argument] pairs, continuation lines joined, comments left out. */
async function dockerfile() {
  const text = (await read('Dockerfile')).replace(/\\\n/g, ' ');
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [, instruction, argument] = /^(\w+)\s+(.*)$/.exec(line);
      return [instruction.toUpperCase(), argument.replace(/\s+/g, ' ')];
    });
}

/** An exec-form argument (`["node", "x"]`) as its array. */
const execForm = (argument) => JSON.parse(argument.slice(argument.indexOf('[')));

test('Dockerfile: Debian 12 slim with Node 20, the engines, no root, a health check, no secret', async () => {
  const steps = await dockerfile();
  const all = (name) => steps.filter(([i]) => i === name).map(([, a]) => a);
  assert.deepEqual(all('FROM'), ['node:20-bookworm-slim'], 'the official Node 20 image on Debian 12 slim');

  const setup = (await read('scripts/setup.sh')).match(/apt_packages=\(([\s\S]*?)\n\)/)[1];
  const wanted = setup
    .split('\n')
    .flatMap((line) => line.replace(/#.*/, '').trim().split(/\s+/))
    .filter((pkg) => pkg && !DEVELOPMENT_ONLY.has(pkg));
  const installed = all('RUN')
    .join(' ')
    .match(/apt-get install (.*?)(&&|$)/)[1]
    .split(' ')
    .filter((word) => word && !word.startsWith('-'));
  for (const pkg of wanted) assert.ok(installed.includes(pkg), `the image installs ${pkg}, as scripts/setup.sh does`);
  assert.match(all('RUN').join(' '), /rm -rf \/var\/lib\/apt\/lists/);

  const [user] = all('USER');
  assert.ok(user && !['root', '0'].includes(user), 'runs as a user without privileges');
  assert.ok(all('RUN').some((a) => a.includes(`useradd`) && a.includes(user)));

  for (const [instruction, argument] of steps) {
    if (['ENV', 'ARG', 'LABEL'].includes(instruction))
      assert.doesNotMatch(argument, /SECRET|SIGNING|PASSWORD|TOKEN|KEY/i, `${instruction} ${argument}`);
  }
  assert.doesNotMatch(await read('Dockerfile'), /local-dev-secret/);

  const [health] = all('HEALTHCHECK');
  assert.match(health, /CMD \[/);
  assert.match(health, /127\.0\.0\.1:8080\/health/);
  const [cmd] = all('CMD');
  assert.deepEqual(execForm(cmd).slice(0, 2), ['node', 'server/cli.js']);
  assert.ok(execForm(cmd).includes('--data'));
  assert.deepEqual(
    (await read('.dockerignore'))
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .slice(0, 4),
    ['*', '!package.json', '!package-lock.json', '!server/'],
    'the build context is the server and the lockfile only',
  );
});

test("Dockerfile: its CMD and HEALTHCHECK, run on the host, start a healthy server; without a secret it won't start", async () => {
  const steps = await dockerfile();
  const cmd = execForm(steps.find(([i]) => i === 'CMD')[1]);
  const health = execForm(steps.find(([i]) => i === 'HEALTHCHECK')[1]);
  const data = await mkdtemp(join(tmpdir(), 'gdcw-image-'));
  const cwd = new URL('../../', import.meta.url).pathname;
  const script = join(cwd, cmd[1]);
  const withArg = (args, flag, value) => args.map((a, i) => (args[i - 1] === flag ? value : a));
  try {
    // No secret: the public development one is refused on 0.0.0.0 before anything listens.
    const refused = startServerProcess(script, withArg(cmd.slice(2), '--data', data));
    assert.equal(await refused.exited, 2);
    assert.match(refused.stderr(), /--client-secret/);
    assert.match(refused.stderr(), /GROUPDOCS_SERVER_CLIENT_SECRET/);

    // With the secret compose passes, on a free port (and loopback: tests talk to 127.0.0.1 only).
    let args = withArg(cmd.slice(2), '--data', data);
    args = withArg(withArg(args, '--port', '0'), '--host', '127.0.0.1');
    const server = startServerProcess(script, args, { env: { GROUPDOCS_SERVER_CLIENT_SECRET: 'compose-secret' } });
    try {
      const url = await server.url();
      const port = new URL(url).port;
      const check = health.slice(1).map((a) => a.replace('127.0.0.1:8080', `127.0.0.1:${port}`));
      await assert.doesNotReject(run(health[0], check), 'the HEALTHCHECK command succeeds');
      assert.equal((await fetch(`${url}/health`)).status, 200);
    } finally {
      await server.terminate();
    }
  } finally {
    await rm(data, { recursive: true, force: true });
  }
});

test('compose.yaml: two replicas on one volume behind the balancer, and a secret demanded', async () => {
  const compose = await read('compose.yaml');
  assert.match(compose, /^ {2}server:\n {4}build: \.$/m);
  assert.match(compose, /replicas: 2/);
  assert.match(compose, /- data:\/data/, 'the replicas share the data volume');
  assert.match(compose, /GROUPDOCS_SERVER_CLIENT_SECRET: \$\{GROUPDOCS_SERVER_CLIENT_SECRET:\?/, 'no secret, no start');
  assert.doesNotMatch(compose, /local-dev-secret|SIGNING_KEY/);
  assert.match(compose, /^ {2}balancer:\n {4}image: nginx:/m);
  assert.match(compose, /condition: service_healthy/);
  assert.match(compose, /\.\/deploy\/nginx\.conf:\/etc\/nginx\/nginx\.conf:ro/);
  const nginx = await read('deploy/nginx.conf');
  assert.match(nginx, /server server:8080;/);
  assert.match(nginx, /client_max_body_size 0;/);
});
