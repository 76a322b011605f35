// SPDX-License-Identifier: MIT
// Looking inside PDF output from tests with Poppler and qpdf: text per page, the fonts, a page rendered to
// pixels (pdftoppm's PPM, parsed here; PNG results decoded here too), and the encryption qpdf reports.
// Passwords go to qpdf on stdin.

import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { inflateSync } from 'node:zlib';

const run = promisify(execFile);

/**
 * Runs `fn` with the bytes written to a temp PDF file, removed afterwards.
 * @template T
 * @param {Uint8Array} bytes
 * @param {(file: string) => Promise<T>} fn
 * @returns {Promise<T>}
 */
export async function withPdfFile(bytes, fn) {
  const dir = await mkdtemp(join(tmpdir(), 'gdconv-pdf-'));
  try {
    const file = join(dir, 'doc.pdf');
    await writeFile(file, bytes);
    return await fn(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A PDF's text as pdftotext -layout places it (words broken at a line end stay broken). */
export const pdfLayoutText = (bytes) =>
  withPdfFile(bytes, async (file) => (await run('pdftotext', ['-layout', file, '-'])).stdout);

/** The PDF's objects as text (qpdf's QDF form: uncompressed, one object after another). */
export const pdfObjects = (bytes) =>
  withPdfFile(bytes, async (file) => {
    const { stdout } = await run('qpdf', ['--qdf', '--object-streams=disable', file, '-'], {
      encoding: 'latin1',
      maxBuffer: 64 << 20,
    });
    return stdout;
  });

/** @param {Uint8Array} bytes @returns {Promise<string[]>} the text of each page (pdftotext) */
export function pageTexts(bytes) {
  return withPdfFile(bytes, async (file) => {
    const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', file, '-'], { maxBuffer: 64 << 20 });
    return stdout.split('\f').slice(0, -1); // pdftotext ends every page with a form feed
  });
}

/** @param {Uint8Array} bytes @returns {Promise<string[]>} the font names pdffonts lists */
export function fontNames(bytes) {
  return withPdfFile(bytes, async (file) => {
    const { stdout } = await run('pdffonts', [file]);
    return stdout
      .split('\n')
      .slice(2)
      .filter(Boolean)
      .map((line) => line.split(/\s+/)[0].replace(/^[A-Z]{6}\+/, ''));
  });
}

/**
 * One page as RGB pixels.
 * @param {Uint8Array} bytes
 * @param {{ page?: number, dpi?: number }} [o]
 * @returns {Promise<{ width: number, height: number, at: (x: number, y: number) => [number, number, number] }>}
 */
export function renderPage(bytes, { page = 1, dpi = 36 } = {}) {
  return withPdfFile(bytes, async (file) => {
    const { stdout } = await run('pdftoppm', ['-f', String(page), '-l', String(page), '-r', String(dpi), file], {
      encoding: 'buffer',
      maxBuffer: 256 << 20,
    });
    return parsePpm(stdout);
  });
}

/** Binary PPM (P6, maxval 255), as pdftoppm writes it. */
function parsePpm(buf) {
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(buf.toString('latin1', 0, 64));
  if (!header) throw new Error('not a P6 PPM');
  const [, width, height] = header.map(Number);
  const offset = header[0].length;
  const at = (x, y) => {
    const i = offset + 3 * (y * width + x);
    return [buf[i], buf[i + 1], buf[i + 2]];
  };
  return { width, height, at };
}

/**
 * Decodes an 8-bit RGB or RGBA, non-interlaced PNG (what pdftoppm -png writes) into the shape renderPage
 * returns.
 * @param {Buffer} buf
 */
export function decodePng(buf) {
  const chunks = [];
  let width = 0;
  let height = 0;
  let channels = 0;
  for (let p = 8; p < buf.length;) {
    const length = buf.readUInt32BE(p);
    const type = buf.toString('latin1', p + 4, p + 8);
    const data = buf.subarray(p + 8, p + 8 + length);
    if (type === 'IHDR') {
      [width, height] = [data.readUInt32BE(0), data.readUInt32BE(4)];
      if (data[8] !== 8 || ![2, 6].includes(data[9]) || data[12] !== 0)
        throw new Error('only 8-bit RGB(A), non-interlaced PNGs');
      channels = data[9] === 2 ? 3 : 4;
    } else if (type === 'IDAT') chunks.push(data);
    p += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(chunks));
  const stride = width * channels;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? pixels[y * stride + i - channels] : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + i] : 0;
      const c = y > 0 && i >= channels ? pixels[(y - 1) * stride + i - channels] : 0;
      const paeth = () => {
        const q = a + b - c;
        const [pa, pb, pc] = [Math.abs(q - a), Math.abs(q - b), Math.abs(q - c)];
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      };
      const predictor = [0, a, b, (a + b) >> 1, paeth()][filter];
      pixels[y * stride + i] = (line[i] + predictor) & 0xff;
    }
  }
  const at = (x, y) => {
    const i = y * stride + x * channels;
    return [pixels[i], pixels[i + 1], pixels[i + 2]];
  };
  return { width, height, at };
}

/**
 * The pixels of a rendered page that match `test`, and their bounding box.
 * @param {Awaited<ReturnType<typeof renderPage>>} image
 * @param {(rgb: [number, number, number]) => boolean} test
 * @returns {{ count: number, points: Set<number>, box: null | { left: number, top: number, right: number, bottom: number } }}
 *   points: y * width + x of each match
 */
export function pixelsWhere(image, test) {
  const points = new Set();
  let box = null;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      if (!test(image.at(x, y))) continue;
      points.add(y * image.width + x);
      if (!box) box = { left: x, top: y, right: x, bottom: y };
      box.left = Math.min(box.left, x);
      box.right = Math.max(box.right, x);
      box.top = Math.min(box.top, y);
      box.bottom = Math.max(box.bottom, y);
    }
  }
  return { count: points.size, points, box };
}

/**
 * Runs a tool with `stdin` written to it; resolves its exit code and output whatever the code.
 * @param {string} tool
 * @param {string[]} args
 * @param {string} [stdin]
 * @returns {Promise<{ code: number, stdout: string, stderr: string }>}
 */
function runWithStdin(tool, args, stdin = '') {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/**
 * What qpdf says of a PDF's encryption, the password (if any) given on its stdin.
 * @param {Uint8Array} bytes
 * @param {string} [password]
 * @returns {Promise<{ requiresPassword: boolean, report: string, opens: boolean }>} requiresPassword:
 *   `qpdf --requires-password` (exit 0 = it needs one); report: `--show-encryption`'s output (R = …,
 *   methods; it exits 0 even when the password is wrong); opens: whether `qpdf --check` can read it with
 *   that password (or none)
 */
export function pdfEncryption(bytes, password) {
  return withPdfFile(bytes, async (file) => {
    const withPassword = (args) =>
      password === undefined
        ? runWithStdin('qpdf', [...args, file])
        : runWithStdin('qpdf', ['--password-file=-', ...args, file], password);
    const requires = await runWithStdin('qpdf', ['--requires-password', file]);
    const shown = await withPassword(['--show-encryption']);
    const checked = await withPassword(['--check']);
    return {
      requiresPassword: requires.code === 0,
      report: shown.stdout,
      opens: checked.code === 0 || checked.code === 3,
    };
  });
}

/**
 * The PDF decrypted with its password (qpdf, the password on stdin).
 * @param {Uint8Array} bytes
 * @param {string} password
 * @returns {Promise<Buffer>}
 */
export function decryptedPdf(bytes, password) {
  return withPdfFile(bytes, async (file) => {
    const out = `${file}.plain.pdf`;
    const { code, stderr } = await runWithStdin('qpdf', ['--password-file=-', '--decrypt', file, out], password);
    if (code !== 0 && code !== 3) throw new Error(`qpdf --decrypt failed (${code}): ${stderr}`);
    return readFile(out);
  });
}

/**
 * The texts of a PDF's comment annotations (/Subtype /Text), decoded. LibreOffice writes annotation
 * dictionaries uncompressed, their /Contents as a UTF-16BE hex string or a literal one.
 * @param {Uint8Array} bytes
 * @returns {string[]}
 */
export function commentAnnotations(bytes) {
  const pdf = Buffer.from(bytes).toString('latin1');
  const texts = [];
  for (const [, dict] of pdf.matchAll(/<<\s*\/Type\s*\/Annot\s*\/Subtype\s*\/Text\b([\s\S]*?)>>/g)) {
    const hex = /\/Contents\s*<([0-9A-Fa-f\s]*)>/.exec(dict);
    const literal = /\/Contents\s*\(((?:\\.|[^\\)])*)\)/.exec(dict);
    if (hex) {
      const raw = Buffer.from(hex[1].replace(/\s/g, ''), 'hex');
      texts.push(
        raw[0] === 0xfe && raw[1] === 0xff ? raw.subarray(2).swap16().toString('utf16le') : raw.toString('latin1'),
      );
    } else if (literal) texts.push(literal[1]);
  }
  return texts;
}
