#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// groupdocs-convert: convert documents with GroupDocs.Conversion Cloud, or with the local server started
// in this process when no credentials are set. `groupdocs-convert --help` for usage; docs/cli.md
// for the exit codes.

import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { ConversionClient } from 'groupdocs-conversion-wasm';
import { CliError, EXIT, exitCodeOf, worstExitCode } from './cli/errors.js';
import { openBackend } from './cli/backend.js';
import { createReporter, formatBytes } from './cli/progress.js';
import { parseCommandLine } from './cli/args.js';

const NAME = 'groupdocs-convert';

// ----- options -----

function parseValue(text) {
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (text === 'true' || text === 'false') return text === 'true';
  if (/^[[{"]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      throw new CliError(`--option value ${text} is not valid JSON`, EXIT.USAGE);
    }
  }
  return text;
}

function optionsOf(opts) {
  const loadOptions = {};
  const convertOptions = {};
  for (const [key, text] of opts.option ?? []) {
    if (key.startsWith('load.')) loadOptions[key.slice(5)] = parseValue(text);
    else convertOptions[key.startsWith('convert.') ? key.slice(8) : key] = parseValue(text);
  }
  if (opts.password !== undefined) loadOptions.password = opts.password;
  if (opts.fromPage !== undefined) convertOptions.fromPage = opts.fromPage;
  if (opts.pagesCount !== undefined) convertOptions.pagesCount = opts.pagesCount;
  return {
    loadOptions: Object.keys(loadOptions).length ? loadOptions : undefined,
    convertOptions: Object.keys(convertOptions).length ? convertOptions : undefined,
  };
}

// ----- the session: backend, client, cancellation -----

/** Runs `work(client, signal)` with a client for the configured backend; Ctrl-C aborts `signal`. */
async function withClient(ctx, { needsConverter, workers }, work) {
  const backend = await openBackend(process.env, { needsConverter, workers, log: ctx.log });
  ctx.backend = backend;
  let client;
  try {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    client = await ConversionClient.create({
      baseUrl: backend.baseUrl,
      clientId: backend.clientId,
      clientSecret: backend.clientSecret,
    });
    return await work(client, ctx.signal);
  } finally {
    client?.close();
    await backend.close();
  }
}

// ----- commands -----

/** The password in `file` ('-': stdin), without the line break that ends it. */
async function readPassword(file) {
  let text;
  try {
    if (file !== '-') text = await readFile(file, 'utf8');
    else {
      const chunks = [];
      for await (const chunk of process.stdin) chunks.push(chunk);
      text = Buffer.concat(chunks).toString('utf8');
    }
  } catch (err) {
    throw new CliError(`cannot read the password file ${file}: ${err.code ?? err.message}`, EXIT.FAILED);
  }
  return text.replace(/\r?\n$/, '');
}

async function convertCommand(inputs, opts, ctx) {
  if (opts.passwordFile !== undefined) opts = { ...opts, password: await readPassword(opts.passwordFile) };
  const { loadOptions, convertOptions } = optionsOf(opts);
  const outDir = resolve(opts.out ?? '.');
  const concurrency = opts.concurrency ?? Math.min(inputs.length, 2);
  const reporter = createReporter({ tty: ctx.tty && !opts.json, quiet: false, stream: process.stderr });
  ctx.reporter = reporter;
  const taken = new Set();
  const results = inputs.map((input) => ({ input, ok: false, files: [] }));
  try {
    await withClient(ctx, { needsConverter: true, workers: concurrency }, async (client, signal) => {
      await mkdir(outDir, { recursive: true });
      let next = 0;
      const worker = async () => {
        while (next < inputs.length && !signal.aborted) {
          const result = results[next++];
          await convertOne(client, result, {
            format: opts.to,
            loadOptions,
            convertOptions,
            outDir,
            taken,
            reporter,
            signal,
          });
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
    });
  } finally {
    reporter.stop();
  }
  const code = worstExitCode(results.map((r) => (r.ok ? EXIT.OK : (r.exitCode ?? EXIT.INTERRUPTED))));
  if (opts.json) {
    ctx.out(
      JSON.stringify(
        {
          ok: code === EXIT.OK,
          exitCode: code,
          to: opts.to,
          outDir,
          server: serverOf(ctx),
          results: results.map(publicResult),
        },
        null,
        2,
      ),
    );
  } else {
    for (const r of results) for (const f of r.files) ctx.out(f.path);
  }
  return code;
}

function publicResult({ input, ok, files, error }) {
  return error ? { input, ok, files, error } : { input, ok, files };
}

function serverOf(ctx) {
  return { baseUrl: ctx.backend?.baseUrl ?? null, embedded: ctx.backend?.embedded ?? null };
}

/** A free local name in `outDir` for a result (two inputs may both give report.pdf). */
function localName(name, taken) {
  let candidate = name;
  for (let i = 2; taken.has(candidate); i++) candidate = name.replace(/(\.[^.]*)?$/, (ext) => ` (${i})${ext}`);
  taken.add(candidate);
  return candidate;
}

// The input is sent from its file and the results are written to disk as they download (issue 13): the CLI's
// memory does not grow with the files. They land in a private folder inside outDir first, then take their
// free local names there (a rename within one folder).
async function convertOne(client, result, { format, loadOptions, convertOptions, outDir, taken, reporter, signal }) {
  const name = basename(result.input);
  let size;
  try {
    const info = await stat(result.input);
    if (!info.isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
    size = info.size;
  } catch (err) {
    result.exitCode = EXIT.FAILED;
    result.error = { code: 'io_error', message: `cannot read ${result.input}: ${err.code ?? err.message}` };
    reporter.start(name, 0).failed(result.error.message);
    return;
  }
  const task = reporter.start(name, size);
  const landing = join(outDir, `.groupdocs-convert-${crypto.randomUUID()}`);
  try {
    const { files } = await client.convert(result.input, {
      fileName: name,
      format,
      loadOptions,
      convertOptions,
      signal,
      outDir: landing,
      onProgress: (e) => task.event(e),
    });
    for (const file of files) {
      const path = join(outDir, localName(file.name, taken));
      await rename(file.file, path);
      result.files.push({ name: file.name, path, size: file.size });
    }
    result.ok = true;
    task.done(
      `${files.length} file${files.length === 1 ? '' : 's'}, ${formatBytes(files.reduce((n, f) => n + f.size, 0))} → ${outDir}`,
    );
  } catch (err) {
    result.exitCode = exitCodeOf(err);
    result.error = { code: err.code ?? 'error', message: err.message };
    if (err.apiCode) result.error.apiCode = err.apiCode;
    task.failed(err.code === 'aborted' ? 'cancelled' : err.message);
  } finally {
    await rm(landing, { recursive: true, force: true });
  }
}

async function formatsCommand(opts, ctx) {
  const formats = await withClient(ctx, { needsConverter: false }, (client, signal) =>
    client.getSupportedConversionTypes({ format: opts.from, signal }),
  );
  if (opts.json) ctx.out(JSON.stringify(formats, null, 2));
  else for (const f of formats) ctx.out(`${f.sourceFormat} -> ${f.targetFormats.join(' ')}`);
  return EXIT.OK;
}

async function infoCommand(file, opts, ctx) {
  let bytes;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new CliError(`cannot read ${file}: ${err.code ?? err.message}`, EXIT.FAILED);
  }
  const meta = await withClient(ctx, { needsConverter: true }, async (client, signal) => {
    const folder = `groupdocs-convert-info-${crypto.randomUUID()}`;
    const path = `${folder}/${basename(file)}`;
    try {
      await client.uploadFile(path, bytes, { signal });
      return await client.getDocumentMetadata(path, { signal });
    } finally {
      await client.deleteFolder(folder, { recursive: true }).catch(() => {});
    }
  });
  if (opts.json) {
    ctx.out(JSON.stringify({ file, ...meta }, null, 2));
  } else {
    ctx.out(file);
    for (const [key, value] of Object.entries(meta))
      ctx.out(`  ${key}: ${Array.isArray(value) ? value.join(', ') : value}`);
  }
  return EXIT.OK;
}

// ----- main -----

/** Runs the command that `argv` names; returns the exit code. */
async function run(argv, ctx) {
  const parsed = parseCommandLine(argv);
  switch (parsed.command) {
    case 'help':
      process.stdout.write(parsed.text);
      return EXIT.OK;
    case 'formats':
      return formatsCommand(parsed.opts, ctx);
    case 'info':
      return infoCommand(parsed.file, parsed.opts, ctx);
    default:
      return convertCommand(parsed.inputs, parsed.opts, ctx);
  }
}

async function main() {
  const controller = new AbortController();
  const ctx = {
    tty: Boolean(process.stderr.isTTY),
    signal: controller.signal,
    json: process.argv.includes('--json'),
    out: (line) => process.stdout.write(`${line}\n`),
    log: (line) => (ctx.reporter ? ctx.reporter.log(`${NAME}: ${line}`) : process.stderr.write(`${NAME}: ${line}\n`)),
  };
  let interrupted = false;
  process.on('SIGINT', () => {
    if (interrupted) process.exit(EXIT.INTERRUPTED); // a second Ctrl-C does not wait
    interrupted = true;
    ctx.reporter?.stop();
    process.stderr.write(`\n${NAME}: cancelled\n`);
    controller.abort(new Error('cancelled'));
  });
  process.on('SIGTERM', () => controller.abort(new Error('terminated')));

  let code;
  try {
    code = await run(process.argv.slice(2), ctx);
  } catch (err) {
    code = report(err, ctx);
  }
  if (interrupted) code = EXIT.INTERRUPTED;
  process.exitCode = code;
  // The clients are closed; what may still run is the storage cleanup convert() starts after each result
  // (one DELETE, usually well under a second). It gets 3 s; nothing lingering may keep the CLI alive longer.
  setTimeout(() => process.exit(code), 3000).unref();
}

/** One readable line (or a JSON error) for a failure, never a stack trace; returns the exit code. */
function report(err, ctx) {
  const code = ctx.signal.aborted ? EXIT.INTERRUPTED : exitCodeOf(err);
  if (code === EXIT.INTERRUPTED) return code;
  const message = err?.message ?? String(err);
  if (ctx.json) {
    ctx.out(JSON.stringify({ ok: false, exitCode: code, error: { code: err?.code ?? 'error', message } }, null, 2));
  }
  const hint = code === EXIT.AUTH ? '\n(check GROUPDOCS_CLIENT_ID and GROUPDOCS_CLIENT_SECRET)' : '';
  process.stderr.write(`${NAME}: ${message}${hint}\n`);
  return code;
}

main().catch((err) => {
  process.stderr.write(`${NAME}: ${err?.message ?? err}\n`);
  process.exitCode = EXIT.FAILED;
});
