// SPDX-License-Identifier: MIT
// The page a word-processing document is laid out on (issue 21 item 2): PdfConvertOptions/WordProcessing-
// ConvertOptions pageSize (and Custom with width and height), pageOrientation and marginTop/Bottom/Left/Right,
// read back with pdfinfo (the page's size) and pdftotext -bbox (where the first word starts).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { appliedOptions } from '../../server/converters/index.js';
import { useConverter } from '../support/converter-env.js';
import { withPdfFile } from '../support/pdf-tools.js';

const run = promisify(execFile);
const SLOW = { timeout: 120_000 };

/** The first page's size in points, and where its first word starts. */
const layoutOf = (bytes) =>
  withPdfFile(bytes, async (file) => {
    const info = (await run('pdfinfo', [file])).stdout;
    const [, width, height] = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info).map(Number);
    const bbox = (await run('pdftotext', ['-bbox', '-f', '1', '-l', '1', file, '-'])).stdout;
    const [, left, top] = /<word xMin="([\d.]+)" yMin="([\d.]+)"/.exec(bbox).map(Number);
    return { width: Math.round(width), height: Math.round(height), left, top };
  });

describe('the page a document is laid out on', { timeout: 300_000 }, () => {
  const env = useConverter();
  const layout = async (convertOptions) => {
    const [file] = await env.convert('four-pages.docx', 'pdf', { convertOptions });
    return layoutOf(file.bytes);
  };

  test('pageSize and pageOrientation', SLOW, async () => {
    assert.deepEqual((({ width, height }) => [width, height])(await layout({})), [595, 842]);
    assert.deepEqual((({ width, height }) => [width, height])(await layout({ pageSize: 'Letter' })), [612, 792]);
    const a5 = await layout({ pageSize: 'A5', pageOrientation: 'Landscape' });
    assert.deepEqual([a5.width, a5.height], [595, 420]);
    const custom = await layout({ pageSize: 'Custom', width: 300, height: 400 });
    assert.deepEqual([custom.width, custom.height], [300, 400]);
  });

  test('marginLeft and marginTop: the text starts where they say', SLOW, async () => {
    const wide = await layout({ marginLeft: 150, marginTop: 200 });
    assert.ok(Math.abs(wide.left - 150) < 3, `left ${wide.left}`);
    assert.ok(wide.top > 197 && wide.top < 215, `top ${wide.top}`);
    const plain = await layout({});
    assert.ok(plain.left < 100, `the document's own margin: ${plain.left}`);
  });

  test(
    'marginRight and marginBottom: lines end before the right margin, pages before the bottom one',
    SLOW,
    async () => {
      const [file] = await env.convert('four-pages.docx', 'pdf', {
        convertOptions: { marginRight: 400, marginBottom: 650 },
      });
      const right = await withPdfFile(file.bytes, async (path) => {
        const bbox = (await run('pdftotext', ['-bbox', path, '-'])).stdout;
        return Math.max(...[...bbox.matchAll(/xMax="([\d.]+)"/g)].map((m) => Number(m[1])));
      });
      assert.ok(right <= 595 - 400 + 3, `text reaches x = ${right}`);
      const bottom = await withPdfFile(file.bytes, async (path) => {
        const bbox = (await run('pdftotext', ['-bbox', path, '-'])).stdout;
        return Math.max(...[...bbox.matchAll(/yMax="([\d.]+)"/g)].map((m) => Number(m[1])));
      });
      assert.ok(bottom <= 842 - 650 + 3, `text reaches y = ${bottom}`);
    },
  );

  test('applied for word-processing sources only', () => {
    const applied = appliedOptions({ sourceFormat: 'docx', targetFormat: 'pdf' });
    for (const o of ['pageSize', 'pageOrientation', 'marginTop', 'marginBottom', 'marginLeft', 'marginRight']) {
      assert.ok(applied.has(`convertOptions.${o}`), o);
    }
    assert.ok(!appliedOptions({ sourceFormat: 'xlsx', targetFormat: 'pdf' }).has('convertOptions.pageSize'));
  });
});
