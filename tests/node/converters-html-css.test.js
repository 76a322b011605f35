// SPDX-License-Identifier: MIT
// WebLoadOptions.customCssStyle for HTML sources (issue 21 item 2): the CSS reaches Writer (a font family
// read back with pdffonts, a font size with pdftotext -bbox), the page's encoding is kept (windows-1252 and
// UTF-16 pages), and the CSS is data: `</style>` inside it cannot add markup to the page.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { appliedOptions } from '../../server/converters/index.js';
import { pdfText, useConverter } from '../support/converter-env.js';
import { fontNames, withPdfFile } from '../support/pdf-tools.js';

const run = promisify(execFile);
const SLOW = { timeout: 120_000 };
const PAGE =
  '<!DOCTYPE html><html><head><meta charset="utf-8"><title>t</title></head><body><p>First café.</p></body></html>';
const MONO = 'p { font-family: "DejaVu Sans Mono" }';

/** The height of the first word's box in points (pdftotext -bbox). */
const firstWordHeight = (pdf) =>
  withPdfFile(pdf, async (file) => {
    const { stdout } = await run('pdftotext', ['-bbox', file, '-']);
    const [, top, bottom] = /<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">First/.exec(stdout);
    return Number(bottom) - Number(top);
  });

describe('loadOptions.customCssStyle for HTML sources', { timeout: 300_000 }, () => {
  const env = useConverter();
  const pdfOf = async (bytes, loadOptions = {}, sourceFormat = 'html') => {
    const [file] = await env.converter.convert({ bytes, sourceFormat, targetFormat: 'pdf', loadOptions });
    return file.bytes;
  };

  test('a font family: pdffonts lists it with the CSS, not without', SLOW, async () => {
    assert.ok(!(await fontNames(await pdfOf(Buffer.from(PAGE)))).includes('DejaVuSansMono'));
    const styled = await pdfOf(Buffer.from(PAGE), { customCssStyle: MONO });
    assert.ok((await fontNames(styled)).includes('DejaVuSansMono'), (await fontNames(styled)).join());
    assert.match(await pdfText(styled), /First café\./);
  });

  test('a font size: the words grow', SLOW, async () => {
    const plain = await firstWordHeight(await pdfOf(Buffer.from(PAGE)));
    const big = await firstWordHeight(await pdfOf(Buffer.from(PAGE), { customCssStyle: 'p { font-size: 40pt }' }));
    assert.ok(big > plain * 2, `${plain} → ${big}`);
  });

  test('the page keeps its encoding: windows-1252 and UTF-16 pages, an .htm source', SLOW, async () => {
    const cp1252 = Buffer.from(PAGE.replace('utf-8', 'windows-1252'), 'latin1');
    const styled = await pdfOf(cp1252, { customCssStyle: `${MONO} /* é */` }, 'htm');
    assert.match(await pdfText(styled), /First café\./);
    assert.ok((await fontNames(styled)).includes('DejaVuSansMono'));
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(PAGE.replace('utf-8', 'utf-16'), 'utf16le')]);
    const styled16 = await pdfOf(utf16, { customCssStyle: MONO });
    assert.match(await pdfText(styled16), /First café\./);
    assert.ok((await fontNames(styled16)).includes('DejaVuSansMono'));
  });

  test('the CSS cannot end its <style> element and add markup', SLOW, async () => {
    const css = `p { color: red }</style><p>INJECTED</p><style>${MONO}`;
    const text = await pdfText(await pdfOf(Buffer.from(PAGE), { customCssStyle: css }));
    assert.doesNotMatch(text, /INJECTED/);
    assert.match(text, /First café\./);
  });

  test('applied for html and htm sources, every target; not for others', () => {
    for (const [src, dst] of [
      ['html', 'pdf'],
      ['htm', 'docx'],
      ['html', 'png'],
    ]) {
      assert.ok(appliedOptions({ sourceFormat: src, targetFormat: dst }).has('loadOptions.customCssStyle'), src + dst);
    }
    assert.ok(!appliedOptions({ sourceFormat: 'docx', targetFormat: 'pdf' }).has('loadOptions.customCssStyle'));
    assert.ok(!appliedOptions({ sourceFormat: 'html', targetFormat: 'pdf' }).has('loadOptions.zoom'));
  });
});
