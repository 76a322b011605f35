// SPDX-License-Identifier: MIT
// convertOptions.password on PDF output (issue 18 item 4): AES-256 (qpdf reports R = 6, AESv3), the PDF
// opens with the password and not without, whatever the source, and the password never shows in a
// process's command line or environment. LibreOffice alone encrypted with RC4-128 (R = 3).

import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fixturePath } from '../support/fixtures.js';
import { useLocalServer } from '../support/local-server.js';
import { decryptedPdf, pageTexts, pdfEncryption } from '../support/pdf-tools.js';
import { watchProcesses } from '../support/process-watch.js';

const SLOW = { timeout: 180_000 };

describe('PDF output passwords', { timeout: 600_000 }, () => {
  const t = useLocalServer({ converter: 'real' });
  before(async () => {
    for (const name of ['four-pages.docx', 'four-pages.pdf']) {
      assert.equal((await t.upload(`in/${name}`, await readFile(await fixturePath(name)))).status, 200);
    }
  });

  const convert = async (file, convertOptions) => {
    const r = await t.call({
      method: 'POST',
      path: '/v2.0/conversion',
      json: { filePath: `in/${file}`, format: 'pdf', convertOptions },
    });
    assert.equal(r.status, 200, r.body.toString());
    return r;
  };

  /** The checks every encrypted result must pass. */
  async function assertAes256(bytes, password, expectedText) {
    const locked = await pdfEncryption(bytes);
    assert.equal(locked.requiresPassword, true, 'qpdf --requires-password');
    assert.equal(locked.opens, false, 'it does not open without the password');
    assert.equal((await pdfEncryption(bytes, `${password}-wrong`)).opens, false, 'nor with a wrong one');
    const open = await pdfEncryption(bytes, password);
    assert.equal(open.opens, true, 'it opens with the password');
    assert.match(open.report, /^R = 6$/m, open.report);
    assert.match(open.report, /^stream encryption method: AESv3$/m, open.report);
    assert.match(open.report, /^string encryption method: AESv3$/m, open.report);
    assert.match((await pageTexts(await decryptedPdf(bytes, password))).join('\n'), expectedText);
  }

  test('docx → pdf: AES-256 (R = 6), opens with the password only; no option reported as ignored', SLOW, async () => {
    const r = await convert('four-pages.docx', { password: 'Pa55-wörd' });
    await assertAes256(r.body, 'Pa55-wörd', /Page 4 of four/);
    assert.equal(r.headers['x-groupdocs-ignored-options'], undefined);
  });

  test(
    'pdf → pdf is encrypted too (it used to be ignored), also with pages selected and a watermark',
    SLOW,
    async () => {
      const r = await convert('four-pages.pdf', {
        password: 'from-pdf',
        pages: [2],
        watermarkOptions: { text: 'SEALED' },
      });
      await assertAes256(r.body, 'from-pdf', /Bravo[\s\S]*SEALED|SEALED[\s\S]*Bravo/);
    },
  );

  test('pdfFormat with a password: the password wins and pdfFormat is reported as ignored', SLOW, async () => {
    const r = await convert('four-pages.docx', { password: 'pdfa', pdfFormat: 'PdfA_1B' });
    await assertAes256(r.body, 'pdfa', /Alpha/);
    assert.equal(r.headers['x-groupdocs-ignored-options'], 'convertOptions.pdfFormat');
  });

  test('the password never shows in a command line or an environment while it encrypts', SLOW, async () => {
    const secret = `gd-${randomBytes(12).toString('hex')}`;
    const root = t.server.app.conversions.converter._root;
    const seen = await watchProcesses(secret, root, async () => {
      await convert('four-pages.docx', { password: secret });
      await convert('four-pages.pdf', { password: secret, watermarkOptions: { text: 'W' } });
    });
    assert.deepEqual(seen.hits, [], `the password was readable in /proc (${seen.samples} samples)`);
    assert.ok(
      seen.tools.includes('qpdf'),
      `the watcher saw qpdf (saw: ${seen.tools.join(', ')}; ${seen.samples} samples)`,
    );
  });
});
