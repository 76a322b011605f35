// SPDX-License-Identifier: MIT
// server/converters/sandbox.py, which confines the office processes: what a confined command can reach (the
// network: nothing; files: the system read-only and its own folder), the fallback when the kernel refuses user
// namespaces, and failing closed: a worker that cannot be confined, or does not say it is, converts nothing.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createConverter } from '../../server/converters/index.js';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';
const SANDBOX = fileURLToPath(new URL('../../server/converters/sandbox.py', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SLOW = { timeout: 180_000 };

// Python: runs f, and says "ok" or the class of the OSError it raised.
const ATTEMPT = `def attempt(f):
    try:
        f()
        return "ok"
    except OSError as e:
        return e.__class__.__name__`;

// Run inside the sandbox: tries the network and files, prints what worked as JSON.
const PROBE = `
import json, os, socket, sys
${ATTEMPT}
port, outside_tmp, outside_other, own = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
def connect():
    socket.create_connection(("127.0.0.1", port), timeout=5).close()
def read(path):
    return lambda: open(path).read()
def write():
    with open(os.path.join(own, "written"), "w") as f:
        f.write("x")
print(json.dumps({"connect": attempt(connect), "readTmp": attempt(read(outside_tmp)), "readOther": attempt(read(outside_other)),
                  "write": attempt(write), "readOwn": attempt(read(os.path.join(own, "written"))),
                  "sandbox": os.environ.get("GDCW_SANDBOX"), "tmpdir": os.environ.get("TMPDIR"),
                  "cwd": os.getcwd(), "tmp": sorted(os.listdir("/tmp")) if os.environ.get("GDCW_SANDBOX", "").startswith("namespace") else None}))
`;

describe('sandbox.py', { timeout: 300_000 }, () => {
  let tmp; // in /tmp
  let other; // outside /tmp
  let own; // the confined command's folder
  let requests;
  let watcher;
  let port;
  before(async () => {
    tmp = await mkdtemp(join(os.tmpdir(), 'gdcw-sandbox-'));
    await mkdir(join(ROOT, '.cache'), { recursive: true });
    other = await mkdtemp(join(ROOT, '.cache', 'sandbox-'));
    own = join(tmp, 'own');
    await mkdir(own);
    await writeFile(join(tmp, 'secret.txt'), 'tmp secret');
    await writeFile(join(other, 'secret.txt'), 'other secret');
    requests = [];
    watcher = createServer((req, res) => {
      requests.push(req.url);
      res.end('x');
    });
    await new Promise((resolve) => watcher.listen(0, '127.0.0.1', resolve));
    port = watcher.address().port;
  });
  after(async () => {
    await new Promise((resolve) => watcher.close(resolve));
    await rm(tmp, { recursive: true, force: true });
    await rm(other, { recursive: true, force: true });
  });

  const probeArgs = () => [String(port), join(tmp, 'secret.txt'), join(other, 'secret.txt'), own];

  test("a confined command reaches no host and no file but the system's and its own folder", async () => {
    const { stdout } = await run(PYTHON, [SANDBOX, '--write', own, '--', PYTHON, '-c', PROBE, ...probeArgs()]);
    const seen = JSON.parse(stdout);
    const inTmp = own.startsWith('/tmp/'); // os.tmpdir() may be elsewhere
    assert.deepEqual(seen, {
      // A file in the machine's /tmp is not even there (its /tmp is its own), one elsewhere is refused (Landlock);
      // `other` is in the checkout, which may itself lie in /tmp.
      connect: 'PermissionError',
      readTmp: inTmp ? 'FileNotFoundError' : 'PermissionError',
      readOther: other.startsWith('/tmp/') ? 'FileNotFoundError' : 'PermissionError',
      write: 'ok',
      readOwn: 'ok',
      sandbox: 'namespace,landlock',
      tmpdir: '/tmp',
      cwd: own,
      // Only the path to its folder is in its /tmp, nothing else of the machine's.
      tmp: inTmp ? [own.split('/')[2]] : [],
    });
    assert.deepEqual(requests, []);
    assert.equal(await readFile(join(own, 'written'), 'utf8'), 'x', 'its folder is the real one');
  });

  test('a --read file that lies in /tmp is there to read and run, alone: a checkout under /tmp starts its worker', async () => {
    const checkout = join(tmp, 'checkout');
    await mkdir(checkout, { recursive: true });
    const script = join(checkout, 'worker.py');
    await writeFile(
      script,
      `import os, sys
${ATTEMPT}
print(attempt(lambda: open(sys.argv[0], "a")), attempt(lambda: open(sys.argv[1]).read()))
`,
    );
    await writeFile(join(checkout, 'sibling.txt'), 'not for the worker');
    const { stdout } = await run(PYTHON, [
      SANDBOX,
      '--read',
      script,
      '--write',
      own,
      '--',
      PYTHON,
      script,
      join(checkout, 'sibling.txt'),
    ]);
    // It ran; it may not change itself (in its /tmp, a read-only mount: EROFS; elsewhere Landlock refuses), and
    // its neighbour is not in its /tmp.
    assert.equal(
      stdout.trim(),
      tmp.startsWith('/tmp/') ? 'OSError FileNotFoundError' : 'PermissionError PermissionError',
    );
  });

  test('when the kernel refuses user namespaces, Landlock still denies TCP and the files', async () => {
    // A user namespace of our own in which no further one may be created: what Ubuntu 24.04 or a container does.
    const refuse = 'echo 0 > /proc/sys/user/max_user_namespaces && exec "$@"';
    const { stdout } = await run('unshare', [
      '--user',
      '--map-root-user',
      'sh',
      '-c',
      refuse,
      'sh',
      PYTHON,
      SANDBOX,
      '--write',
      own,
      '--',
      PYTHON,
      '-c',
      PROBE,
      ...probeArgs(),
    ]);
    const seen = JSON.parse(stdout);
    assert.deepEqual(seen, {
      connect: 'PermissionError',
      readTmp: 'PermissionError',
      readOther: 'PermissionError',
      write: 'ok',
      readOwn: 'ok',
      sandbox: 'landlock-tcp,landlock',
      tmpdir: own,
      cwd: own,
      tmp: null,
    });
    assert.deepEqual(requests, []);
  });

  test('when it cannot confine, it runs nothing and says why (exit 125)', async () => {
    const marker = join(tmp, 'ran');
    const err = await run(PYTHON, [SANDBOX, '--write', join(tmp, 'missing'), '--', 'touch', marker]).catch((e) => e);
    assert.equal(err.code, 125);
    assert.match(err.stderr, /^sandbox: --write needs an existing folder: .*missing\n$/);
    await assert.rejects(stat(marker), { code: 'ENOENT' });
  });

  test('usage errors exit 2', async () => {
    const err = await run(PYTHON, [SANDBOX, '--write', own]).catch((e) => e);
    assert.equal(err.code, 2);
    assert.match(err.stderr, /^usage: sandbox\.py/);
  });
});

describe('the office pool fails closed', { timeout: 300_000 }, () => {
  let tmp;
  before(async () => {
    tmp = await mkdtemp(join(os.tmpdir(), 'gdcw-sandbox-pool-'));
  });
  after(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  /** A stand-in for /usr/bin/python3 that the pool starts with sandbox.py's arguments. */
  async function fakePython(name, body) {
    const path = join(tmp, name);
    await writeFile(path, `#!/bin/sh\n${body}\n`);
    await chmod(path, 0o755);
    return path;
  }

  async function conversionError(python) {
    const converter = createConverter({ workers: 1, python, tmpDir: tmp });
    try {
      return await converter.convert({ bytes: Buffer.from('hello'), sourceFormat: 'txt', targetFormat: 'pdf' }).then(
        () => null,
        (e) => e,
      );
    } finally {
      await converter.close();
    }
  }

  test('a worker the kernel cannot confine converts nothing; the error says why and what to do', SLOW, async () => {
    const python = await fakePython(
      'unconfinable',
      'echo "sandbox: cannot confine file access: Landlock is not in this kernel" >&2; exit 125',
    );
    const err = await conversionError(python);
    assert.equal(err?.code, 'engine_failed');
    assert.match(err.message, /cannot be isolated here: cannot confine file access: Landlock is not in this kernel\./);
    assert.match(err.message, /--no-sandbox/);
  });

  test('a worker that comes up without saying it is confined is not used', SLOW, async () => {
    // Skips sandbox.py: runs the worker that follows its "-- <python>" with the real interpreter, unconfined.
    const python = await fakePython(
      'unconfined',
      `while [ $# -gt 0 ] && [ "$1" != "--" ]; do shift; done; shift 2; exec ${PYTHON} "$@"`,
    );
    const err = await conversionError(python);
    assert.equal(err?.code, 'engine_failed');
    assert.match(err.message, /LibreOffice could not be started: it did not report its confinement/);
  });
});
