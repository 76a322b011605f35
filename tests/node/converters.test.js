// SPDX-License-Identifier: MIT
// Real conversions through LibreOffice and Poppler, checked by their content (pdfinfo, pdftotext, magic
// bytes, image sizes). Run: node --test tests/node/converters.test.js
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, readlink, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { ConversionError, createConverter, sniffFormat, supportedFormats } from '../../server/converters/index.js';
import { Deadline } from '../../server/converters/errors.js';
import { FAMILIES, RASTER_TARGETS } from '../../server/converters/formats.js';
import { openPdf } from '../../server/converters/poppler.js';
import { BUILT_FIXTURES, FIXTURE_PASSWORD, fixtureBytes, fixturePath } from '../support/fixtures.js';
import { watchProcesses } from '../support/process-watch.js';

const run = promisify(execFile);
let tmp;
let converter;

before(async () => {
  tmp = await mkdtemp(join(os.tmpdir(), 'gdcw-test-'));
  converter = createConverter({ workers: 2, timeoutMs: 60_000, tmpDir: tmp });
  await fixturePath('four-pages.docx'); // builds every fixture once, before the timed tests
});
after(async () => {
  await converter?.close();
  await rm(tmp, { recursive: true, force: true });
});

let seq = 0;
async function toFile(bytes, ext) {
  const path = join(tmp, `f${++seq}.${ext}`);
  await writeFile(path, bytes);
  return path;
}
async function pdfPages(bytes, password) {
  const { stdout } = await run('pdfinfo', [...(password ? ['-upw', password] : []), await toFile(bytes, 'pdf')]);
  return Number(/^Pages:\s+(\d+)/m.exec(stdout)[1]);
}
async function pdfText(bytes, { first, last, password } = {}) {
  const args = [...(first ? ['-f', String(first)] : []), ...(last ? ['-l', String(last)] : [])];
  const { stdout } = await run('pdftotext', [...args, ...(password ? ['-upw', password] : []), await toFile(bytes, 'pdf'), '-']);
  return stdout;
}
/** Width and height from a JPEG's SOF marker or a PNG's IHDR. */
function imageSize(buf) {
  if (buf[0] === 0x89) return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
  for (let p = 2; p < buf.length; ) {
    const marker = buf[p + 1];
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      return { height: buf.readUInt16BE(p + 5), width: buf.readUInt16BE(p + 7) };
    }
    p += 2 + buf.readUInt16BE(p + 2);
  }
  throw new Error('no JPEG frame header');
}
/** Whether pgrep stops finding anything within a few seconds. */
async function gone(pgrepArgs) {
  for (let i = 0; i < 50; i++) {
    if (await run('pgrep', pgrepArgs).then(() => false, () => true)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}
/**
 * The OSL_PIPE_* sockets in /tmp that processes of a group hold open, found from the kernel's side (their fds'
 * inodes in /proc/net/unix), not from the worker's own account of them.
 */
async function pipesHeldByGroup(pgid) {
  const inodes = new Set();
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) !== pgid) continue;
      for (const fd of await readdir(`/proc/${pid}/fd`)) {
        const m = /^socket:\[(\d+)\]$/.exec(await readlink(`/proc/${pid}/fd/${fd}`).catch(() => ''));
        if (m) inodes.add(m[1]);
      }
    } catch {
      // the process ended meanwhile
    }
  }
  const paths = new Set();
  for (const line of (await readFile('/proc/net/unix', 'utf8')).split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f[7]?.startsWith('/tmp/OSL_PIPE_') && inodes.has(f[6])) paths.add(f[7]);
  }
  return [...paths].sort();
}
/** The pipe files of the pool's live worker (slot 0), checked against what its processes really hold. */
async function workerPipes(conv) {
  const worker = conv._pool.slots[0];
  const files = [...worker.pipeFiles].sort();
  assert.equal(files.length, 2, 'the --accept pipe and the SingleOfficeIPC pipe');
  assert.deepEqual(await pipesHeldByGroup(worker.pid), files, 'uno_worker.py names exactly the pipes its soffice made');
  for (const f of files) assert.ok(existsSync(f), f);
  return files;
}
/** Whether none of the files exists any more, within a few seconds. */
async function removed(files) {
  for (let i = 0; i < 50; i++) {
    if (!files.some((f) => existsSync(f))) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}
const MAGIC = {
  pdf: (b) => b.subarray(0, 5).toString() === '%PDF-',
  zip: (b) => b.readUInt32LE(0) === 0x04034b50,
  cfb: (b) => b.readUInt32BE(0) === 0xd0cf11e0,
  jpg: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  png: (b) => b.readUInt32BE(0) === 0x89504e47,
  tif: (b) => ['II*\0', 'MM\0*'].includes(b.subarray(0, 4).toString('latin1')),
  rtf: (b) => b.subarray(0, 5).toString() === '{\\rtf',
  html: (b) => /<html/i.test(b.toString('utf8')),
  text: (b) => !b.includes(0),
};
const MAGIC_OF = {
  pdf: 'pdf', doc: 'cfb', dot: 'cfb', xls: 'cfb', xlt: 'cfb', ppt: 'cfb', pps: 'cfb', pot: 'cfb',
  rtf: 'rtf', html: 'html', txt: 'text', csv: 'text', tsv: 'text', jpg: 'jpg', jpeg: 'jpg', png: 'png', tif: 'tif', tiff: 'tif',
};
const magicOf = (fmt) => MAGIC[MAGIC_OF[fmt] ?? 'zip'];

async function rejectsWith(promise, code, messagePattern) {
  await assert.rejects(promise, (err) => {
    assert.ok(err instanceof ConversionError, `expected a ConversionError, got ${err}`);
    assert.equal(err.code, code, err.message);
    if (messagePattern) assert.match(err.message, messagePattern);
    return true;
  });
}
const convert = async (name, targetFormat, extra = {}) =>
  converter.convert({
    bytes: await fixtureBytes(name), sourceFormat: name.slice(name.lastIndexOf('.') + 1), targetFormat,
    baseName: name.slice(0, name.lastIndexOf('.')), ...extra,
  });

describe('documents to PDF and images', () => {
  it('four-pages.docx (three page breaks) becomes a 4-page PDF whose pages say who they are', async () => {
    const [pdf] = await convert('four-pages.docx', 'pdf');
    assert.equal(pdf.name, 'four-pages.pdf');
    assert.equal(await pdfPages(pdf.bytes), 4);
    assert.match(await pdfText(pdf.bytes, { first: 1, last: 1 }), /Page 1 of four: Alpha/);
    assert.match(await pdfText(pdf.bytes, { first: 4, last: 4 }), /Page 4 of four: Delta/);
  });

  it('four-pages.docx becomes 4 real JPEGs, one per page, sized by width/height/resolution', async () => {
    const files = await convert('four-pages.docx', 'jpg');
    assert.deepEqual(files.map((f) => f.name), [1, 2, 3, 4].map((n) => `four-pages-page-${n}.jpg`));
    for (const f of files) assert.ok(MAGIC.jpg(f.bytes), `${f.name} is a JPEG`);
    const base = imageSize(files[0].bytes); // 96 DPI by default: A4 is 794 x 1123 px
    assert.ok(Math.abs(base.width - 794) <= 2 && Math.abs(base.height - 1123) <= 2, JSON.stringify(base));
    const [half] = await convert('four-pages.docx', 'jpg', { convertOptions: { horizontalResolution: 48, verticalResolution: 48, pages: [1] } });
    assert.ok(Math.abs(imageSize(half.bytes).width - base.width / 2) <= 2);
    const [wide] = await convert('four-pages.docx', 'jpg', { convertOptions: { width: 400, pages: [1] } });
    const w = imageSize(wide.bytes);
    assert.equal(w.width, 400);
    assert.ok(Math.abs(w.height - Math.round((400 * base.height) / base.width)) <= 2, 'width alone keeps the aspect ratio');
    const [box] = await convert('four-pages.docx', 'png', { convertOptions: { width: 300, height: 200, pages: [1] } });
    assert.deepEqual(imageSize(box.bytes), { width: 300, height: 200 });
  });

  it('keeps the requested image extension verbatim (jpeg stays jpeg, tif stays tif)', async () => {
    for (const fmt of ['jpeg', 'png', 'tif', 'tiff']) {
      const files = await convert('four-pages.docx', fmt, { convertOptions: { pages: [2, 4] } });
      assert.deepEqual(files.map((f) => f.name), [`four-pages-page-2.${fmt}`, `four-pages-page-4.${fmt}`]);
      for (const f of files) assert.ok(magicOf(fmt)(f.bytes), `${f.name} has ${fmt} magic`);
    }
  });

  it('xlsx and pptx become PDFs with their content', async () => {
    const [sheet] = await convert('sheet.xlsx', 'pdf');
    assert.equal(await pdfPages(sheet.bytes), 2, 'one page per sheet');
    const sheetText = await pdfText(sheet.bytes);
    assert.match(sheetText, /Revenue/);
    assert.match(sheetText, /4600/, 'the formula was computed');
    assert.match(sheetText, /Zebra marker/);
    const [slides] = await convert('slides.pptx', 'pdf');
    assert.equal(await pdfPages(slides.bytes), 2);
    assert.match(await pdfText(slides.bytes, { first: 1, last: 1 }), /Slide one: Mercury/);
    assert.match(await pdfText(slides.bytes, { first: 2, last: 2 }), /Slide two: Venus/);
  });
});

describe('passwords', () => {
  it('password-protected.docx is real encrypted OOXML', async () => {
    const bytes = await fixtureBytes('password-protected.docx');
    assert.ok(MAGIC.cfb(bytes), 'an encrypted OOXML package is a CFB container');
    assert.ok(bytes.includes(Buffer.from('EncryptionInfo', 'utf16le')));
  });

  it('converts with loadOptions.password and fails clearly without or with a wrong one', async () => {
    const [pdf] = await convert('password-protected.docx', 'pdf', { loadOptions: { password: FIXTURE_PASSWORD } });
    assert.match(await pdfText(pdf.bytes), /the secret word is Xylophone/);
    await rejectsWith(convert('password-protected.docx', 'pdf'), 'password_required', /password-protected: pass loadOptions\.password/);
    await rejectsWith(convert('password-protected.docx', 'pdf', { loadOptions: { password: '' } }), 'password_required');
    const wrong = convert('password-protected.docx', 'pdf', { loadOptions: { password: 'hunter2-wrong' } });
    await assert.rejects(wrong, (err) => err.code === 'wrong_password' && err.message === 'The password is incorrect' && !err.message.includes('hunter2'));
  });

  it('tells wrong from missing for binary .doc encryption too', async () => {
    const [doc] = await convert('one-page.docx', 'doc', { convertOptions: { password: 'p4ss' } });
    const req = { bytes: doc.bytes, sourceFormat: 'doc', targetFormat: 'txt' };
    await rejectsWith(converter.convert(req), 'password_required');
    await rejectsWith(converter.convert({ ...req, loadOptions: { password: 'nope' } }), 'wrong_password');
    const [txt] = await converter.convert({ ...req, loadOptions: { password: 'p4ss' } });
    assert.match(txt.bytes.toString('utf8'), /exactly one page/);
  });

  it('convertOptions.password encrypts a PDF (pdfinfo needs -upw) and an xlsx', async () => {
    const [pdf] = await convert('four-pages.docx', 'pdf', { convertOptions: { password: 's3cret' } });
    await assert.rejects(pdfPages(pdf.bytes), /Incorrect password/);
    assert.equal(await pdfPages(pdf.bytes, 's3cret'), 4);
    const [xlsx] = await convert('sheet.xlsx', 'xlsx', { convertOptions: { password: 's3cret' } });
    assert.equal(sniffFormat(xlsx.bytes, 'x.xlsx'), 'xlsx');
    assert.ok(MAGIC.cfb(xlsx.bytes));
    await rejectsWith(converter.convert({ bytes: xlsx.bytes, sourceFormat: 'xlsx', targetFormat: 'csv' }), 'password_required');
  });

  it('opens an encrypted PDF source with its password only', async () => {
    const req = { bytes: await fixtureBytes('password-protected.pdf'), sourceFormat: 'pdf', targetFormat: 'txt' };
    await rejectsWith(converter.convert(req), 'password_required');
    await rejectsWith(converter.convert({ ...req, loadOptions: { password: 'nope' } }), 'wrong_password');
    const [txt] = await converter.convert({ ...req, loadOptions: { password: FIXTURE_PASSWORD } });
    assert.match(txt.bytes.toString('utf8'), /Xylophone/);
    const [pdf] = await converter.convert({ ...req, targetFormat: 'pdf', loadOptions: { password: FIXTURE_PASSWORD } });
    assert.equal(await pdfPages(pdf.bytes), 1, 'the result is decrypted');
  });
});

const decryptedLeft = async (dir) => (await readdir(dir, { recursive: true })).filter((f) => f.includes('decrypted-'));

describe('a PDF password never reaches a command line', () => {
  it('no process shows it while encrypted PDFs convert (every Poppler path, info); the private copy is 0700 and removed', async () => {
    const secret = `gd-${randomBytes(12).toString('hex')}`;
    const seen = await watchProcesses(secret, converter._root, async () => {
      const [pdf] = await convert('four-pages.docx', 'pdf', { convertOptions: { password: secret } });
      const req = { bytes: pdf.bytes, sourceFormat: 'pdf', loadOptions: { password: secret } };
      const images = await converter.convert({ ...req, targetFormat: 'png', convertOptions: { dpi: 200 } });
      assert.equal(images.length, 4);
      const [txt] = await converter.convert({ ...req, targetFormat: 'txt' });
      assert.match(txt.bytes.toString('utf8'), /four/i);
      const [html] = await converter.convert({ ...req, targetFormat: 'html' });
      assert.ok(MAGIC.html(html.bytes));
      const [two] = await converter.convert({ ...req, targetFormat: 'pdf', convertOptions: { pages: [1, 3] } });
      assert.equal(await pdfPages(two.bytes), 2, 'the pages, decrypted');
      const [all] = await converter.convert({ ...req, targetFormat: 'pdf' });
      assert.equal(await pdfPages(all.bytes), 4);
      const meta = await converter.info({ bytes: pdf.bytes, sourceFormat: 'pdf', loadOptions: { password: secret } });
      assert.deepEqual([meta.pageCount, meta.isPasswordProtected], [4, true]);
      await rejectsWith(converter.convert({ ...req, targetFormat: 'txt', loadOptions: { password: `${secret}-wrong` } }), 'wrong_password');
      await rejectsWith(converter.convert({ ...req, targetFormat: 'txt', loadOptions: {} }), 'password_required');
    });
    assert.deepEqual(seen.hits, [], `the password was readable in /proc (${seen.samples} samples)`);
    assert.ok(seen.tools.includes('pdftoppm'), `the watcher saw the converter's children (saw: ${seen.tools.join(', ')}; ${seen.samples} samples)`);
    assert.ok(seen.copies.length > 0, 'the watcher saw a decrypted copy');
    assert.ok(seen.copies.every((mode) => mode === 0o700), `private folder modes: ${seen.copies.map((m) => m.toString(8))}`);
  });

  it('openPdf removes its copy on close(), on a wrong password and on a timeout mid-decryption', async () => {
    const bytes = await fixtureBytes('password-protected.pdf');
    const dir = await mkdtemp(join(tmp, 'open-'));
    const input = join(dir, 'source.pdf');
    await writeFile(input, bytes);
    const opened = await openPdf(input, { dir, password: FIXTURE_PASSWORD, deadline: new Deadline(30_000) });
    assert.notEqual(opened.pdf, input);
    assert.equal((await stat(join(opened.pdf, '..'))).mode & 0o777, 0o700);
    assert.deepEqual([opened.info.pages, opened.encrypted, opened.needsPassword], [1, true, true]);
    await run('pdfinfo', [opened.pdf]); // opens with no password
    await opened.close();
    assert.deepEqual(await decryptedLeft(dir), []);

    await rejectsWith(openPdf(input, { dir, password: 'nope', deadline: new Deadline(30_000) }), 'wrong_password');
    assert.deepEqual(await decryptedLeft(dir), []);
    // The probe (pdfinfo) gets its time; qpdf gets 1 ms and is killed.
    let calls = 0;
    const deadline = { limitMs: 5000, remaining: () => (++calls === 1 ? 30_000 : 1) };
    await rejectsWith(openPdf(input, { dir, password: FIXTURE_PASSWORD, deadline }), 'timeout');
    assert.ok(calls >= 2, 'qpdf was started');
    assert.deepEqual(await decryptedLeft(dir), []);
    const plain = await openPdf(input, { dir, deadline: new Deadline(30_000) }).catch((err) => err);
    assert.equal(plain.code, 'password_required');
  });

  it('a password with a line break is taken whole (qpdf reads one line of its password file)', async () => {
    const [pdf] = await convert('one-page.docx', 'pdf', { convertOptions: { password: 'first\nsecond' } });
    const req = { bytes: pdf.bytes, sourceFormat: 'pdf', targetFormat: 'txt' };
    await rejectsWith(converter.convert({ ...req, loadOptions: { password: 'first' } }), 'wrong_password');
    const [txt] = await converter.convert({ ...req, loadOptions: { password: 'first\nsecond' } });
    assert.match(txt.bytes.toString('utf8'), /exactly one page/);
  });
});

describe('page options', () => {
  it('fromPage/pagesCount and pages select PDF pages', async () => {
    const [two] = await convert('four-pages.docx', 'pdf', { convertOptions: { fromPage: 2, pagesCount: 2 } });
    assert.equal(await pdfPages(two.bytes), 2);
    assert.match(await pdfText(two.bytes, { first: 1, last: 1 }), /Bravo/);
    assert.match(await pdfText(two.bytes, { first: 2, last: 2 }), /Charlie/);
    const [tail] = await convert('four-pages.docx', 'pdf', { convertOptions: { fromPage: 3 } });
    assert.equal(await pdfPages(tail.bytes), 2);
    const [picked] = await convert('four-pages.docx', 'pdf', { convertOptions: { pages: [4, 1] } });
    assert.match(await pdfText(picked.bytes), /Alpha[\s\S]*Delta/);
    assert.equal(await pdfPages(picked.bytes), 2);
  });

  it('selects pages of a PDF source for pdf and image targets', async () => {
    const [pdf] = await convert('four-pages.pdf', 'pdf', { convertOptions: { pages: [1, 3, 4] } });
    assert.equal(await pdfPages(pdf.bytes), 3);
    assert.match(await pdfText(pdf.bytes, { first: 2, last: 2 }), /Charlie/);
    const images = await convert('four-pages.pdf', 'png', { convertOptions: { fromPage: 3, pagesCount: 9 } });
    assert.deepEqual(images.map((f) => f.name), ['four-pages-page-3.png', 'four-pages-page-4.png']);
  });

  it('rejects pages the document does not have', async () => {
    await rejectsWith(convert('four-pages.docx', 'pdf', { convertOptions: { fromPage: 9 } }), 'invalid_options', /not in the document/);
    await rejectsWith(convert('four-pages.pdf', 'jpg', { convertOptions: { pages: [7] } }), 'invalid_options', /has 4 pages/);
    await rejectsWith(convert('four-pages.docx', 'pdf', { convertOptions: { fromPage: -1 } }), 'invalid_options');
  });

  it('honours pdfFormat', async () => {
    const [pdf] = await convert('one-page.docx', 'pdf', { convertOptions: { pdfFormat: 'v1_5' } });
    const { stdout } = await run('pdfinfo', [await toFile(pdf.bytes, 'pdf')]);
    assert.match(stdout, /PDF version:\s+1\.5/);
  });
});

describe('the converter table', () => {
  it('supportedFormats() is the table, sorted', () => {
    const listed = supportedFormats();
    assert.deepEqual(converter.supportedFormats(), listed);
    const expected = Object.values(FAMILIES).flatMap((f) =>
      Object.keys(f.sources).map((s) => ({ sourceFormat: s, targetFormats: [...Object.keys(f.targets), ...Object.keys(RASTER_TARGETS)].sort() })));
    expected.sort((a, b) => a.sourceFormat.localeCompare(b.sourceFormat));
    assert.deepEqual(listed, expected);
    const docx = listed.find((f) => f.sourceFormat === 'docx').targetFormats;
    for (const t of ['pdf', 'doc', 'docx', 'odt', 'rtf', 'txt', 'html', 'jpg', 'jpeg', 'png', 'tif', 'tiff']) assert.ok(docx.includes(t), t);
    assert.ok(converter.isRasterTarget('JPEG') && converter.isRasterTarget('tif') && !converter.isRasterTarget('pdf'));
  });

  // One source per family to every listed target; every target that is also a source goes back to PDF.
  const SAMPLES = { words: ['four-pages.docx', /Delta/], cells: ['sheet.xlsx', /Revenue/], slides: ['slides.pptx', /Venus/], pdf: ['four-pages.pdf', /Delta/] };
  for (const [family, [fixture, expected]] of Object.entries(SAMPLES)) {
    it(`${family}: ${fixture} converts to every listed target, and back`, async () => {
      const source = fixture.slice(fixture.lastIndexOf('.') + 1);
      const targets = supportedFormats().find((f) => f.sourceFormat === source).targetFormats;
      await Promise.all(targets.map(async (target) => {
        const files = await convert(fixture, target);
        assert.ok(files.length >= 1, `${source} → ${target}`);
        for (const f of files) {
          assert.ok(f.bytes.length > 0 && magicOf(target)(f.bytes), `${source} → ${target}: ${f.name} has the right magic`);
        }
        if (['txt', 'html', 'csv', 'tsv'].includes(target)) assert.match(files[0].bytes.toString('utf8'), expected, `${source} → ${target}`);
        if (!Object.hasOwn(FAMILIES[family].sources, target) || target === source) return;
        const [back] = await converter.convert({ bytes: files[0].bytes, sourceFormat: target, targetFormat: 'pdf' });
        assert.match(await pdfText(back.bytes), expected, `${source} → ${target} → pdf`);
      }));
    });
  }

  it('reads the flat ODF sources, CSV with a separator, and HTML and text', async () => {
    for (const [name, expected] of [['four-pages.fodt', /Alpha/], ['sheet.fods', /Revenue/], ['slides.fodp', /Mercury/], ['plain.csv', /Quito/]]) {
      const [pdf] = await convert(name, 'pdf');
      assert.match(await pdfText(pdf.bytes), expected, name);
    }
    const semicolons = Buffer.from('name;score\nAda;36\nGrace;85\n');
    const [csv] = await converter.convert({ bytes: semicolons, sourceFormat: 'csv', targetFormat: 'csv', loadOptions: { separator: ';' } });
    assert.equal(csv.bytes.toString('utf8').trim(), 'name,score\nAda,36\nGrace,85');
    const html = Buffer.from('<!DOCTYPE html><html><body><h1>Hello</h1><p>from <b>HTML</b></p></body></html>');
    const [fromHtml] = await converter.convert({ bytes: html, sourceFormat: 'htm', targetFormat: 'docx' });
    const [txt] = await converter.convert({ bytes: fromHtml.bytes, sourceFormat: 'docx', targetFormat: 'txt' });
    assert.match(txt.bytes.toString('utf8'), /Hello\s+from HTML/);
  });

  it('refuses what it cannot do, in words a user understands', async () => {
    await rejectsWith(convert('sheet.xlsx', 'pptx'), 'unsupported_format', /^Cannot convert xlsx to pptx: supported targets for xlsx are .*csv.*pdf.*xlsx/);
    await rejectsWith(converter.convert({ bytes: Buffer.from('x'), sourceFormat: 'xyz', targetFormat: 'pdf' }), 'unsupported_format', /supported source formats are .*docx/);
    await rejectsWith(converter.convert({ bytes: Buffer.alloc(0), sourceFormat: 'docx', targetFormat: 'pdf' }), 'corrupt_input', /empty/);
    const garbage = Buffer.concat([Buffer.from([0x50, 0x4b, 3, 4]), Buffer.alloc(300, 7)]);
    await rejectsWith(converter.convert({ bytes: garbage, sourceFormat: 'docx', targetFormat: 'pdf' }), 'corrupt_input');
    await rejectsWith(converter.convert({ bytes: Buffer.from('not a pdf'), sourceFormat: 'pdf', targetFormat: 'png' }), 'corrupt_input');
    const sheet = await fixtureBytes('sheet.xlsx');
    await rejectsWith(converter.convert({ bytes: sheet, sourceFormat: 'docx', targetFormat: 'pdf' }), 'corrupt_input', /not a docx file/);
  });
});

describe('sniffFormat', () => {
  it('knows every fixture by its bytes, with or without the SDK\'s "file.name"', async () => {
    for (const name of [...Object.keys(BUILT_FIXTURES), 'four-pages.fodt', 'sheet.fods', 'slides.fodp', 'plain.csv']) {
      const ext = name.slice(name.lastIndexOf('.') + 1);
      const bytes = await fixtureBytes(name);
      assert.equal(sniffFormat(bytes), ext, name);
      assert.equal(sniffFormat(bytes, 'file.name'), ext, `${name} as file.name`);
      assert.equal(sniffFormat(bytes, `upload/${name}`), ext, `${name} with its own name`);
    }
  });

  it('lets a plausible name win and ignores an implausible one', async () => {
    const doc = await fixtureBytes('four-pages.doc');
    assert.equal(sniffFormat(doc, 'template.DOT'), 'dot');
    assert.equal(sniffFormat(doc, 'sheet.xlsx'), 'doc');
    assert.equal(sniffFormat(await fixtureBytes('password-protected.docx'), 'secret.pptx'), 'pptx');
    assert.equal(sniffFormat(await fixtureBytes('sheet.xlsx'), 'x.xlsm'), 'xlsm');
    assert.equal(sniffFormat(Buffer.from('{\\rtf1 hi}')), 'rtf');
    assert.equal(sniffFormat(Buffer.from('<!doctype html><p>x')), 'html');
    assert.equal(sniffFormat(Buffer.from('Just words, and more words.\nAnother line.')), 'txt');
    assert.equal(sniffFormat(Buffer.from('a,b\n1,2\n'), 'file.name'), 'csv');
    assert.equal(sniffFormat(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0])), 'png');
    assert.equal(sniffFormat(Buffer.from([0xff, 0xd8, 0xff, 0xe0]), 'photo.jpeg'), 'jpeg');
    assert.equal(sniffFormat(Buffer.from([1, 2, 0, 3])), null);
    assert.equal(sniffFormat(Buffer.alloc(0)), null);
  });
});

describe('info', () => {
  it('reports the rendered page count and metadata', async () => {
    const meta = await converter.info({ bytes: await fixtureBytes('four-pages.docx'), sourceFormat: 'docx' });
    assert.equal(meta.pageCount, 4);
    assert.equal(meta.fileType, 'Docx');
    assert.equal(meta.size, (await fixtureBytes('four-pages.docx')).length);
    assert.equal(meta.isPasswordProtected, false);
    assert.equal(meta.title, 'Four pages');
    assert.equal(meta.createdDate, '2024-01-02T03:04:05Z');
    assert.equal(meta.layers, null);
    const withPassword = await converter.info({ bytes: await fixtureBytes('four-pages.docx'), sourceFormat: 'docx', loadOptions: { password: 'unneeded' } });
    assert.equal(withPassword.isPasswordProtected, false, 'a password given for a plain document does not make it protected');
    assert.equal(withPassword.pageCount, 4);
    assert.equal((await converter.info({ bytes: await fixtureBytes('slides.pptx'), sourceFormat: 'pptx' })).pageCount, 2);
    const pdf = await converter.info({ bytes: await fixtureBytes('four-pages.pdf'), sourceFormat: 'pdf' });
    assert.equal(pdf.pageCount, 4);
    assert.equal(pdf.fileType, 'Pdf');
  });

  it('does not fail on an encrypted document: isPasswordProtected, pageCount 0 until the password is given', async () => {
    for (const name of ['password-protected.docx', 'password-protected.pdf']) {
      const req = { bytes: await fixtureBytes(name), sourceFormat: name.split('.').pop() };
      assert.deepEqual(
        (({ isPasswordProtected, pageCount }) => ({ isPasswordProtected, pageCount }))(await converter.info(req)),
        { isPasswordProtected: true, pageCount: 0 }, name);
      assert.equal((await converter.info({ ...req, loadOptions: { password: 'wrong' } })).pageCount, 0);
      const open = await converter.info({ ...req, loadOptions: { password: FIXTURE_PASSWORD } });
      assert.equal(open.pageCount, 1, name);
      assert.equal(open.isPasswordProtected, true, name);
    }
  });
});

describe('the office pool', () => {
  it('runs concurrent jobs (6 jobs, 2 workers)', async () => {
    const names = ['four-pages.docx', 'sheet.xlsx', 'slides.pptx', 'one-page.docx', 'four-pages.odt', 'sheet.ods'];
    const results = await Promise.all(names.map((n) => convert(n, 'pdf')));
    for (const [i, [pdf]] of results.entries()) assert.ok(MAGIC.pdf(pdf.bytes), names[i]);
    assert.equal(await pdfPages(results[0][0].bytes), 4);
  });

  it('kills a hung worker after the timeout, replaces it, and the next job succeeds; close() leaves nothing', async () => {
    // Only the hung job gets the short limit: a real conversion on a loaded machine may take longer than 1.5 s.
    const small = createConverter({ workers: 1, timeoutMs: 60_000, tmpDir: tmp });
    try {
      const bytes = await fixtureBytes('one-page.docx');
      await small.convert({ bytes, sourceFormat: 'docx', targetFormat: 'pdf' }); // warm
      const [hungPid] = small._pool.pids();
      const t0 = Date.now();
      await rejectsWith(small._pool.run({ cmd: 'sleep', seconds: 600 }, { timeoutMs: 1500 }), 'timeout', /did not finish within 1.5 s/);
      assert.ok(Date.now() - t0 < 5000);
      // SIGKILLed grandchildren stay zombies until init reaps them (well under a second): wait for that.
      assert.ok(await gone(['-g', String(hungPid)]), 'the hung process group (python, oosplash, soffice.bin) is gone');
      const [pdf] = await small.convert({ bytes, sourceFormat: 'docx', targetFormat: 'pdf' });
      assert.match(await pdfText(pdf.bytes), /exactly one page/);
      assert.notEqual(small._pool.pids()[0], hungPid);
      // A crashed worker (soffice killed under it) is replaced too.
      process.kill(-small._pool.pids()[0], 'SIGKILL');
      const [again] = await small.convert({ bytes, sourceFormat: 'docx', targetFormat: 'pdf' });
      assert.ok(MAGIC.pdf(again.bytes));
    } finally {
      await small.close();
      await small.close(); // idempotent
    }
    assert.ok(await gone(['-f', small._root]), 'no process of ours is left');
    await rejectsWith(small.convert({ bytes: Buffer.from('x'), sourceFormat: 'txt', targetFormat: 'pdf' }), 'engine_failed', /closed/);
  });

  it('a confined worker makes no LibreOffice pipe in the machine\'s /tmp, whatever happens to it', async () => {
    // sandbox.py gives the worker a /tmp of its own, where soffice's pipes stay (and go with it).
    const machinePipes = async () => (await readdir('/tmp')).filter((f) => f.startsWith('OSL_PIPE_')).sort();
    const before = await machinePipes();
    const small = createConverter({ workers: 1, timeoutMs: 60_000, tmpDir: tmp });
    try {
      const bytes = await fixtureBytes('one-page.docx');
      await small.convert({ bytes, sourceFormat: 'docx', targetFormat: 'pdf' });
      const worker = small._pool.slots[0];
      assert.equal(worker.pipeFiles.length, 2, 'it names its two pipes');
      assert.deepEqual(await pipesHeldByGroup(worker.pid), [], 'none of them in this network namespace');
      assert.ok(!worker.pipeFiles.some((f) => existsSync(f)), 'nor in this /tmp');
      process.kill(-worker.pid, 'SIGKILL');
      await small.convert({ bytes, sourceFormat: 'docx', targetFormat: 'pdf' }); // on its replacement
    } finally {
      await small.close();
    }
    assert.deepEqual((await machinePipes()).filter((f) => !before.includes(f)), []);
  });

  // Unconfined (and when the kernel refuses user namespaces, see sandbox.py) the pipes are in the shared /tmp.
  it('leaves no LibreOffice pipe in /tmp when a worker is killed (-9) or the pool closes', async () => {
    const small = createConverter({ workers: 1, timeoutMs: 60_000, tmpDir: tmp, sandbox: false });
    let files;
    try {
      const bytes = await fixtureBytes('one-page.docx');
      await small.convert({ bytes, sourceFormat: 'docx', targetFormat: 'pdf' });
      files = await workerPipes(small);
      process.kill(-small._pool.pids()[0], 'SIGKILL'); // python and soffice die without cleaning up
      assert.ok(await removed(files), `the killed worker's pipes are removed: ${files.filter((f) => existsSync(f))}`);
      await small.convert({ bytes, sourceFormat: 'docx', targetFormat: 'pdf' }); // on its replacement
      files = await workerPipes(small);
    } finally {
      await small.close();
    }
    assert.ok(!files.some((f) => existsSync(f)), 'close() leaves no pipe of its worker');
  });

  it('a hung job\'s killed and replaced worker leaves no LibreOffice pipe', async () => {
    const small = createConverter({ workers: 1, timeoutMs: 60_000, tmpDir: tmp, sandbox: false });
    try {
      const bytes = await fixtureBytes('one-page.docx');
      await small.convert({ bytes, sourceFormat: 'docx', targetFormat: 'pdf' });
      const hung = await workerPipes(small);
      await rejectsWith(small._pool.run({ cmd: 'sleep', seconds: 600 }, { timeoutMs: 1500 }), 'timeout');
      assert.ok(await removed(hung), `the hung worker's pipes are removed: ${hung.filter((f) => existsSync(f))}`);
      await small.convert({ bytes, sourceFormat: 'docx', targetFormat: 'pdf' });
      const next = await workerPipes(small);
      assert.ok(next.every((f) => !hung.includes(f)), 'the replacement has pipes of its own');
    } finally {
      await small.close();
    }
  });

  it('fails fast and says what to install when LibreOffice cannot start', async () => {
    const broken = createConverter({ workers: 1, soffice: '/nonexistent/soffice', tmpDir: tmp });
    try {
      const job = { bytes: Buffer.from('hello'), sourceFormat: 'txt', targetFormat: 'pdf' };
      await rejectsWith(broken.convert(job), 'engine_failed', /could not be started.*Install Debian's libreoffice-writer-nogui/);
      await rejectsWith(broken.convert(job), 'engine_failed', /could not be started/); // tries again, fails again
    } finally {
      await broken.close();
    }
  });

  it('is much faster warm than a cold soffice --convert-to', async (t) => {
    const input = await fixturePath('one-page.docx');
    const profile = join(tmp, 'cold-profile');
    const cold = async () => {
      const start = Date.now();
      await new Promise((resolve, reject) => {
        const p = spawn('soffice', ['--headless', `-env:UserInstallation=file://${profile}`, '--convert-to', 'pdf', '--outdir', join(tmp, 'cold'), input], { stdio: 'ignore' });
        p.on('error', reject);
        p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`soffice exited ${code}`))));
      });
      return Date.now() - start;
    };
    const firstEver = await cold(); // creates the profile
    const coldMs = await cold();
    const bytes = await readFile(input);
    const warm = [];
    for (let i = 0; i < 5; i++) {
      const start = Date.now();
      await converter.convert({ bytes, sourceFormat: 'docx', targetFormat: 'pdf' });
      warm.push(Date.now() - start);
    }
    const warmMs = warm.sort((a, b) => a - b)[2];
    t.diagnostic(`one-page.docx → pdf: cold soffice --convert-to ${coldMs} ms (first run with a new profile ${firstEver} ms), warm pool median ${warmMs} ms`);
    assert.ok(warmMs * 3 < coldMs, `warm ${warmMs} ms vs cold ${coldMs} ms`);
  });
});
