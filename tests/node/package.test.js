// SPDX-License-Identifier: MIT
// The package the way users get it: `npm pack`, `npm install <tarball>` into an empty project (its
// dependencies from the npm registry, like a user's install; tests/support/packed.js), then (a) require and
// import it in Node and convert, (b) run the CLI through npx (docs/cli.md's CLI and local-server blocks,
// verbatim), (c) build the README's browser quick start with Vite, check the .wasm is in the output, and
// convert in Chromium through the README's token backend, (d) type-check a strict TypeScript consumer of every
// public method with tsc (bundler and node16 resolution). The tarball's file list is checked against an
// allowlist. Other runtimes: tests/node/runtimes-*.test.js.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fixturePath } from '../support/fixtures.js';
import { closedPort, DEV_CREDENTIALS, looksLikePdf, readPdf } from '../support/client-env.js';
import { docBlock } from '../support/readme.js';
import { installPacked, packedPackage, SERVER_PACKAGE_NAME as SERVER_NAME } from '../support/packed.js';
import { credentialsEnv } from '../support/runtimes.js';
import { listenLoopback, sendFile } from '../support/static-site.js';
import { launchBrowser, linkedBytes } from '../browser/support.js';
import { useLocalServer } from '../support/local-server.js';

const execFileP = promisify(execFile);
const NAME = 'groupdocs-conversion-wasm';

/** What the client's tarball may hold, and must hold: dist (facade, glues, wasm, types) and the CLI. */
const ALLOWED = [/^package\.json$/, /^README\.md$/, /^dist\/[\w.-]+\.(m?js|cjs|wasm|d\.c?ts)$/];
const REQUIRED = [
  'package.json',
  'README.md',
  'dist/index.cjs',
  'dist/index.node.mjs',
  'dist/index.web.mjs',
  'dist/index.deno.mjs',
  'dist/index.bun.mjs',
  'dist/index.workerd.mjs',
  'dist/index.d.ts',
  'dist/index.d.cts',
  'dist/gdconv.cjs',
  'dist/gdconv.wasm',
  'dist/groupdocs-convert.mjs',
];
/** The local server's tarball: its code, its converters' scripts, its README. */
const SERVER_ALLOWED = [
  /^package\.json$/,
  /^README\.md$/,
  /^[\w/.-]+\.js$/,
  /^converters\/(uno_worker|uno_util|document_view|email_page|sandbox)\.py$/,
  /^converters\/msg_to_eml\.pl$/,
];
const SERVER_REQUIRED = [
  'package.json',
  'README.md',
  'index.js',
  'cli.js',
  'converters/index.js',
  'converters/uno_worker.py',
  'converters/uno_util.py',
  'converters/document_view.py',
  'converters/sandbox.py',
  'converters/email_page.py',
  'converters/msg_to_eml.pl',
];

/** Checks a tarball's file list against what it may and must hold. */
function assertPacked(pack, { name, allowed, required, maxSize }) {
  const paths = pack.files.map((f) => f.path).sort();
  for (const path of paths)
    assert.ok(
      allowed.some((re) => re.test(path)),
      `${name}: ${path} should not be packed`,
    );
  for (const path of required) assert.ok(paths.includes(path), `${path} is missing from ${name}'s tarball`);
  assert.ok(!paths.some((p) => /(^|\/)(tests?|fixtures|node_modules)\//.test(p)), `${name}: no tests`);
  assert.ok(pack.size < maxSize, `${name}: packed size ${pack.size}`);
  assert.equal(pack.name, name);
}

const run = (cmd, args, options = {}) => execFileP(cmd, args, { timeout: 180_000, maxBuffer: 16 << 20, ...options });

/** Serves `dir`, and forwards /api/* to `apiPort` (what Vite's server.proxy or a real backend does). */
function staticServer(dir, apiPort) {
  return listenLoopback(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path.startsWith('/api/')) {
      const upstream = request(
        { host: '127.0.0.1', port: apiPort, path: req.url, method: req.method, headers: req.headers },
        (r) => {
          res.writeHead(r.statusCode, r.headers);
          r.pipe(res);
        },
      );
      upstream.on('error', () => res.writeHead(502).end());
      req.pipe(upstream);
      return;
    }
    if (path === '/favicon.ico') return res.writeHead(204).end();
    await sendFile(res, dir, path === '/' ? 'index.html' : path);
  });
}

/** Starts a long-running command; resolves once its output matches `ready`. */
// Detached: its own process group, which `interrupt()` signals as a terminal's Ctrl-C does (npm exec
// does not forward signals to the command it runs).
function startProcess(cmd, args, { cwd, env, ready }) {
  const child = spawn(cmd, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const exited = new Promise((r) => child.on('exit', (code, signal) => r({ code, signal })));
  const started = new Promise((resolvePromise, reject) => {
    const onData = (d) => {
      output += d;
      if (ready.test(output)) resolvePromise();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    exited.then(({ code }) =>
      reject(new Error(`${cmd} ${args.join(' ')} exited ${code} before it was ready: ${output}`)),
    );
  });
  started.catch(() => {}); // awaited by whoever needs it ready; an exit afterwards is not an error
  const interrupt = (signal = 'SIGINT') => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  return { child, started, exited, interrupt, output: () => output };
}

describe('the npm package, installed from its tarball', () => {
  const local = useLocalServer();
  let work;
  let consumer;
  let pack;
  let credentials;

  before(async () => {
    credentials = credentialsEnv(local.url);
    work = await mkdtemp(join(tmpdir(), 'gdconv-package-'));
    consumer = join(work, 'consumer');
    await mkdir(consumer);
    await copyFile(await fixturePath('four-pages.docx'), join(consumer, 'report.docx'));
    await copyFile(await fixturePath('slides.pptx'), join(consumer, 'slides.pptx'));
    // The README's install command, with the tarball (tests/support/packed.js) in place of the registry's
    // copy, and docs/cli.md's for the CLI with its embedded local server; Vite and TypeScript for (c) and
    // (d), in the same install to save time.
    const install = await docBlock('install');
    assert.equal(install.code.trim(), `npm install ${NAME}`);
    const installCli = await docBlock('install-cli');
    assert.equal(installCli.code.trim(), `npm install ${NAME} ${SERVER_NAME}`);
    ({ pack } = await installPacked(consumer, { server: true, extra: ['vite@7', 'typescript@5'] }));
  });

  after(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  test('the tarballs hold only what users need; the client has no runtime dependency', async () => {
    assertPacked(pack, { name: NAME, allowed: ALLOWED, required: REQUIRED, maxSize: 256 * 1024 });
    const { pack: serverPack } = await packedPackage('server');
    assertPacked(serverPack, {
      name: SERVER_NAME,
      allowed: SERVER_ALLOWED,
      required: SERVER_REQUIRED,
      maxSize: 256 * 1024,
    });
    const installed = JSON.parse(await readFile(join(consumer, 'node_modules', NAME, 'package.json'), 'utf8'));
    assert.deepEqual(Object.keys(installed.dependencies ?? {}), []);
    assert.deepEqual(Object.keys(installed.optionalDependencies ?? {}), []);
    assert.deepEqual(Object.keys(installed.peerDependencies ?? {}), []);
  });

  test('(a) require and import work in Node, and convert a document', async () => {
    const body = (load) => `${load}
      (async () => {
        const client = await ConversionClient.create({ baseUrl: process.env.GROUPDOCS_BASE_URL,
          clientId: process.env.GROUPDOCS_CLIENT_ID, clientSecret: process.env.GROUPDOCS_CLIENT_SECRET });
        const { files } = await client.convert('report.docx', { format: 'pdf', keepFiles: true });
        const exists = await client.objectExists(files[0].path);
        client.close();
        console.log(JSON.stringify({ name: files[0].name, size: files[0].size, head: String.fromCharCode(...files[0].bytes.subarray(0, 5)), exists: exists.exists }));
      })().catch((err) => { console.error(err); process.exit(1); });
    `;
    await writeFile(join(consumer, 'use.cjs'), body(`const { ConversionClient } = require('${NAME}');`));
    await writeFile(join(consumer, 'use.mjs'), body(`import { ConversionClient } from '${NAME}';`));
    for (const script of ['use.cjs', 'use.mjs']) {
      const { stdout } = await run(process.execPath, [script], {
        cwd: consumer,
        env: { ...process.env, ...credentials },
      });
      const out = JSON.parse(stdout);
      assert.deepEqual(out, { name: 'report.pdf', size: out.size, head: '%PDF-', exists: true }, script);
    }
  });

  test("(b) the CLI through npx: docs/cli.md's block, verbatim", async () => {
    const block = await docBlock('shell');
    const env = { ...process.env, ...credentials };
    const outputs = [];
    for (const line of block.code.trim().split('\n')) {
      const { stdout, stderr } = await run('bash', ['-c', line], { cwd: consumer, env });
      outputs.push({ line, stdout, stderr });
    }
    const [convert, png, formats, info] = outputs;
    assert.equal(convert.stdout.trim(), join(consumer, 'converted', 'report.pdf'));
    assert.equal((await readPdf(await readFile(join(consumer, 'converted', 'report.pdf')))).pages, 4);
    const report = JSON.parse(png.stdout);
    assert.equal(report.ok, true);
    assert.deepEqual(
      report.results.map((r) => r.files.map((f) => f.name)),
      [['report-page-1.png'], ['slides-page-1.png']],
    );
    assert.match(formats.stdout, /^docx -> .*\bpdf\b/m);
    assert.match(info.stdout, /pageCount: 4/);
  });

  test('(b) the CLI with the client alone: the cloud (or any server) with credentials; without them, which package to install', async () => {
    const alone = join(work, 'client-alone');
    await mkdir(alone);
    await copyFile(join(consumer, 'report.docx'), join(alone, 'report.docx'));
    await installPacked(alone);
    const { GROUPDOCS_CLIENT_ID, GROUPDOCS_CLIENT_SECRET, GROUPDOCS_BASE_URL, ...clean } = process.env;
    const missing = await run('npx', ['groupdocs-convert', 'report.docx', '--to', 'pdf'], {
      cwd: alone,
      env: clean,
    }).catch((err) => err);
    assert.equal(missing.code, 4, missing.stderr);
    assert.match(missing.stderr, /npm install groupdocs-conversion-local-server/);
    const { stdout } = await run('npx', ['groupdocs-convert', 'report.docx', '--to', 'pdf'], {
      cwd: alone,
      env: { ...clean, ...credentials },
    });
    assert.equal(stdout.trim(), join(alone, 'report.pdf'));
    assert.equal((await readPdf(await readFile(join(alone, 'report.pdf')))).pages, 4);
  });

  test("(b) the local server through npx: docs/cli.md's block starts it and Ctrl-C stops it", async () => {
    const block = await docBlock('local-server');
    const proc = startProcess('bash', ['-c', `exec ${block.code.trim()}`], {
      cwd: consumer,
      env: { GROUPDOCS_SERVER_PORT: '0' },
      ready: /listening on http:\/\/127\.0\.0\.1:\d+/,
    });
    await proc.started;
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(proc.output())[1];
    assert.equal((await fetch(`${url}/`)).status, 200);
    assert.match(proc.output(), /local-dev-client/);
    proc.interrupt();
    const { code, signal } = await proc.exited;
    // npm exec itself dies of the SIGINT (as in a terminal); the server shuts down and takes LibreOffice along.
    assert.ok(code === 0 || code === 130 || signal === 'SIGINT', `${code} ${signal}`);
    assert.match(proc.output(), /SIGINT: shutting down/);
    const groupAlive = () => {
      try {
        process.kill(-proc.child.pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 100 && groupAlive(); i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(groupAlive(), false, 'nothing of the server is left running');
  });

  test("(c) Vite builds the README's browser quick start; the output has the .wasm; it converts in Chromium", async (t) => {
    const web = join(consumer, 'web');
    await mkdir(web, { recursive: true });
    await writeFile(join(web, 'index.html'), (await docBlock('browser-html')).code);
    await writeFile(join(web, 'main.js'), (await docBlock('browser-page')).code);
    await writeFile(join(consumer, 'token-server.mjs'), (await docBlock('browser-backend')).code);
    await writeFile(
      join(consumer, 'vite.config.js'),
      "export default { root: 'web', build: { outDir: '../site', emptyOutDir: true } };\n",
    );
    await run('npx', ['vite', 'build', '--logLevel', 'warn'], {
      cwd: consumer,
      env: { ...process.env, VITE_GROUPDOCS_BASE_URL: local.url },
    });
    const built = await readdir(join(consumer, 'site', 'assets'));
    const wasm = built.filter((f) => f.endsWith('.wasm'));
    assert.equal(wasm.length, 1, `built assets: ${built}`);
    assert.deepEqual(
      [...(await readFile(join(consumer, 'site', 'assets', wasm[0]))).subarray(0, 4)],
      [0, 0x61, 0x73, 0x6d],
    );

    // The README's token backend, and the built page served beside it.
    const backendPort = await closedPort();
    const backend = startProcess(process.execPath, ['token-server.mjs'], {
      cwd: consumer,
      env: { ...credentials, PORT: String(backendPort) },
      ready: /^/,
    });
    t.after(() => backend.interrupt('SIGTERM'));
    const site = await staticServer(join(consumer, 'site'), backendPort);
    t.after(() => site.close());
    for (let i = 0; i < 50; i++) {
      if ((await fetch(`${site.url}/api/groupdocs-token`).catch(() => null))?.ok) break;
      await new Promise((r) => setTimeout(r, 100));
    }

    const browser = await launchBrowser();
    t.after(() => browser.close());
    const page = await browser.context.newPage();
    const problems = [];
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('console', (msg) => msg.type() === 'error' && problems.push(msg.text()));
    await page.goto(`${site.url}/`);
    await page.locator('input[type=file]').setInputFiles(join(consumer, 'report.docx'));
    const link = page.locator('a:not([hidden])');
    await link.waitFor({ timeout: 120_000 });
    assert.equal(await link.getAttribute('download'), 'report.pdf');
    assert.equal(await link.textContent(), 'Download report.pdf');
    const bytes = Buffer.from(await linkedBytes(page));
    assert.ok(looksLikePdf(bytes));
    assert.equal((await readPdf(bytes)).pages, 4);
    assert.deepEqual(problems, []);
    // No secret reached the page: it only ever saw tokens.
    const html = await page.content();
    assert.ok(!html.includes(DEV_CREDENTIALS.clientSecret));
  });

  test('(d) a strict TypeScript consumer of every public method type-checks (bundler and node16)', async () => {
    await writeFile(join(consumer, 'consumer.ts'), TS_CONSUMER);
    await writeFile(
      join(consumer, 'consumer-cjs.cts'),
      `import pkg = require('${NAME}');\nexport const make = (): Promise<pkg.ConversionClient> => pkg.ConversionClient.create({ accessToken: 't' });\n`,
    );
    const base = {
      strict: true,
      noEmit: true,
      skipLibCheck: false,
      target: 'es2022',
      lib: ['es2022', 'dom'],
      types: [],
      noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: true,
      noImplicitOverride: true,
    };
    await writeFile(
      join(consumer, 'tsconfig.bundler.json'),
      JSON.stringify({
        compilerOptions: { ...base, module: 'esnext', moduleResolution: 'bundler' },
        files: ['consumer.ts'],
      }),
    );
    await writeFile(
      join(consumer, 'tsconfig.node16.json'),
      JSON.stringify({
        compilerOptions: { ...base, module: 'node16', moduleResolution: 'node16' },
        files: ['consumer.ts', 'consumer-cjs.cts'],
      }),
    );
    for (const config of ['tsconfig.bundler.json', 'tsconfig.node16.json']) {
      const result = await run('npx', ['tsc', '-p', config], { cwd: consumer }).catch((err) => err);
      assert.equal(result.code ?? 0, 0, `${config}: ${result.stdout}${result.stderr}`);
    }
    // And a misuse is caught, so the check above checks something.
    await writeFile(
      join(consumer, 'bad.ts'),
      `import { ConversionClient } from '${NAME}';\ndeclare const c: ConversionClient;\nc.convert(new Uint8Array(1), { format: 'pdf', direct: true, outputPath: 'x' });\nconst n: number = await c.getLicenseInfo();\nc.convertDocument({ filePath: 'a', format: 'jpg', convertOptions: { jpegOptions: { quality: 'high' } } });\n`,
    );
    await writeFile(
      join(consumer, 'tsconfig.bad.json'),
      JSON.stringify({
        compilerOptions: { ...base, module: 'esnext', moduleResolution: 'bundler' },
        files: ['bad.ts'],
      }),
    );
    const bad = await run('npx', ['tsc', '-p', 'tsconfig.bad.json'], { cwd: consumer }).catch((err) => err);
    assert.notEqual(bad.code ?? 0, 0);
    assert.match(bad.stdout, /outputPath/);
    assert.match(bad.stdout, /LicenseInfo/);
    assert.match(bad.stdout, /bad\.ts\(5,.*'string' is not assignable to type 'number'/);
  });
});

const TS_CONSUMER = `import { ApiError, ConversionClient, saveFile } from '${NAME}';
import type { Bytes, ConvertResult, DocumentMetadata, FilesList, OperationResult, ProgressEvent, StoredConvertedResult,
  SupportedFormat } from '${NAME}';

export async function everything(file: Blob): Promise<void> {
  const client: ConversionClient = await ConversionClient.create({
    baseUrl: 'http://127.0.0.1:8080', accessToken: async () => 'token', timeoutMs: 30_000, maxRetries: 1,
  });
  const other = await ConversionClient.create({ clientId: 'id', clientSecret: 'secret', locateFile: (p: string) => p });
  const signal = new AbortController().signal;
  const uploaded = await client.uploadFile('in/a.docx', file, { storageName: 'First Storage', signal });
  const names: string[] = uploaded.uploaded;
  const id: string = await client.startConvertAndSave({ filePath: 'in/a.docx', format: 'pdf', outputPath: 'out',
    loadOptions: { password: 'p' }, convertOptions: { fromPage: 1, pagesCount: 2 } });
  const status: OperationResult = await client.getOperationStatus(id, { signal });
  const done = await client.waitForOperation(id, { timeoutMs: 1000, onStatus: (s) => s.toLowerCase() });
  const bytes: Bytes = await client.downloadFile(done.result?.[0]?.path ?? 'x', { versionId: 'null' });
  const onProgress = (e: ProgressEvent): void => { if (e.type === 'download') e.index.toFixed(); };
  const viaStorage: ConvertResult = await client.convert(file, { format: 'pdf', fileName: 'a.docx', outputPath: 'o', onProgress, signal });
  const direct = await client.convert(bytes, { format: 'png', direct: true, fileName: 'a.docx' });
  const path: string | null = direct.files[0]?.path ?? null;
  const stored: StoredConvertedResult[] = await client.convertDocument({ filePath: 'a.docx', format: 'jpg', outputPath: 'o' });
  // Both option shapes: flat (Node 24.x/25.10) and .NET 25.12's nested objects.
  const flatJpg = await client.convertDocument({ filePath: 'a.docx', format: 'jpg', outputPath: 'o',
    loadOptions: { hideComments: true, commentDisplayMode: 'Hidden', fieldLabels: [{ field: 'From', label: 'By' }] },
    convertOptions: { pages: [1], quality: 80, compression: 'Lzw', watermarkOptions: { text: 'W', autoAlign: true } } });
  const nestedJpg = await client.convertDocument({ filePath: 'a.docx', format: 'jpg', outputPath: 'o',
    convertOptions: { jpegOptions: { quality: 80 }, tiffOptions: { compression: 'Ccitt4' }, rtfOptions: { exportImagesForOldReaders: true } } });
  const pdf: Bytes = await client.convertDocumentDownload({ filePath: 'a.docx', format: 'pdf' });
  const direct2: Uint8Array = await client.convertDocumentDirect(file, { format: 'pdf', fromPage: 1, pagesCount: 1, loadOptions: { format: 'docx' } });
  const opId: string = await client.startConvert(file, { format: 'pdf', fileName: 'a.docx' });
  const result: Bytes = await client.getOperationResult(opId, { name: 'a.pdf' });
  await client.copyFile('a', 'b', { srcStorageName: 's', destStorageName: 'd', versionId: 'v' });
  await client.moveFile('a', 'b');
  await client.deleteFile('b', { versionId: 'null' });
  const list: FilesList = await client.getFilesList();
  const sub = await client.getFilesList('folder', { storageName: 's' });
  await client.createFolder('f');
  await client.deleteFolder('f', { recursive: true });
  await client.copyFolder('f', 'g');
  await client.moveFolder('g', 'h', { destStorageName: 'x' });
  const exists: boolean = (await client.objectExists('a', { versionId: 'null' })).exists;
  const storage: boolean = (await client.storageExists('First Storage')).exists;
  const { usedSize, totalSize } = await client.getDiscUsage({ storageName: 's' });
  const versions = (await client.getFileVersions('a')).value.map((v) => v.versionId);
  const formats: SupportedFormat[] = await client.getSupportedConversionTypes({ format: 'docx' });
  const meta: DocumentMetadata = await client.getDocumentMetadata('a.docx');
  const pages: number | undefined = meta.pageCount; // optional, as in the official SDK models
  const { credit, quantity } = await client.getConsumptionCredit();
  const licensed: boolean = (await client.getLicenseInfo()).isLicensed;
  await saveFile(pdf, 'out.pdf');
  new Blob([result]);
  client.close();
  other.close();
  try {
    await client.getLicenseInfo();
  } catch (err) {
    if (err instanceof ApiError) {
      const fields: [string, number, string, string, boolean] = [err.code, err.status, err.apiCode, err.requestId, err.retryable];
      console.log(fields);
    }
  }
  console.log(names, status, viaStorage, path, stored, direct2, list, sub, exists, storage, usedSize, totalSize, versions, formats, pages,
    credit, quantity, licensed);
}
`;
