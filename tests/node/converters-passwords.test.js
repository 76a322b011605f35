// SPDX-License-Identifier: MIT
// Passwords through the real converter (server/converters): encrypted sources opened with the password only
// and told wrong from missing, encrypted outputs, and a PDF password that never reaches a command line (every
// process is watched while encrypted PDFs convert) or outlives the call in a decrypted copy.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sniffFormat } from '../../server/converters/index.js';
import { Deadline } from '../../server/converters/errors.js';
import { openPdf } from '../../server/converters/poppler.js';
import { FIXTURE_PASSWORD, fixtureBytes } from '../support/fixtures.js';
import { watchProcesses } from '../support/process-watch.js';
import { MAGIC, pdfPages, pdfText, rejectsWith, useConverter } from '../support/converter-env.js';

const run = promisify(execFile);
const env = useConverter();

describe('passwords', () => {
  it('password-protected.docx is real encrypted OOXML', async () => {
    const bytes = await fixtureBytes('password-protected.docx');
    assert.ok(MAGIC.cfb(bytes), 'an encrypted OOXML package is a CFB container');
    assert.ok(bytes.includes(Buffer.from('EncryptionInfo', 'utf16le')));
  });

  it('converts with loadOptions.password and fails clearly without or with a wrong one', async () => {
    const [pdf] = await env.convert('password-protected.docx', 'pdf', { loadOptions: { password: FIXTURE_PASSWORD } });
    assert.match(await pdfText(pdf.bytes), /the secret word is Xylophone/);
    await rejectsWith(
      env.convert('password-protected.docx', 'pdf'),
      'password_required',
      /password-protected: pass loadOptions\.password/,
    );
    await rejectsWith(
      env.convert('password-protected.docx', 'pdf', { loadOptions: { password: '' } }),
      'password_required',
    );
    const wrong = env.convert('password-protected.docx', 'pdf', { loadOptions: { password: 'hunter2-wrong' } });
    await assert.rejects(
      wrong,
      (err) =>
        err.code === 'wrong_password' &&
        err.message === 'The password is incorrect' &&
        !err.message.includes('hunter2'),
    );
  });

  it('tells wrong from missing for binary .doc encryption too', async () => {
    const [doc] = await env.convert('one-page.docx', 'doc', { convertOptions: { password: 'p4ss' } });
    const req = { bytes: doc.bytes, sourceFormat: 'doc', targetFormat: 'txt' };
    await rejectsWith(env.converter.convert(req), 'password_required');
    await rejectsWith(env.converter.convert({ ...req, loadOptions: { password: 'nope' } }), 'wrong_password');
    const [txt] = await env.converter.convert({ ...req, loadOptions: { password: 'p4ss' } });
    assert.match(txt.bytes.toString('utf8'), /exactly one page/);
  });

  it('convertOptions.password encrypts a PDF (pdfinfo needs -upw) and an xlsx', async () => {
    const [pdf] = await env.convert('four-pages.docx', 'pdf', { convertOptions: { password: 's3cret' } });
    await assert.rejects(pdfPages(pdf.bytes), /Incorrect password/);
    assert.equal(await pdfPages(pdf.bytes, 's3cret'), 4);
    const [xlsx] = await env.convert('sheet.xlsx', 'xlsx', { convertOptions: { password: 's3cret' } });
    assert.equal(sniffFormat(xlsx.bytes, 'x.xlsx'), 'xlsx');
    assert.ok(MAGIC.cfb(xlsx.bytes));
    await rejectsWith(
      env.converter.convert({ bytes: xlsx.bytes, sourceFormat: 'xlsx', targetFormat: 'csv' }),
      'password_required',
    );
  });

  it('opens an encrypted PDF source with its password only', async () => {
    const req = { bytes: await fixtureBytes('password-protected.pdf'), sourceFormat: 'pdf', targetFormat: 'txt' };
    await rejectsWith(env.converter.convert(req), 'password_required');
    await rejectsWith(env.converter.convert({ ...req, loadOptions: { password: 'nope' } }), 'wrong_password');
    const [txt] = await env.converter.convert({ ...req, loadOptions: { password: FIXTURE_PASSWORD } });
    assert.match(txt.bytes.toString('utf8'), /Xylophone/);
    const [pdf] = await env.converter.convert({
      ...req,
      targetFormat: 'pdf',
      loadOptions: { password: FIXTURE_PASSWORD },
    });
    assert.equal(await pdfPages(pdf.bytes), 1, 'the result is decrypted');
  });
});

const decryptedLeft = async (dir) => (await readdir(dir, { recursive: true })).filter((f) => f.includes('decrypted-'));

describe('a PDF password never reaches a command line', () => {
  it('no process shows it while encrypted PDFs convert (every Poppler path, info); the private copy is 0700 and removed', async () => {
    const secret = `gd-${randomBytes(12).toString('hex')}`;
    const seen = await watchProcesses(secret, env.converter._root, async () => {
      const [pdf] = await env.convert('four-pages.docx', 'pdf', { convertOptions: { password: secret } });
      const req = { bytes: pdf.bytes, sourceFormat: 'pdf', loadOptions: { password: secret } };
      const images = await env.converter.convert({ ...req, targetFormat: 'png', convertOptions: { dpi: 200 } });
      assert.equal(images.length, 4);
      const [txt] = await env.converter.convert({ ...req, targetFormat: 'txt' });
      assert.match(txt.bytes.toString('utf8'), /four/i);
      const [html] = await env.converter.convert({ ...req, targetFormat: 'html' });
      assert.ok(MAGIC.html(html.bytes));
      const [two] = await env.converter.convert({ ...req, targetFormat: 'pdf', convertOptions: { pages: [1, 3] } });
      assert.equal(await pdfPages(two.bytes), 2, 'the pages, decrypted');
      const [all] = await env.converter.convert({ ...req, targetFormat: 'pdf' });
      assert.equal(await pdfPages(all.bytes), 4);
      const meta = await env.converter.info({
        bytes: pdf.bytes,
        sourceFormat: 'pdf',
        loadOptions: { password: secret },
      });
      assert.deepEqual([meta.pageCount, meta.isPasswordProtected], [4, true]);
      await rejectsWith(
        env.converter.convert({ ...req, targetFormat: 'txt', loadOptions: { password: `${secret}-wrong` } }),
        'wrong_password',
      );
      await rejectsWith(env.converter.convert({ ...req, targetFormat: 'txt', loadOptions: {} }), 'password_required');
    });
    assert.deepEqual(seen.hits, [], `the password was readable in /proc (${seen.samples} samples)`);
    assert.ok(
      seen.tools.includes('pdftoppm'),
      `the watcher saw the converter's children (saw: ${seen.tools.join(', ')}; ${seen.samples} samples)`,
    );
    assert.ok(seen.copies.length > 0, 'the watcher saw a decrypted copy');
    assert.ok(
      seen.copies.every((mode) => mode === 0o700),
      `private folder modes: ${seen.copies.map((m) => m.toString(8))}`,
    );
  });

  it('openPdf removes its copy on close(), on a wrong password and on a timeout mid-decryption', async () => {
    const bytes = await fixtureBytes('password-protected.pdf');
    const dir = await mkdtemp(join(env.tmp, 'open-'));
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
    const [pdf] = await env.convert('one-page.docx', 'pdf', { convertOptions: { password: 'first\nsecond' } });
    const req = { bytes: pdf.bytes, sourceFormat: 'pdf', targetFormat: 'txt' };
    await rejectsWith(env.converter.convert({ ...req, loadOptions: { password: 'first' } }), 'wrong_password');
    const [txt] = await env.converter.convert({ ...req, loadOptions: { password: 'first\nsecond' } });
    assert.match(txt.bytes.toString('utf8'), /exactly one page/);
  });
});
