// SPDX-License-Identifier: MIT
// The package as users get it: the exports map, `require` and `import` in Node 20, the browser entry's
// module graph, the hand-written types against the runtime, the memoised loader with locateFile/wasmBinary
// (a later load naming another source is refused), and `npm pack` unpacked into an empty folder and used
// from CommonJS and ESM against the local server.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import * as esm from 'groupdocs-conversion-wasm';
import { DEV_CREDENTIALS } from '../support/client-env.js';
import { useLocalServer } from '../support/local-server.js';
import { runInPackage as runInPackageAs } from '../support/child.js';

const run = promisify(execFile);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dist = join(root, 'dist');
const require = createRequire(import.meta.url);
const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));

/** Runs an ES module script placed inside the package (so that its own name resolves) in a fresh process. */
const runInPackage = (name, source, env) => runInPackageAs('client-package', name, source, env);

describe('the package', () => {
  const env = useLocalServer();

  test('exports map: node import/require, browser, default, types, and the .wasm subpath', () => {
    const dot = pkg.exports['.'];
    assert.equal(dot.node.import.default, './dist/index.node.mjs');
    assert.equal(dot.node.require.default, './dist/index.cjs');
    assert.equal(dot.browser.default, './dist/index.web.mjs');
    assert.equal(dot.default, './dist/index.web.mjs');
    assert.equal(dot.types, './dist/index.d.ts');
    assert.equal(pkg.exports['./gdconv.wasm'], './dist/gdconv.wasm');
    assert.equal(pkg.main, './dist/index.cjs');
    assert.equal(pkg.types, './dist/index.d.ts');
    assert.equal(pkg.sideEffects, false);
    for (const target of [
      dot.node.import.default,
      dot.node.import.types,
      dot.node.require.default,
      dot.node.require.types,
      dot.browser.default,
      pkg.exports['./gdconv.wasm'],
    ]) {
      assert.ok(existsSync(join(root, target)), `${target} exists`);
    }
  });

  test('Node resolves import to the ESM entry and require to the CommonJS one', () => {
    assert.equal(fileURLToPath(import.meta.resolve('groupdocs-conversion-wasm')), join(dist, 'index.node.mjs'));
    assert.equal(require.resolve('groupdocs-conversion-wasm'), join(dist, 'index.cjs'));
    assert.equal(require.resolve('groupdocs-conversion-wasm/gdconv.wasm'), join(dist, 'gdconv.wasm'));
  });

  test('the .wasm subpath is WebAssembly', async () => {
    const wasm = await readFile(require.resolve('groupdocs-conversion-wasm/gdconv.wasm'));
    assert.deepEqual([...wasm.subarray(0, 4)], [0x00, 0x61, 0x73, 0x6d]);
  });

  test('require and import expose the same API, and ApiError works across both', () => {
    const cjs = require('groupdocs-conversion-wasm');
    assert.deepEqual(Object.keys(cjs).sort(), Object.keys(esm).sort());
    assert.deepEqual(Object.keys(esm).sort(), ['ApiError', 'ConversionClient', 'preload', 'saveFile']);
    assert.equal(typeof cjs.ConversionClient.create, 'function');
    assert.ok(new cjs.ApiError('x', 'y') instanceof esm.ApiError);
    assert.ok(new esm.ApiError('x', 'y') instanceof cjs.ApiError);
    assert.ok(!(new Error('x') instanceof esm.ApiError));
  });

  test('a client made through require() works against the server', async () => {
    const { ConversionClient } = require('groupdocs-conversion-wasm');
    const client = await ConversionClient.create({ baseUrl: env.url, ...DEV_CREDENTIALS });
    try {
      await client.uploadFile('package/cjs.bin', Buffer.from('through require'));
      assert.equal(Buffer.from(await client.downloadFile('package/cjs.bin')).toString(), 'through require');
    } finally {
      client.close();
    }
  });

  test('the browser entry is one module, glue included, and reaches no Node built-in', async () => {
    // One file (issue 13: a browser fetches it in one request), which names gdconv.wasm in the form bundlers
    // rewrite to the asset they emit.
    const text = await readFile(join(dist, 'index.web.mjs'), 'utf8');
    assert.doesNotMatch(text, /^\s*(import|export)\b[^;]*\bfrom\s*['"]/m, 'index.web.mjs imports nothing');
    assert.doesNotMatch(text, /\bimport\s*\(/, 'index.web.mjs imports nothing dynamically');
    assert.doesNotMatch(text, /['"]node:/, 'index.web.mjs names no Node built-in');
    assert.doesNotMatch(
      text,
      /\brequire\(\s*['"](fs|path|url|module|http|https)['"]\s*\)/,
      'index.web.mjs requires none',
    );
    assert.match(text, /new URL\(["']gdconv\.wasm["'],\s*import\.meta\.url\)/);
    assert.match(text, /RawClient/, 'the glue is in the bundle');
    const web = await import(pathToFileURL(join(dist, 'index.web.mjs')).href);
    assert.deepEqual(Object.keys(web).sort(), Object.keys(esm).sort());
    await assert.rejects(web.saveFile(new Uint8Array(1), 'x.bin'), (err) => {
      assert.ok(err instanceof esm.ApiError);
      assert.equal(err.code, 'invalid_argument');
      assert.match(err.message, /only in Node/);
      return true;
    });
  });

  test('index.d.ts declares exactly what the runtime exports', async () => {
    // The declarations are in index.d.cts; index.d.ts, the ES modules' types, re-exports them (build-dist.mjs).
    assert.match(await readFile(join(dist, 'index.d.ts'), 'utf8'), /^export \* from '\.\/index\.cjs';$/m);
    const dts = await readFile(join(dist, 'index.d.cts'), 'utf8');
    assert.equal(dts, await readFile(join(root, 'bindings', 'index.d.ts'), 'utf8'));
    const declared = [...dts.matchAll(/^export declare (?:class|function) (\w+)/gm)].map((m) => m[1]).sort();
    assert.deepEqual(declared, Object.keys(esm).sort());

    const body = /export declare class ConversionClient \{([\s\S]*?)\n\}/.exec(dts)[1];
    // A method declared with overloads (downloadFile) is one method.
    const methods = [...new Set([...body.matchAll(/^ {2}(?:static )?(\w+)\(/gm)].map((m) => m[1]))]
      .filter((m) => m !== 'constructor')
      .sort();
    const runtime = [
      ...Object.getOwnPropertyNames(esm.ConversionClient.prototype).filter((n) => n !== 'constructor'),
      ...Object.getOwnPropertyNames(esm.ConversionClient).filter((n) => typeof esm.ConversionClient[n] === 'function'),
    ].sort();
    assert.deepEqual(methods, runtime);

    const errorBody = /export declare class ApiError extends Error \{([\s\S]*?)\n\}/.exec(dts)[1];
    const fields = [...errorBody.matchAll(/^ {2}(\w+)\??:/gm)].map((m) => m[1]);
    const sample = new esm.ApiError('not_found', 'm', { status: 404, cause: new Error('c') });
    for (const field of fields) assert.ok(field in sample, `ApiError.${field}`);
    for (const code of [
      'auth_failed',
      'not_found',
      'http_error',
      'network',
      'timeout',
      'aborted',
      'operation_failed',
      'bad_response',
      'invalid_argument',
    ]) {
      assert.match(dts, new RegExp(`\\| '${code}'`));
    }
  });

  test('the module loads once per process; locateFile and wasmBinary are honoured; a failed load is not kept', async () => {
    const result = await runInPackage(
      'loader.mjs',
      `
      import { readFileSync } from 'node:fs';
      import { createRequire } from 'node:module';
      import { ConversionClient } from 'groupdocs-conversion-wasm';
      const wasmPath = createRequire(import.meta.url).resolve('groupdocs-conversion-wasm/gdconv.wasm');
      const options = { accessToken: 't', baseUrl: 'http://127.0.0.1:9' };
      const out = {};
      try {
        await ConversionClient.create({ ...options, locateFile: () => '/nonexistent/gdconv.wasm' });
        out.badLocate = 'loaded';
      } catch (err) {
        out.badLocate = err.code;
        out.badLocateMessage = err.message;
      }
      const { writeFileSync, mkdtempSync } = await import('node:fs');
      const html = (await import('node:path')).join(mkdtempSync((await import('node:os')).tmpdir() + '/gdconv-'), 'gdconv.wasm');
      writeFileSync(html, '<!DOCTYPE html><title>404 Not Found</title>');
      try {
        await ConversionClient.create({ ...options, locateFile: () => html });
      } catch (err) {
        out.html = err.code;
        out.htmlMessage = err.message;
      }
      let located = 0;
      const locateFile = (path) => { located += 1; return wasmPath; };
      const a = await ConversionClient.create({ ...options, locateFile });
      const b = await ConversionClient.create({ ...options, locateFile });
      const c = await ConversionClient.create(options);
      out.located = located;
      for (const client of [a, b, c]) client.close();
      console.log(JSON.stringify(out));
    `,
    );
    assert.equal(result.badLocate, 'load_failed');
    assert.match(result.badLocateMessage, /gdconv\.wasm/);
    assert.doesNotMatch(result.badLocateMessage, /ASSERTIONS/);
    assert.equal(result.html, 'load_failed');
    assert.match(result.htmlMessage, /not WebAssembly/);
    assert.equal(result.located, 1);

    const binary = await runInPackage(
      'wasm-binary.mjs',
      `
      import { readFileSync } from 'node:fs';
      import { createRequire } from 'node:module';
      import { ConversionClient } from 'groupdocs-conversion-wasm';
      const wasmBinary = readFileSync(createRequire(import.meta.url).resolve('groupdocs-conversion-wasm/gdconv.wasm'));
      const client = await ConversionClient.create({
        baseUrl: process.env.BASE_URL, clientId: 'local-dev-client', clientSecret: 'local-dev-secret',
        wasmBinary, locateFile: () => '/nonexistent/gdconv.wasm',
      });
      await client.uploadFile('package/binary.bin', new Uint8Array([4, 2]));
      const back = await client.downloadFile('package/binary.bin');
      client.close();
      console.log(JSON.stringify({ back: [...back] }));
    `,
      { BASE_URL: env.url },
    );
    assert.deepEqual(binary.back, [4, 2]);
  });

  test('a later create whose locateFile finds another URL is refused, not ignored; one that finds the same, or none, is served', async () => {
    const result = await runInPackage(
      'loader-locate-file.mjs',
      `
      import { readFileSync } from 'node:fs';
      import { createRequire } from 'node:module';
      import { ApiError, ConversionClient } from 'groupdocs-conversion-wasm';
      const wasmPath = createRequire(import.meta.url).resolve('groupdocs-conversion-wasm/gdconv.wasm');
      const options = { accessToken: 't', baseUrl: 'http://127.0.0.1:9' };
      const outcome = (created) => created.then(
        (client) => { client.close(); return 'loaded'; },
        (err) => ({ code: err.code, typed: err instanceof ApiError, message: err.message }));
      const locateFile = () => wasmPath;
      // The others start while the first is still loading: they are checked against it all the same.
      const [first, sameUrl, otherWhileLoading] = await Promise.all([
        outcome(ConversionClient.create({ ...options, locateFile })),
        // A new function per create() (an inline arrow) that finds the same file is the same source.
        outcome(ConversionClient.create({ ...options, locateFile: () => wasmPath })),
        outcome(ConversionClient.create({ ...options, locateFile: () => '/elsewhere/gdconv.wasm' })),
      ]);
      const same = await outcome(ConversionClient.create({ ...options, locateFile }));
      const none = await outcome(ConversionClient.create(options));
      const other = await outcome(ConversionClient.create({ ...options, locateFile: (path) => \`/elsewhere/\${path}\` }));
      const bytes = await outcome(ConversionClient.create({ ...options, wasmBinary: readFileSync(wasmPath) }));
      console.log(JSON.stringify({ first, sameUrl, otherWhileLoading, same, none, other, bytes }));
    `,
    );
    for (const served of ['first', 'sameUrl', 'same', 'none']) assert.equal(result[served], 'loaded', served);
    for (const refused of [result.otherWhileLoading, result.other]) {
      assert.equal(refused.code, 'invalid_argument');
      assert.equal(refused.typed, true);
      assert.match(refused.message, /^locateFile differs .*with another locateFile/);
    }
    // The first load had no wasmBinary: bytes passed later would be ignored just the same.
    assert.equal(result.bytes.code, 'invalid_argument');
    assert.match(result.bytes.message, /^wasmBinary differs .*without wasmBinary/);
  });

  test('a later create with other wasmBinary bytes is refused; equal bytes in any buffer, or none, are served', async () => {
    const result = await runInPackage(
      'loader-wasm-binary.mjs',
      `
      import { readFileSync } from 'node:fs';
      import { createRequire } from 'node:module';
      import { ConversionClient } from 'groupdocs-conversion-wasm';
      const wasmPath = createRequire(import.meta.url).resolve('groupdocs-conversion-wasm/gdconv.wasm');
      const options = { accessToken: 't', baseUrl: 'http://127.0.0.1:9' };
      const outcome = (created) => created.then(
        (client) => { client.close(); return 'loaded'; },
        (err) => ({ code: err.code, message: err.message }));
      const wasmBinary = readFileSync(wasmPath);
      const first = await outcome(ConversionClient.create({ ...options, wasmBinary }));
      const same = await outcome(ConversionClient.create({ ...options, wasmBinary }));
      const reread = await outcome(ConversionClient.create({ ...options, wasmBinary: readFileSync(wasmPath) }));
      const arrayBuffer = new Uint8Array(wasmBinary).buffer;  // a copy, as an ArrayBuffer
      const asArrayBuffer = await outcome(ConversionClient.create({ ...options, wasmBinary: arrayBuffer }));
      const none = await outcome(ConversionClient.create(options));
      const changed = new Uint8Array(wasmBinary);
      changed[changed.length - 1] ^= 1;
      const otherBytes = await outcome(ConversionClient.create({ ...options, wasmBinary: changed }));
      const shorter = await outcome(ConversionClient.create({ ...options, wasmBinary: wasmBinary.subarray(1) }));
      const locate = await outcome(ConversionClient.create({ ...options, locateFile: () => wasmPath }));
      console.log(JSON.stringify({ first, same, reread, asArrayBuffer, none, otherBytes, shorter, locate }));
    `,
    );
    for (const served of ['first', 'same', 'reread', 'asArrayBuffer', 'none']) {
      assert.equal(result[served], 'loaded', served);
    }
    for (const refused of [result.otherBytes, result.shorter]) {
      assert.equal(refused.code, 'invalid_argument');
      assert.match(refused.message, /^wasmBinary differs .*with another wasmBinary/);
    }
    assert.equal(result.locate.code, 'invalid_argument');
    assert.match(result.locate.message, /^locateFile differs .*without locateFile/);
  });

  test("loading the module leaves the process's error handling alone", async () => {
    const result = await runInPackage(
      'process-listeners.mjs',
      `
      import { createRequire } from 'node:module';
      const events = ['uncaughtException', 'unhandledRejection'];
      const counts = () => events.map((e) => process.listenerCount(e));
      const before = counts();
      const { ConversionClient } = await import('groupdocs-conversion-wasm');
      const options = { accessToken: 't', baseUrl: 'http://127.0.0.1:9' };
      const a = await ConversionClient.create(options);
      const b = await createRequire(import.meta.url)('groupdocs-conversion-wasm').ConversionClient.create(options);
      const after = counts();
      // An application that handles unhandled rejections itself keeps running.
      let handled = 0;
      process.on('unhandledRejection', () => { handled += 1; });
      Promise.reject(new Error('nobody catches this'));
      await new Promise((resolve) => setTimeout(resolve, 50));
      a.close();
      b.close();
      console.log(JSON.stringify({ before, after, handled }));
    `,
    );
    assert.deepEqual(result.after, result.before);
    assert.equal(result.handled, 1);
  });

  test('npm pack: the tarball, unpacked into an empty project, works from require and import', async (t) => {
    const work = await mkdtemp(join(tmpdir(), 'gdconv-pack-'));
    t.after(() => rm(work, { recursive: true, force: true }));
    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], {
      cwd: root,
      timeout: 120_000,
    });
    const [{ filename, files }] = JSON.parse(stdout);
    const paths = files.map((f) => f.path);
    for (const needed of [
      'dist/index.cjs',
      'dist/index.node.mjs',
      'dist/index.web.mjs',
      'dist/index.d.ts',
      'dist/index.d.cts',
      'dist/gdconv.cjs',
      'dist/gdconv.wasm',
      'package.json',
    ]) {
      assert.ok(paths.includes(needed), `${needed} is packed`);
    }
    assert.ok(!paths.some((p) => /^(tests|bindings|src|scripts)\//.test(p)), 'no sources or tests are packed');

    const project = join(work, 'consumer');
    const installed = join(project, 'node_modules', 'groupdocs-conversion-wasm');
    await mkdir(installed, { recursive: true });
    await run('tar', ['-xzf', join(work, filename), '-C', installed, '--strip-components=1']);
    await writeFile(join(project, 'package.json'), '{ "name": "consumer", "private": true }\n');
    const body = (load) => `
      ${load}
      (async () => {
        const client = await ConversionClient.create({ baseUrl: process.env.BASE_URL, clientId: 'local-dev-client', clientSecret: 'local-dev-secret' });
        await client.uploadFile('package/consumer.bin', new TextEncoder().encode('packed'));
        const text = new TextDecoder().decode(await client.downloadFile('package/consumer.bin'));
        client.close();
        console.log(text);
      })().catch((err) => { console.error(err); process.exit(1); });
    `;
    await writeFile(
      join(project, 'use.cjs'),
      body("const { ConversionClient } = require('groupdocs-conversion-wasm');"),
    );
    await writeFile(join(project, 'use.mjs'), body("import { ConversionClient } from 'groupdocs-conversion-wasm';"));
    for (const script of ['use.cjs', 'use.mjs']) {
      const out = await run(process.execPath, [join(project, script)], {
        cwd: project,
        env: { ...process.env, BASE_URL: env.url },
        timeout: 60_000,
      });
      assert.equal(out.stdout.trim(), 'packed', script);
    }
  });
});
