/**
 * Poppler's command-line tools (poppler-utils): page counts and metadata (pdfinfo), one image per page
 * (pdftoppm), text (pdftotext), HTML (pdftohtml), and page selection / decryption (pdftocairo, pdfunite).
 * Always spawned without a shell and with a timeout. Passwords must go on the command line (Poppler
 * has no other way to take them); they never reach a message or a log.
 */
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ConversionError, timeoutError } from './errors.js';

/**
 * Run a Poppler tool. Rejects with a ConversionError: 'timeout', password_required / wrong_password
 * (Poppler says "Incorrect password" for both), corrupt_input, or engine_failed (tool missing or failed).
 * @param {string} tool
 * @param {string[]} args
 * @param {{ deadline: import('./errors.js').Deadline, password?: string }} options the job's deadline;
 *   password: whether one was given (never printed)
 * @returns {Promise<Buffer>} stdout
 */
export function runPoppler(tool, args, { deadline, password }) {
  return new Promise((resolve, reject) => {
    let timeoutMs;
    try {
      timeoutMs = deadline.remaining();
    } catch (err) {
      reject(err);
      return;
    }
    const child = spawn(tool, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    let err = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => {
      if (err.length < 8192) err += d;
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(
        e.code === 'ENOENT'
          ? new ConversionError('engine_failed', `${tool} is not installed: install Debian's poppler-utils`)
          : new ConversionError('engine_failed', `${tool} could not start (${e.code ?? e.message})`),
      );
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) {
        reject(timeoutError(deadline.limitMs));
      } else if (code === 0) {
        resolve(Buffer.concat(out));
      } else if (/incorrect password/i.test(err)) {
        reject(
          password === undefined
            ? new ConversionError('password_required', 'The document is password-protected: pass loadOptions.password')
            : new ConversionError('wrong_password', 'The password is incorrect'),
        );
      } else if (/wrong page range/i.test(err)) {
        reject(new ConversionError('invalid_options', 'The requested pages are not in the document'));
      } else if (/syntax error|may not be a pdf|couldn't (read|find)|damaged|invalid/i.test(err)) {
        reject(new ConversionError('corrupt_input', 'The PDF could not be read: it is damaged or not a PDF'));
      } else {
        reject(new ConversionError('engine_failed', `${tool} failed (exit code ${code})`));
      }
    });
  });
}

const passwordArgs = (password) => (password === undefined ? [] : ['-upw', password]);
const rangeArgs = ([first, last]) => [...(first > 1 ? ['-f', String(first)] : []), ...(last ? ['-l', String(last)] : [])];

/**
 * pdfinfo: page count and document metadata.
 * @returns {Promise<{ pages: number, title: string, author: string, createdDate: string|null,
 *   modifiedDate: string|null, encrypted: boolean, pageWidth: number, pageHeight: number }>} sizes in points
 */
export async function pdfInfo(path, { deadline, password }) {
  const out = (await runPoppler('pdfinfo', ['-isodates', ...passwordArgs(password), path], { deadline, password })).toString('utf8');
  const field = (name) => new RegExp(`^${name}:[ \\t]*(.*)$`, 'm').exec(out)?.[1]?.trim() ?? '';
  const size = /^Page size:\s*([\d.]+) x ([\d.]+)/m.exec(out);
  const date = (s) => (s && !Number.isNaN(Date.parse(s)) ? new Date(s).toISOString().replace(/\.\d{3}Z$/, 'Z') : null);
  return {
    pages: Number.parseInt(field('Pages'), 10) || 0,
    title: field('Title'),
    author: field('Author'),
    createdDate: date(field('CreationDate')),
    modifiedDate: date(field('ModDate')),
    encrypted: field('Encrypted').startsWith('yes'),
    pageWidth: size ? Number(size[1]) : 0,
    pageHeight: size ? Number(size[2]) : 0,
  };
}

/**
 * pdftoppm: one image per page of each run, into `dir`.
 * @param {string} pdf
 * @param {{ dir: string, device: string, runs: Array<[number, number|null]>, args: string[], deadline: import("./errors.js").Deadline, password?: string }} o
 * @returns {Promise<string[]>} image paths in page order
 */
export async function rasterize(pdf, { dir, device, runs, args, deadline, password }) {
  const files = [];
  for (const [i, run] of runs.entries()) {
    const prefix = join(dir, `run${i}`);
    await runPoppler('pdftoppm', [device, ...args, ...rangeArgs(run), ...passwordArgs(password), pdf, prefix], { deadline, password });
    // pdftoppm names pages <prefix>-<n> with n zero-padded to the width of the last page number.
    const made = (await readdir(dir))
      .filter((f) => f.startsWith(`run${i}-`))
      .map((f) => ({ f, n: Number.parseInt(f.slice(`run${i}-`.length), 10) }))
      .sort((a, b) => a.n - b.n);
    files.push(...made.map(({ f }) => join(dir, f)));
  }
  return files;
}

/** pdftotext, UTF-8, all pages. */
export async function pdfToText(pdf, { out, deadline, password }) {
  await runPoppler('pdftotext', ['-enc', 'UTF-8', ...passwordArgs(password), pdf, out], { deadline, password });
}

/** pdftohtml: one self-contained HTML file (-s -noframes), text only (-i). */
export async function pdfToHtml(pdf, { out, deadline, password }) {
  const html = await runPoppler('pdftohtml', ['-s', '-i', '-noframes', '-stdout', '-q', '-enc', 'UTF-8', ...passwordArgs(password), pdf], {
    deadline,
    password,
  });
  return html;
}

/**
 * A new, unencrypted PDF holding the selected runs of pages (pdftocairo keeps text as text), joined
 * with pdfunite when there is more than one run.
 */
export async function rewritePdf(pdf, { dir, out, runs, deadline, password }) {
  const parts = [];
  for (const [i, run] of runs.entries()) {
    const part = runs.length === 1 ? out : join(dir, `part${i}.pdf`);
    await runPoppler('pdftocairo', ['-pdf', ...rangeArgs(run), ...passwordArgs(password), pdf, part], { deadline, password });
    parts.push(part);
  }
  if (runs.length > 1) await runPoppler('pdfunite', [...parts, out], { deadline });
}
