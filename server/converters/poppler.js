// SPDX-License-Identifier: MIT
/**
 * Poppler's command-line tools (poppler-utils): page counts, sizes and metadata (pdfinfo), one image per
 * page (pdftoppm), text (pdftotext), HTML (pdftohtml), and page selection (pdftocairo, pdfunite).
 * Always spawned without a shell and with a timeout (run-tool.js).
 *
 * A password never goes on a command line (any local user can read /proc/<pid>/cmdline): Poppler takes
 * one only there (-upw), so Poppler is never given one. openPdf decrypts an encrypted source once with
 * qpdf (qpdf.js), which reads the password on its stdin, into a private folder (0700) of the job, and the
 * Poppler tools run on that copy; the caller removes it with close() when the job ends.
 */
import { chmod, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ConversionError } from './errors.js';
import { decrypt } from './qpdf.js';
import { runTool } from './run-tool.js';

const PASSWORD_REQUIRED = () =>
  new ConversionError('password_required', 'The document is password-protected: pass loadOptions.password');
const CORRUPT = () => new ConversionError('corrupt_input', 'The PDF could not be read: it is damaged or not a PDF');

/**
 * Run a Poppler tool (never with a password). Rejects with a ConversionError: 'timeout',
 * password_required (the PDF needs a password: see openPdf), invalid_options, corrupt_input, or
 * engine_failed (tool missing or failed).
 * @param {string} tool
 * @param {string[]} args
 * @param {{ deadline: import('./errors.js').Deadline }} options the job's deadline
 * @returns {Promise<Buffer>} stdout
 */
export async function runPoppler(tool, args, { deadline }) {
  const { code, stdout, stderr } = await runTool(tool, args, { deadline, pkg: 'poppler-utils' });
  if (code === 0) return stdout;
  if (/incorrect password/i.test(stderr)) throw PASSWORD_REQUIRED();
  if (/wrong page range/i.test(stderr))
    throw new ConversionError('invalid_options', 'The requested pages are not in the document');
  if (/syntax error|may not be a pdf|couldn't (read|find)|damaged|invalid/i.test(stderr)) throw CORRUPT();
  throw new ConversionError('engine_failed', `${tool} failed (exit code ${code})`);
}

/**
 * Open a PDF source for the Poppler tools, which are never given a password.
 * - No password: the source itself (an encrypted one fails with password_required, as before).
 * - A password and a PDF that is not encrypted: the source itself; the password is ignored.
 * - A password and an encrypted PDF: qpdf decrypts it (password on stdin) into `<dir>/decrypted-XXXXXX/`
 *   (mode 0700); a wrong one fails with wrong_password. `close()` removes the copy (the caller calls it
 *   in a `finally`); on failure here nothing is left behind.
 * @param {string} input
 * @param {{ dir: string, password?: string, deadline: import('./errors.js').Deadline }} o dir: the job's folder
 * @returns {Promise<{ pdf: string, info: Awaited<ReturnType<typeof pdfInfo>>, encrypted: boolean,
 *   needsPassword: boolean, close: () => Promise<void> }>} pdf: the file to give Poppler; info: its pdfinfo;
 *   encrypted: the source is (even with only an owner password); needsPassword: it opens only with one
 */
export async function openPdf(input, { dir, password, deadline }) {
  const none = async () => {};
  let probe;
  try {
    probe = await pdfInfo(input, { deadline });
  } catch (err) {
    if (err.code !== 'password_required' || password === undefined) throw err;
  }
  if (probe && (!probe.encrypted || password === undefined)) {
    return { pdf: input, info: probe, encrypted: probe.encrypted, needsPassword: false, close: none };
  }
  const priv = await mkdtemp(join(dir, 'decrypted-'));
  const close = () => rm(priv, { recursive: true, force: true, maxRetries: 3 });
  try {
    await chmod(priv, 0o700); // mkdtemp's default; said explicitly: the copy is the document in clear
    const pdf = join(priv, 'source.pdf');
    await decrypt(input, pdf, { password, deadline });
    const info = await pdfInfo(pdf, { deadline });
    return { pdf, info: { ...info, encrypted: true }, encrypted: true, needsPassword: !probe, close };
  } catch (err) {
    await close();
    throw err;
  }
}
const rangeArgs = ([first, last]) => [
  ...(first > 1 ? ['-f', String(first)] : []),
  ...(last ? ['-l', String(last)] : []),
];

/**
 * pdfinfo: page count and document metadata.
 * @returns {Promise<{ pages: number, title: string, author: string, createdDate: string|null,
 *   modifiedDate: string|null, encrypted: boolean, pageWidth: number, pageHeight: number }>} sizes in points
 */
export async function pdfInfo(path, { deadline }) {
  const out = (await runPoppler('pdfinfo', ['-isodates', path], { deadline })).toString('utf8');
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
 * pdfinfo: each page's visible size in points (width and height swapped for a page rotated by 90 or 270°).
 * @returns {Promise<Array<{ page: number, width: number, height: number }>>}
 */
export async function pageSizes(path, { deadline }) {
  const out = (await runPoppler('pdfinfo', ['-f', '1', '-l', String(2 ** 31 - 1), path], { deadline })).toString(
    'utf8',
  );
  const pages = new Map();
  for (const m of out.matchAll(/^Page\s+(\d+) size:\s*([\d.]+) x ([\d.]+)/gm)) {
    pages.set(Number(m[1]), { page: Number(m[1]), width: Number(m[2]), height: Number(m[3]) });
  }
  for (const m of out.matchAll(/^Page\s+(\d+) rot:\s*(\d+)/gm)) {
    const p = pages.get(Number(m[1]));
    if (p && Number(m[2]) % 180 === 90) [p.width, p.height] = [p.height, p.width];
  }
  return [...pages.values()];
}

/**
 * pdftoppm (or `tool`: pdftocairo, which takes the same switches and can leave the page transparent): one
 * image per page of each run, into `dir`.
 * @param {string} pdf
 * @param {{ dir: string, device: string, runs: Array<[number, number|null]>, args: string[],
 *   deadline: import("./errors.js").Deadline, tool?: 'pdftoppm'|'pdftocairo' }} o
 * @returns {Promise<string[]>} image paths in page order
 */
export async function rasterize(pdf, { dir, device, runs, args, deadline, tool = 'pdftoppm' }) {
  const files = [];
  for (const [i, run] of runs.entries()) {
    const prefix = join(dir, `run${i}`);
    await runPoppler(tool, [device, ...args, ...rangeArgs(run), pdf, prefix], { deadline });
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
export async function pdfToText(pdf, { out, deadline }) {
  await runPoppler('pdftotext', ['-enc', 'UTF-8', pdf, out], { deadline });
}

/** pdftohtml: one self-contained HTML file (-s -noframes), text only (-i). */
export async function pdfToHtml(pdf, { deadline }) {
  return runPoppler('pdftohtml', ['-s', '-i', '-noframes', '-stdout', '-q', '-enc', 'UTF-8', pdf], { deadline });
}

/**
 * HtmlConvertOptions.fixedLayout: one HTML file in which every page is a box of the PDF's size and every line
 * of text sits where the PDF has it (pdftohtml -c), images inlined as data: URLs. `borders`
 * (fixedLayoutShowBorders) draws each page's edge.
 * @param {string} pdf @param {{ dir: string, borders?: boolean, deadline: import('./errors.js').Deadline }} o
 * @returns {Promise<string>}
 */
export async function pdfToFixedHtml(pdf, { dir, borders = false, deadline }) {
  // -c writes files only (it ignores -stdout): <dir>/fixed.html, its images inside it as data: URLs.
  await runPoppler(
    'pdftohtml',
    ['-c', '-s', '-noframes', '-dataurls', '-q', '-enc', 'UTF-8', pdf, join(dir, 'fixed')],
    {
      deadline,
    },
  );
  const html = await readFile(join(dir, 'fixed.html'), 'utf8');
  if (!borders) return html;
  return html.replace(/<\/head>/i, '<style>div[id^="page"][id$="-div"]{outline:1px solid #000}</style>\n</head>');
}

/**
 * A new, unencrypted PDF holding the selected runs of pages (pdftocairo keeps text as text), joined
 * with pdfunite when there is more than one run.
 */
export async function rewritePdf(pdf, { dir, out, runs, deadline }) {
  const parts = [];
  for (const [i, run] of runs.entries()) {
    const part = runs.length === 1 ? out : join(dir, `part${i}.pdf`);
    await runPoppler('pdftocairo', ['-pdf', ...rangeArgs(run), pdf, part], { deadline });
    parts.push(part);
  }
  if (runs.length > 1) await runPoppler('pdfunite', [...parts, out], { deadline });
}
