// SPDX-License-Identifier: MIT
// HtmlConvertOptions.fixedLayout and fixedLayoutShowBorders (issue 21 item 2): an html target laid out page by
// page from the PDF export, with the page selection and the watermark of a PDF; without fixedLayout, Writer's
// flowing HTML as before.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appliedOptions } from '../../server/converters/index.js';
import { useConverter } from '../support/converter-env.js';

const SLOW = { timeout: 120_000 };
const pagesOf = (html) => [...html.matchAll(/<div id="page(\d+)-div"/g)].map((m) => Number(m[1]));

describe('fixed-layout HTML', { timeout: 300_000 }, () => {
  const env = useConverter();
  const htmlOf = async (convertOptions) => {
    const [file] = await env.convert('four-pages.docx', 'html', { convertOptions });
    return file.bytes.toString('utf8');
  };

  test('fixedLayout: a box per page, each line placed where the PDF has it', SLOW, async () => {
    const html = await htmlOf({ fixedLayout: true });
    assert.deepEqual(pagesOf(html), [1, 2, 3, 4]);
    assert.match(html, /position:absolute/);
    for (const word of ['Alpha', 'Bravo', 'Charlie', 'Delta']) assert.match(html, new RegExp(word));
    assert.doesNotMatch(html, /outline:1px solid/);
  });

  test('flowing HTML without it', SLOW, async () => {
    const html = await htmlOf({});
    assert.deepEqual(pagesOf(html), []);
    assert.match(html, /Alpha/);
  });

  test('the page selection, the borders and the watermark apply', SLOW, async () => {
    const html = await htmlOf({
      fixedLayout: true,
      fixedLayoutShowBorders: true,
      pages: [2, 3],
      watermarkOptions: { text: 'DRAFTMARK', color: 'Red' },
    });
    assert.equal(pagesOf(html).length, 2);
    assert.match(html, /Bravo/);
    assert.match(html, /Charlie/);
    assert.doesNotMatch(html, /Alpha|Delta/);
    assert.match(html, /outline:1px solid/);
    assert.match(html, /DRAFTMARK/);
  });

  test('reported as applied for html targets of office documents', () => {
    const applied = appliedOptions({
      sourceFormat: 'docx',
      targetFormat: 'html',
      convertOptions: { fixedLayout: true, watermarkOptions: { text: 'DRAFTMARK' } },
    });
    for (const o of ['fixedLayout', 'fixedLayoutShowBorders', 'pages', 'watermarkOptions.text']) {
      assert.ok(applied.has(`convertOptions.${o}`), o);
    }
    assert.ok(!appliedOptions({ sourceFormat: 'docx', targetFormat: 'html' }).has('convertOptions.pages'));
  });
});
