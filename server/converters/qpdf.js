// SPDX-License-Identifier: MIT
/**
 * qpdf: decrypts a password-protected PDF source, encrypts PDF output with AES-256, and stamps pages with
 * another PDF's page (the watermark). A password never goes on qpdf's command line (any local user can read
 * /proc/<pid>/cmdline): qpdf reads it from its stdin, as a password file (--password-file=-) or as an
 * arguments file (@-).
 */
import { ConversionError } from './errors.js';
import { runTool } from './run-tool.js';

const WRONG_PASSWORD = () => new ConversionError('wrong_password', 'The password is incorrect');
const CORRUPT = () => new ConversionError('corrupt_input', 'The PDF could not be read: it is damaged or not a PDF');

/** Exit 0, or 3: done, with warnings (e.g. a repaired cross-reference table). */
const succeeded = (code) => code === 0 || code === 3;

/**
 * qpdf --decrypt, the password on stdin. qpdf reads the first line of its password file, so a password
 * holding a line break (or a NUL) goes hex-encoded (--password-mode=hex-bytes: its UTF-8 bytes as given);
 * others go as text, where qpdf's default mode also tries the PDFDocEncoding of a non-ASCII password.
 * @param {string} input
 * @param {string} output
 * @param {{ password: string, deadline: import('./errors.js').Deadline }} o
 */
export async function decrypt(input, output, { password, deadline }) {
  const hex = /[\r\n\0]/.test(password);
  const { code, stderr } = await runTool(
    'qpdf',
    [...(hex ? ['--password-mode=hex-bytes'] : []), '--password-file=-', '--decrypt', input, output],
    { deadline, pkg: 'qpdf', stdin: hex ? Buffer.from(password, 'utf8').toString('hex') : password },
  );
  if (succeeded(code)) return;
  if (/invalid password/i.test(stderr)) throw WRONG_PASSWORD();
  if (/damaged|can't find|not a pdf|trailer|xref|unexpected|eof|parse|invalid/i.test(stderr)) throw CORRUPT();
  throw new ConversionError('engine_failed', `qpdf failed (exit code ${code})`);
}

/**
 * Encrypts with AES-256 (PDF 2.0 / ISO 32000-2 "R6", qpdf's AESv3), the password as both the user (open)
 * and the owner password and every permission allowed, which is what the API's one `password` asks for.
 * The `--encrypt` arguments come from stdin (`@-`, one per line), the password hex-encoded
 * (--password-mode=hex-bytes: its UTF-8 bytes, whatever they hold, line breaks included), so that only
 * `qpdf @- <in> <out>` is ever on the command line. LibreOffice's own PDF encryption is RC4-128 (R3).
 * @param {string} input
 * @param {string} output
 * @param {{ password: string, deadline: import('./errors.js').Deadline }} o
 */
export async function encrypt(input, output, { password, deadline, extra = [] }) {
  const hex = Buffer.from(password, 'utf8').toString('hex');
  const args = ['--password-mode=hex-bytes', '--encrypt', hex, hex, '256', '--'];
  const { code } = await runTool('qpdf', [...extra, '@-', input, output], {
    deadline,
    pkg: 'qpdf',
    stdin: `${args.join('\n')}\n`,
  });
  if (!succeeded(code))
    throw new ConversionError('engine_failed', `qpdf could not encrypt the result (exit code ${code})`);
}

/**
 * Stamps pages of `input` with the first page of other PDFs: `stamps[i].pages` (1-based page numbers) get
 * the page of `stamps[i].pdf`, over the content (`--overlay`) or under it (`--underlay`). qpdf scales a stamp
 * to the page's visible size and keeps it upright on a rotated page, so a stamp made at the page's visible
 * size lands unscaled.
 * @param {string} input
 * @param {string} output
 * @param {{ stamps: Array<{ pdf: string, pages: number[] }>, under: boolean,
 *   deadline: import('./errors.js').Deadline }} o
 */
export async function stamp(input, output, { stamps, under, deadline }) {
  const layer = under ? '--underlay' : '--overlay';
  const args = [input];
  for (const s of stamps) args.push(layer, s.pdf, `--to=${pageRanges(s.pages)}`, '--from=', '--repeat=1', '--');
  const { code } = await runTool('qpdf', [...args, output], { deadline, pkg: 'qpdf' });
  if (!succeeded(code))
    throw new ConversionError('engine_failed', `qpdf could not apply the watermark (exit code ${code})`);
}

/** [1, 2, 3, 5] → "1-3,5" (qpdf's page-range syntax). */
export function pageRanges(pages) {
  const runs = [];
  for (const p of [...pages].sort((a, b) => a - b)) {
    const last = runs.at(-1);
    if (last && last[1] === p - 1) last[1] = p;
    else runs.push([p, p]);
  }
  return runs.map(([a, b]) => (a === b ? String(a) : `${a}-${b}`)).join(',');
}

/** PdfConvertOptions.rotate → qpdf's --rotate (every page, clockwise). */
const ROTATIONS = Object.freeze({ On90: '+90', On180: '+180', On270: '+270' });

/**
 * What qpdf does to a PDF target besides encrypting it (issue 21 item 2): PdfConvertOptions.rotate turns every
 * page, linearize writes it for fast web view, removeUnusedObjects has it rewritten (qpdf writes only the
 * objects reachable from the trailer), removeUnusedStreams drops from each page's resources what its content
 * does not use (qpdf does that only when it handles pages: `--pages . --` selects every page of the file
 * itself). Applied as the last step, with the encryption when there is one.
 * @param {Record<string, any>} [convertOptions]
 * @returns {{ args: string[], rewrite: boolean, applied: string[] }} rewrite: qpdf must write the file even
 *   without args
 */
export function finishingArgs(convertOptions = {}) {
  const o = convertOptions ?? {};
  const isTrue = (v) => v === true || v === 'true';
  const args = [];
  const applied = ['linearize', 'removeUnusedObjects', 'removeUnusedStreams'];
  if (isTrue(o.linearize)) args.push('--linearize');
  if (o.rotate === undefined || o.rotate === 'None' || Object.hasOwn(ROTATIONS, o.rotate)) {
    applied.push('rotate');
    if (ROTATIONS[o.rotate]) args.push(`--rotate=${ROTATIONS[o.rotate]}`);
  }
  if (isTrue(o.removeUnusedStreams)) args.push('--remove-unreferenced-resources=yes', '--pages', '.', '--');
  return { args, rewrite: isTrue(o.removeUnusedObjects), applied };
}

/** Rewrites `input` as `output` with qpdf's `args` (finishingArgs). */
export async function rewriteWith(input, output, { args, deadline }) {
  const { code } = await runTool('qpdf', [...args, input, output], { deadline, pkg: 'qpdf' });
  if (!succeeded(code))
    throw new ConversionError('engine_failed', `qpdf could not write the result (exit code ${code})`);
}
