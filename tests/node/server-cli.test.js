// SPDX-License-Identifier: MIT
// The server CLI (server/cli.js, bin `groupdocs-local-server`): flags and environment variables through
// resolveServerOptions, usage errors (exit 2), --port 0, the start-up banner and clean shutdown on
// SIGINT/SIGTERM (exit 0).

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';
import { isLoopbackHost, resolveServerOptions, startServer, UsageError } from '../../server/index.js';
import { createFakeConverter } from '../support/fake-converter.js';
import { getToken, request } from '../support/server.js';

const CLI = fileURLToPath(new URL('../../server/cli.js', import.meta.url));
const START = fileURLToPath(new URL('../../scripts/start.js', import.meta.url));
const MiB = 1024 * 1024;

describe('resolveServerOptions', () => {
  test('defaults', () => {
    const o = resolveServerOptions([], {});
    assert.equal(o.port, 8080);
    assert.equal(o.host, '127.0.0.1');
    assert.equal(o.dataDir, undefined);
    assert.equal(o.clientId, 'local-dev-client');
    assert.equal(o.clientSecret, 'local-dev-secret');
    assert.equal(o.tokenLifetimeSeconds, 3600);
    assert.equal(o.maxUploadBytes, 512 * MiB);
    assert.equal(o.quotaBytes, 2048 * MiB);
    assert.equal(o.workers, availableParallelism());
    assert.equal(o.conversionTimeoutMs, 120000);
    assert.equal(o.maxQueue, 100);
    assert.equal(o.queueTimeoutMs, 300000);
    assert.equal(o.metrics, false);
    assert.equal(o.faults, false);
    assert.deepEqual(o.storageNames, []);
    assert.equal(o.sandbox, true);
    assert.equal(o.headersTimeoutMs, 60000);
    assert.equal(o.requestTimeoutMs, 300000);
    assert.equal(o.keepAliveTimeoutMs, 5000);
    assert.equal(o.shutdownGraceMs, 30000);
    assert.equal(o.logFormat, undefined);
    assert.equal(o.allowDevCredentials, false);
    assert.equal(o.help, false);
  });

  test('every flag', () => {
    const o = resolveServerOptions(
      [
        '--port',
        '0',
        '--host',
        '0.0.0.0',
        '--data',
        '/tmp/d',
        '--client-id',
        'id',
        '--client-secret',
        'secret',
        '--signing-key',
        'k',
        '--token-lifetime-seconds',
        '60',
        '--max-upload-bytes',
        '10MiB',
        '--quota-bytes',
        '1G',
        '--workers',
        '3',
        '--conversion-timeout-ms',
        '5000',
        '--max-queue',
        '8',
        '--restart-after',
        '5',
        '--engine-memory-mb',
        '900',
        '--idle-shutdown-ms',
        '60000',
        '--max-inflated-bytes',
        '1GiB',
        '--fonts',
        '/tmp/fonts',
        '--queue-timeout-ms',
        '0',
        '--metrics',
        '--storage',
        'week',
        '--storage',
        'other',
        '--faults',
        '--no-sandbox',
        '--log-format',
        'JSON',
        '--headers-timeout-ms',
        '1000',
        '--request-timeout-ms',
        '2000',
        '--keep-alive-timeout-ms',
        '3000',
        '--shutdown-grace-ms',
        '4000',
        '--allow-dev-credentials',
      ],
      {},
    );
    assert.deepEqual(
      { ...o },
      {
        port: 0,
        host: '0.0.0.0',
        dataDir: '/tmp/d',
        clientId: 'id',
        clientSecret: 'secret',
        signingKey: 'k',
        tokenLifetimeSeconds: 60,
        maxUploadBytes: 10 * MiB,
        quotaBytes: 1024 * MiB,
        workers: 3,
        conversionTimeoutMs: 5000,
        maxQueue: 8,
        restartAfter: 5,
        engineMemoryMb: 900,
        idleShutdownMs: 60000,
        maxInflatedBytes: 1024 * MiB,
        fontsDir: '/tmp/fonts',
        queueTimeoutMs: 0,
        metrics: true,
        storageNames: ['week', 'other'],
        faults: true,
        sandbox: false,
        logFormat: 'json',
        headersTimeoutMs: 1000,
        requestTimeoutMs: 2000,
        keepAliveTimeoutMs: 3000,
        shutdownGraceMs: 4000,
        allowDevCredentials: true,
        help: false,
      },
    );
  });

  test('environment variables, and flags win over them', () => {
    const env = {
      GROUPDOCS_SERVER_PORT: '9000',
      GROUPDOCS_SERVER_HOST: '::1',
      GROUPDOCS_SERVER_DATA: '/data',
      GROUPDOCS_SERVER_CLIENT_ID: 'env-id',
      GROUPDOCS_SERVER_CLIENT_SECRET: 'env-secret',
      GROUPDOCS_SERVER_SIGNING_KEY: 'env-key',
      GROUPDOCS_SERVER_TOKEN_LIFETIME_SECONDS: '30',
      GROUPDOCS_SERVER_MAX_UPLOAD_BYTES: '1024',
      GROUPDOCS_SERVER_QUOTA_BYTES: '2048',
      GROUPDOCS_SERVER_WORKERS: '1',
      GROUPDOCS_SERVER_CONVERSION_TIMEOUT_MS: '1000',
      GROUPDOCS_SERVER_STORAGES: 'a, b',
      GROUPDOCS_SERVER_FAULTS: '1',
      GROUPDOCS_SERVER_NO_SANDBOX: '1',
      GROUPDOCS_SERVER_LOG_FORMAT: 'text',
      GROUPDOCS_SERVER_HEADERS_TIMEOUT_MS: '100',
      GROUPDOCS_SERVER_REQUEST_TIMEOUT_MS: '0',
      GROUPDOCS_SERVER_KEEP_ALIVE_TIMEOUT_MS: '300',
      GROUPDOCS_SERVER_SHUTDOWN_GRACE_MS: '0',
      GROUPDOCS_SERVER_ALLOW_DEV_CREDENTIALS: '1',
    };
    const o = resolveServerOptions([], env);
    assert.deepEqual(
      [
        o.port,
        o.host,
        o.dataDir,
        o.clientId,
        o.clientSecret,
        o.signingKey,
        o.tokenLifetimeSeconds,
        o.maxUploadBytes,
        o.quotaBytes,
        o.workers,
        o.conversionTimeoutMs,
        o.storageNames,
        o.faults,
        o.sandbox,
        o.logFormat,
        o.headersTimeoutMs,
        o.requestTimeoutMs,
        o.keepAliveTimeoutMs,
        o.shutdownGraceMs,
        o.allowDevCredentials,
      ],
      [
        ...[9000, '::1', '/data', 'env-id', 'env-secret', 'env-key', 30, 1024, 2048, 1, 1000, ['a', 'b'], true, false],
        ...['text', 100, 0, 300, 0, true],
      ],
    );
    const f = resolveServerOptions(['--port', '1234', '--client-id', 'flag-id', '--storage', 'c'], env);
    assert.equal(f.port, 1234);
    assert.equal(f.clientId, 'flag-id');
    assert.deepEqual(f.storageNames, ['c']);
    assert.equal(resolveServerOptions([], { GROUPDOCS_SERVER_FAULTS: 'no' }).faults, false);
    assert.equal(resolveServerOptions([], { GROUPDOCS_SERVER_NO_SANDBOX: 'no' }).sandbox, true);
  });

  test('unknown flags and bad values are UsageErrors', () => {
    for (const argv of [
      ['--nope'],
      ['--port', 'abc'],
      ['--port', '70000'],
      ['--workers', '0'],
      ['--max-upload-bytes', '12XB'],
      ['--token-lifetime-seconds', '-1'],
      ['positional'],
      ['--host', ''],
      ['--log-format', 'xml'],
      ['--headers-timeout-ms', '0'],
      ['--shutdown-grace-ms', '-5'],
      ['--headers-timeout-ms', '400000'],
    ]) {
      assert.throws(
        () => resolveServerOptions(argv, {}),
        (e) => e instanceof UsageError && !/property must be/.test(e.message),
        argv.join(' '),
      );
    }
    assert.throws(() => resolveServerOptions([], { GROUPDOCS_SERVER_PORT: 'x' }), UsageError);
    assert.throws(
      () => resolveServerOptions(['--headers-timeout-ms', '5000', '--request-timeout-ms', '4000'], {}),
      /--headers-timeout-ms \(5000\) must not be longer than --request-timeout-ms \(4000\)/,
    );
    assert.equal(
      resolveServerOptions(['--headers-timeout-ms', '400000', '--request-timeout-ms', '0'], {}).requestTimeoutMs,
      0,
    );
  });

  test('--help', () => {
    assert.equal(resolveServerOptions(['--help'], {}).help, true);
    assert.equal(resolveServerOptions(['-h'], {}).help, true);
  });
});

/**
 * Runs the CLI; resolves once `until` matches stdout (or on exit).
 * @returns {Promise<{ child: import('node:child_process').ChildProcess, stdout: () => string, stderr: () => string, exited: Promise<number> }>}
 */
function runCli(args, { until, env = {}, script = CLI } = {}) {
  const child = spawn(process.execPath, [script, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const done = () => resolve({ child, stdout: () => out, stderr: () => err, exited });
    child.stdout.on('data', (c) => {
      out += c;
      if (until && until.test(out)) done();
    });
    child.stderr.on('data', (c) => {
      err += c;
    });
    child.on('error', reject);
    exited.then(done);
  });
}

describe('server/cli.js', () => {
  test("is executable with a node shebang, and is the server package's bin", async () => {
    const text = await readFile(CLI, 'utf8');
    assert.ok(text.startsWith('#!/usr/bin/env node\n'));
    assert.ok((await stat(CLI)).mode & 0o111);
    const server = JSON.parse(await readFile(new URL('../../server/package.json', import.meta.url), 'utf8'));
    assert.equal(server.name, 'groupdocs-conversion-local-server');
    assert.equal(server.bin['groupdocs-local-server'], 'cli.js');
    const root = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8'));
    assert.equal(root.bin['groupdocs-local-server'], undefined, 'the client package does not install it');
    assert.equal(root.scripts.server, 'node server/cli.js');
  });

  test('an unknown flag prints the usage and exits 2', async () => {
    const run = await runCli(['--bogus']);
    assert.equal(await run.exited, 2);
    assert.match(run.stderr(), /Unknown option '--bogus'/);
    assert.match(run.stderr(), /Usage: groupdocs-local-server/);
  });

  test('--help prints the usage and exits 0', async () => {
    const run = await runCli(['--help']);
    assert.equal(await run.exited, 0);
    assert.match(run.stdout(), /--port N/);
  });

  for (const signal of ['SIGTERM', 'SIGINT']) {
    test(`--port 0 prints the real URL and dev credentials, serves, and exits 0 on ${signal}`, async () => {
      const run = await runCli(['--port', '0', '--workers', '1'], { until: /client secret: .*\n/ });
      try {
        const url = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(run.stdout())?.[1];
        assert.ok(url, run.stdout() + run.stderr());
        assert.notEqual(/:(\d+)$/.exec(url)[1], '0');
        assert.match(run.stdout(), /client id: +local-dev-client/);
        assert.match(run.stdout(), /client secret: +local-dev-secret/);
        const token = await getToken(url);
        assert.equal((await request(url, { path: '/v2.0/conversion/license', token })).status, 200);
        run.child.kill(signal);
        assert.equal(await run.exited, 0);
        await assert.rejects(request(url, { path: '/' }));
      } finally {
        run.child.kill('SIGKILL');
      }
    });
  }

  test('a configured secret is never printed', async () => {
    const run = await runCli(['--port', '0', '--workers', '1'], {
      until: /client secret: .*\n/,
      env: { GROUPDOCS_SERVER_CLIENT_ID: 'ci-id', GROUPDOCS_SERVER_CLIENT_SECRET: 'super-secret-value' },
    });
    try {
      assert.match(run.stdout(), /client id: +ci-id/);
      assert.ok(!run.stdout().includes('super-secret-value'));
      assert.match(run.stdout(), /not shown/);
      run.child.kill('SIGTERM');
      assert.equal(await run.exited, 0);
      assert.ok(!run.stderr().includes('super-secret-value'));
    } finally {
      run.child.kill('SIGKILL');
    }
  });

  test('a port in use is a clear start-up failure, exit 1', async () => {
    const first = await runCli(['--port', '0', '--workers', '1'], { until: /client secret: .*\n/ });
    try {
      const port = /127\.0\.0\.1:(\d+)/.exec(first.stdout())[1];
      const second = await runCli(['--port', port, '--workers', '1']);
      assert.equal(await second.exited, 1);
      assert.match(second.stderr(), /cannot start: .*EADDRINUSE/);
    } finally {
      first.child.kill('SIGTERM');
      await first.exited;
    }
  });
});

describe('credentials on a network (issue 20 item 6)', () => {
  test('loopback is 127.0.0.0/8, ::1 and localhost; anything else is a network', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]', '::ffff:127.0.0.1'])
      assert.equal(isLoopbackHost(host), true, host);
    for (const host of ['0.0.0.0', '::', '192.168.1.10', '10.0.0.1', 'example.org', '128.0.0.1', '::ffff:10.0.0.1'])
      assert.equal(isLoopbackHost(host), false, host);
  });

  const SECRET_MESSAGE = /--client-secret.*GROUPDOCS_SERVER_CLIENT_SECRET.*--allow-dev-credentials/s;

  for (const [what, script] of [
    ['the CLI', CLI],
    ['npm start (scripts/start.js)', START],
  ]) {
    test(`${what}: --host 0.0.0.0 with the development secret exits 2 before listening`, async () => {
      const run = await runCli(['--host', '0.0.0.0', '--port', '0', '--workers', '1'], { script });
      assert.equal(await run.exited, 2, run.stderr());
      assert.match(run.stderr(), SECRET_MESSAGE);
      assert.doesNotMatch(run.stdout(), /listening|Open the demo page/);
    });
  }

  test('the development secret given explicitly, through the environment, is refused as well', async () => {
    const run = await runCli(['--port', '0', '--workers', '1'], {
      env: { GROUPDOCS_SERVER_HOST: '::', GROUPDOCS_SERVER_CLIENT_SECRET: 'local-dev-secret' },
    });
    assert.equal(await run.exited, 2, run.stderr());
    assert.match(run.stderr(), SECRET_MESSAGE);
  });

  test('a secret of its own: starts on 0.0.0.0 without a warning', async () => {
    const run = await runCli(['--host', '0.0.0.0', '--port', '0', '--workers', '1'], {
      until: /client secret: .*\n/,
      env: { GROUPDOCS_SERVER_CLIENT_SECRET: 'a-real-secret-of-its-own' },
    });
    try {
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(run.stdout())?.[1];
      assert.ok(url, run.stdout() + run.stderr());
      assert.equal(
        (
          await request(url, {
            path: '/v2.0/conversion/license',
            token: await getToken(url, 'local-dev-client', 'a-real-secret-of-its-own'),
          })
        ).status,
        200,
      );
      assert.doesNotMatch(run.stderr(), /warning/);
    } finally {
      run.child.kill('SIGTERM');
      assert.equal(await run.exited, 0);
    }
  });

  test('--allow-dev-credentials: starts on 0.0.0.0, and warns at every start', async () => {
    for (let i = 0; i < 2; i += 1) {
      const run = await runCli(['--host', '0.0.0.0', '--port', '0', '--workers', '1', '--allow-dev-credentials'], {
        until: /client secret: .*\n/,
      });
      try {
        const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(run.stdout())?.[1];
        assert.ok(url, run.stdout() + run.stderr());
        assert.equal((await request(url, { path: '/' })).status, 200);
        assert.match(run.stderr(), /warning: --allow-dev-credentials: anyone who can reach 0\.0\.0\.0/);
      } finally {
        run.child.kill('SIGTERM');
        assert.equal(await run.exited, 0);
      }
    }
  });

  test('startServer() from code refuses it too, before it listens', async () => {
    const converter = createFakeConverter();
    await assert.rejects(
      startServer({ host: '0.0.0.0', port: 0, converter }),
      (e) => e instanceof UsageError && SECRET_MESSAGE.test(e.message),
    );
    const lines = [];
    const server = await startServer({
      host: '0.0.0.0',
      port: 0,
      converter,
      allowDevCredentials: true,
      log: (line) => lines.push(line),
    });
    await server.close();
    assert.match(lines.join('\n'), /warning: --allow-dev-credentials/);
  });
});
