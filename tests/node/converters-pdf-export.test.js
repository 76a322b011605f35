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
import { pdfObjects, withPdfFile } from '../support/pdf-tools.js';

const run = promisify(execFile);
const SLOW = { timeout: 120_000 };

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

  test('imageQuality and compressImages: the images stored smaller', SLOW, async () => {
    // A noisy 1200 px picture shown 5 cm wide (610 dpi): JPEG quality and resampling both show in the size.
    const png = (
      await run('gm', ['convert', '-size', '1200x1200', 'plasma:fractal', 'png:-'], {
        encoding: 'buffer',
        maxBuffer: 64 << 20,
      })
    ).stdout;
    const fodt = Buffer.from(
      '<?xml version="1.0" encoding="UTF-8"?><office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ' +
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" ' +
        'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" ' +
        'office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text"><office:body><office:text><text:p>' +
        '<draw:frame svg:width="5cm" svg:height="5cm" text:anchor-type="as-char"><draw:image>' +
        `<office:binary-data>${png.toString('base64')}</office:binary-data></draw:image></draw:frame>` +
        '</text:p></office:text></office:body></office:document>',
    );
    const size = async (convertOptions) => {
      const [file] = await env.converter.convert({
        bytes: fodt,
        sourceFormat: 'fodt',
        targetFormat: 'pdf',
        convertOptions,
      });
      return file.bytes.length;
    };
    const best = await size({ imageQuality: 100 });
    const poor = await size({ imageQuality: 10 });
    assert.ok(poor * 3 < best, `quality 10: ${poor} B, quality 100: ${best} B`);
    const resampled = await size({ imageQuality: 100, compressImages: true });
    assert.ok(resampled * 3 < best, `resampled to 150 dpi: ${resampled} B, as is: ${best} B`);
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
