#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// groupdocs-convert: convert documents with GroupDocs.Conversion Cloud, or with the local server started
// in this process when no credentials are set. `groupdocs-convert --help` for usage; README.md, "The CLI",
// for the exit codes.

import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ConversionClient } from 'groupdocs-conversion-wasm';
import { CliError, EXIT, exitCodeOf, worstExitCode } from './cli/errors.js';
import { openBackend } from './cli/backend.js';
import { createReporter, formatBytes } from './cli/progress.js';

const NAME = 'groupdocs-convert';

// ----- argument parsing -----

function positiveInt(value) {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('expected an integer >= 1');
  return Number(value);
}

/** "key=value" (value: a number, true/false, JSON, or text); "load.key=value" is a load option. */
function keyValue(value, previous = []) {
  const m = /^([A-Za-z][\w.]*)=(.*)$/s.exec(value);
  if (!m) throw new InvalidArgumentError('expected key=value, e.g. dpi=300 or load.hideComments=true');
  return [...previous, [m[1], m[2]]];
}

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
    client = await ConversionClient.create({ baseUrl: backend.baseUrl, clientId: backend.clientId, clientSecret: backend.clientSecret });
    return await work(client, ctx.signal);
  } finally {
    client?.close();
    await backend.close();
  }
}

// ----- commands -----

async function convertCommand(inputs, opts, ctx) {
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
          await convertOne(client, result, { format: opts.to, loadOptions, convertOptions, outDir, taken, reporter, signal });
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
    });
  } finally {
    reporter.stop();
  }
  const code = worstExitCode(results.map((r) => (r.ok ? EXIT.OK : r.exitCode ?? EXIT.INTERRUPTED)));
  if (opts.json) {
    ctx.out(JSON.stringify({ ok: code === EXIT.OK, exitCode: code, to: opts.to, outDir, server: serverOf(ctx), results: results.map(publicResult) }, null, 2));
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

async function convertOne(client, result, { format, loadOptions, convertOptions, outDir, taken, reporter, signal }) {
  const name = basename(result.input);
  let bytes;
  try {
    bytes = await readFile(result.input);
  } catch (err) {
    result.exitCode = EXIT.FAILED;
    result.error = { code: 'io_error', message: `cannot read ${result.input}: ${err.code ?? err.message}` };
    reporter.start(name, 0).failed(result.error.message);
    return;
  }
  const task = reporter.start(name, bytes.length);
  try {
    const { files } = await client.convert(bytes, {
      fileName: name, format, loadOptions, convertOptions, signal,
      onProgress: (e) => task.event(e),
    });
    for (const file of files) {
      const path = join(outDir, localName(file.name, taken));
      await writeFile(path, file.bytes);
      result.files.push({ name: file.name, path, size: file.size });
    }
    // Storage layout of convert(): <random folder>/<input> and <random folder>/converted/…: remove it.
    const folder = files[0]?.path?.split('/')[0];
    if (folder) await client.deleteFolder(folder, { recursive: true, signal }).catch(() => {});
    result.ok = true;
    task.done(`${files.length} file${files.length === 1 ? '' : 's'}, ${formatBytes(files.reduce((n, f) => n + f.size, 0))} → ${outDir}`);
  } catch (err) {
    result.exitCode = exitCodeOf(err);
    result.error = { code: err.code ?? 'error', message: err.message };
    if (err.apiCode) result.error.apiCode = err.apiCode;
    task.failed(err.code === 'aborted' ? 'cancelled' : err.message);
  }
}

async function formatsCommand(opts, ctx) {
  const formats = await withClient(ctx, { needsConverter: false }, (client, signal) =>
    client.getSupportedConversionTypes({ format: opts.from, signal }));
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
    for (const [key, value] of Object.entries(meta)) ctx.out(`  ${key}: ${Array.isArray(value) ? value.join(', ') : value}`);
  }
  return EXIT.OK;
}

// ----- main -----

function buildProgram(ctx) {
  const program = new Command(NAME)
    .description('Convert documents with GroupDocs.Conversion Cloud, or offline with the embedded local server.\n' +
      'Credentials: GROUPDOCS_CLIENT_ID, GROUPDOCS_CLIENT_SECRET, GROUPDOCS_BASE_URL; with none set, a local\n' +
      'server starts in this process (needs LibreOffice and Poppler).')
    .usage('<input...> --to <format> [options]\n       groupdocs-convert formats [--from <ext>] [--json]\n       groupdocs-convert info <file> [--json]')
    .argument('[input...]', 'documents to convert')
    .addOption(new Option('-t, --to <format>', 'target format, e.g. pdf, docx, png'))
    .option('-o, --out <dir>', 'folder for the results (default: the current folder)')
    .option('--from-page <n>', 'first page to convert', positiveInt)
    .option('--pages-count <n>', 'number of pages to convert', positiveInt)
    .option('-p, --password <password>', 'password of protected documents')
    .option('--option <key=value>', 'a convert option (dpi=300), or a load option (load.hideComments=true); repeatable', keyValue)
    .option('-c, --concurrency <n>', 'documents converted at once (default: up to 2)', positiveInt)
    .option('--json', 'print a JSON report on stdout instead of the result paths')
    .showHelpAfterError('(run groupdocs-convert --help for usage)')
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeOut: (s) => process.stdout.write(s), writeErr: (s) => process.stderr.write(s) })
    .action(async (inputs, opts) => {
      if (inputs.length === 0) throw new CliError('no input: groupdocs-convert <input...> --to <format>', EXIT.USAGE);
      if (!opts.to) throw new CliError("missing --to <format>, e.g. --to pdf", EXIT.USAGE);
      ctx.code = await convertCommand(inputs, opts, ctx);
    });
  program.command('formats')
    .description('list which formats convert to which')
    .option('--from <ext>', 'only this source format')
    .option('--json', 'print JSON')
    .exitOverride()
    .action(async (opts) => {
      ctx.code = await formatsCommand(opts, ctx);
    });
  program.command('info')
    .description("show a document's metadata (type, pages, size, title, author…)")
    .argument('<file>')
    .option('--json', 'print JSON')
    .exitOverride()
    .action(async (file, opts) => {
      ctx.code = await infoCommand(file, opts, ctx);
    });
  return program;
}

async function main() {
  const controller = new AbortController();
  const ctx = {
    tty: Boolean(process.stderr.isTTY),
    signal: controller.signal,
    json: process.argv.includes('--json'),
    code: EXIT.OK,
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
    await buildProgram(ctx).parseAsync(process.argv);
    code = ctx.code;
  } catch (err) {
    code = report(err, ctx);
  }
  if (interrupted) code = EXIT.INTERRUPTED;
  process.exitCode = code;
  // Everything is closed by now; should a handle linger anyway, it must not keep the CLI alive.
  setTimeout(() => process.exit(code), 3000).unref();
}

/** One readable line (or a JSON error) for a failure, never a stack trace; returns the exit code. */
function report(err, ctx) {
  if (err instanceof CommanderError) {
    // --help and --version "fail" with code 0; parse errors were already printed by commander.
    return err.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
  }
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
