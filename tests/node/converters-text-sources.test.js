// SPDX-License-Identifier: MIT
// Plain-text sources (issue 21 item 2): CsvLoadOptions.encoding and TxtLoadOptions.encoding (a source in
// another character set converts with its letters intact, read back with pdftotext), and TxtLoadOptions
// leadingSpacesOptions / trailingSpacesOptions (where each line starts, read back with pdftotext -bbox).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { appliedOptions } from '../../server/converters/index.js';
import { pdfText, rejectsWith, useConverter } from '../support/converter-env.js';
import { withPdfFile } from '../support/pdf-tools.js';

const run = promisify(execFile);
const SLOW = { timeout: 120_000 };
// "Café;Naïve" in windows-1252, "Привет, мир" in windows-1251, the same in UTF-16LE with its byte order mark.
const CP1252_CSV = Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x3b, 0x4e, 0x61, 0xef, 0x76, 0x65, 0x0a]);
const CP1251_TXT = Buffer.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2, 0x2c, 0x20, 0xec, 0xe8, 0xf0, 0x0a]);
const UTF16_TXT = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Привет, мир\n', 'utf16le')]);

describe('loadOptions.encoding for text and CSV sources', { timeout: 300_000 }, () => {
  const env = useConverter();
  const textOf = async (bytes, sourceFormat, loadOptions) => {
    const [file] = await env.convertBytes(bytes, sourceFormat, 'pdf', { loadOptions });
    return (await pdfText(file.bytes)).replace(/\s+/g, ' ');
  };

  test('a windows-1252 CSV: its letters with encoding, not without', SLOW, async () => {
    assert.match(await textOf(CP1252_CSV, 'csv', { encoding: 'Windows-1252', separator: ';' }), /Café Naïve/);
    assert.doesNotMatch(await textOf(CP1252_CSV, 'csv', { separator: ';' }), /Café/);
  });

  test('a windows-1251 and a UTF-16 text file', SLOW, async () => {
    assert.match(await textOf(CP1251_TXT, 'txt', { encoding: 'windows-1251' }), /Привет, мир/);
    assert.match(await textOf(UTF16_TXT, 'txt', { encoding: 'utf-16' }), /Привет, мир/);
  });

  test('an encoding no decoder has is refused, naming the option', async () => {
    await rejectsWith(
      env.converter.convert({
        bytes: CP1251_TXT,
        sourceFormat: 'txt',
        targetFormat: 'pdf',
        loadOptions: { encoding: 'klingon-8' },
      }),
      'invalid_options',
      /loadOptions\.encoding/,
    );
  });

  test('applied for txt, csv and tsv sources only', () => {
    assert.ok(appliedOptions({ sourceFormat: 'csv', targetFormat: 'xlsx' }).has('loadOptions.encoding'));
    assert.ok(appliedOptions({ sourceFormat: 'txt', targetFormat: 'docx' }).has('loadOptions.encoding'));
    assert.ok(!appliedOptions({ sourceFormat: 'docx', targetFormat: 'pdf' }).has('loadOptions.encoding'));
  });

  test('leadingSpacesOptions Trim: every line starts at the margin; Preserve keeps the indent', SLOW, async () => {
    const text = Buffer.from('Flush\n        Indented   \n');
    const starts = async (loadOptions) => {
      const [file] = await env.convertBytes(text, 'txt', 'pdf', { loadOptions });
      return withPdfFile(file.bytes, async (path) => {
        const { stdout } = await run('pdftotext', ['-bbox', path, '-']);
        return Object.fromEntries(
          [...stdout.matchAll(/<word xMin="([\d.]+)"[^>]*>(\w+)</g)].map((m) => [m[2], Number(m[1])]),
        );
      });
    };
    const kept = await starts({ leadingSpacesOptions: 'Preserve' });
    assert.ok(kept.Indented > kept.Flush + 20, JSON.stringify(kept));
    const trimmed = await starts({ leadingSpacesOptions: 'Trim', trailingSpacesOptions: 'Trim' });
    assert.ok(Math.abs(trimmed.Indented - trimmed.Flush) < 1, JSON.stringify(trimmed));
    assert.ok(appliedOptions({ sourceFormat: 'txt', targetFormat: 'pdf' }).has('loadOptions.trailingSpacesOptions'));
  });
});
