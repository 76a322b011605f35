// SPDX-License-Identifier: MIT
// PdfConvertOptions for how a viewer opens the PDF (issue 21 item 2), read back from the PDF's catalog: its
// ViewerPreferences (centerWindow, displayDocTitle, fitWindow, hideMenuBar, hideToolBar, hideWindowUI), its
// PageLayout and PageMode, and zoom (the open action's magnification); and how it is written: rotate (each
// page's /Rotate, pdfinfo) and linearize (qpdf --check-linearization), with and without a password.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { appliedOptions } from '../../server/converters/index.js';
import { useConverter } from '../support/converter-env.js';
import { withPdfFile } from '../support/pdf-tools.js';

const run = promisify(execFile);
const SLOW = { timeout: 120_000 };

/** The PDF's objects as text (qpdf's QDF form: uncompressed, one object after another). */
const pdfObjects = (bytes) =>
  withPdfFile(bytes, async (file) => {
    const { stdout } = await run('qpdf', ['--qdf', '--object-streams=disable', file, '-'], {
      encoding: 'latin1',
      maxBuffer: 64 << 20,
    });
    return stdout;
  });

describe('how a viewer opens the PDF', { timeout: 300_000 }, () => {
  const env = useConverter();
  const catalogOf = async (convertOptions) => {
    const [file] = await env.convert('four-pages.docx', 'pdf', { convertOptions });
    return pdfObjects(file.bytes);
  };

  test('the window flags, pageLayout, pageMode and zoom are written into the catalog', SLOW, async () => {
    const plain = await catalogOf({});
    for (const key of ['CenterWindow', 'DisplayDocTitle', 'FitWindow', 'HideMenubar', 'HideToolbar', 'HideWindowUI']) {
      assert.doesNotMatch(plain, new RegExp(`/${key} true`), key);
    }
    const set = await catalogOf({
      centerWindow: true,
      displayDocTitle: true,
      fitWindow: true,
      hideMenuBar: true,
      hideToolBar: true,
      hideWindowUI: true,
      pageLayout: 'TwoColumnRight',
      pageMode: 'UseOutlines',
      zoom: 150,
    });
    for (const key of ['CenterWindow', 'DisplayDocTitle', 'FitWindow', 'HideMenubar', 'HideToolbar', 'HideWindowUI']) {
      assert.match(set, new RegExp(`/${key} true`), key);
    }
    assert.match(set, /\/PageLayout \/TwoColumnRight/);
    assert.match(set, /\/PageMode \/UseOutlines/);
    assert.match(set, /\/XYZ\s+null\s+null\s+1\.5/, 'opens at 150 %');
    assert.match(await catalogOf({ pageLayout: 'SinglePage' }), /\/PageLayout \/SinglePage/);
  });

  test('rotate and linearize, from office and PDF sources, encrypted or not', SLOW, async () => {
    const rotations = (bytes, password) =>
      withPdfFile(bytes, async (file) => {
        const args = ['-f', '1', '-l', '99', ...(password ? ['-upw', password] : []), file];
        const { stdout } = await run('pdfinfo', args);
        return [...stdout.matchAll(/^Page +\d+ rot: +(\d+)/gm)].map((m) => Number(m[1]));
      });
    const linearized = (bytes, password) =>
      withPdfFile(bytes, async (file) => {
        const args = ['--check-linearization', ...(password ? [`--password=${password}`] : []), file];
        const { stdout } = await run('qpdf', args).catch((err) => err);
        return /no linearization errors/.test(stdout);
      });
    const [plain] = await env.convert('four-pages.docx', 'pdf', { convertOptions: {} });
    assert.deepEqual(await rotations(plain.bytes), [0, 0, 0, 0]);
    assert.equal(await linearized(plain.bytes), false);
    const [turned] = await env.convert('four-pages.docx', 'pdf', {
      convertOptions: { rotate: 'On90', linearize: true },
    });
    assert.deepEqual(await rotations(turned.bytes), [90, 90, 90, 90]);
    assert.equal(await linearized(turned.bytes), true);
    const [locked] = await env.convert('four-pages.pdf', 'pdf', {
      convertOptions: { rotate: 'On180', linearize: true, password: 'pw' },
    });
    assert.deepEqual(await rotations(locked.bytes, 'pw'), [180, 180, 180, 180]);
    assert.equal(await linearized(locked.bytes, 'pw'), true);
  });

  test('a value LibreOffice cannot write is reported, not applied', () => {
    const applied = (convertOptions) => appliedOptions({ sourceFormat: 'docx', targetFormat: 'pdf', convertOptions });
    assert.ok(applied({ pageLayout: 'OneColumn' }).has('convertOptions.pageLayout'));
    assert.ok(!applied({ pageLayout: 'TwoPageLeft' }).has('convertOptions.pageLayout'));
    assert.ok(!applied({ pageLayout: 'TwoColumnLeft' }).has('convertOptions.pageLayout'));
    assert.ok(!applied({ pageMode: 'UseAttachments' }).has('convertOptions.pageMode'));
    assert.ok(applied({ centerWindow: true }).has('convertOptions.centerWindow'));
    assert.ok(applied({ rotate: 'On90' }).has('convertOptions.rotate'));
    assert.ok(applied({ linearize: true }).has('convertOptions.linearize'));
    assert.ok(
      !appliedOptions({ sourceFormat: 'pdf', targetFormat: 'pdf', convertOptions: {} }).has(
        'convertOptions.centerWindow',
      ),
    );
  });
});
