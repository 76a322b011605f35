// SPDX-License-Identifier: MIT
// LoadOptions.clearBuiltInDocumentProperties and clearCustomDocumentProperties (issue 21 item 2): the title
// and author a PDF carries (pdfinfo), and the custom properties a docx keeps (docProps/custom.xml), gone when
// asked.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { appliedOptions } from '../../server/converters/index.js';
import { useConverter } from '../support/converter-env.js';
import { withPdfFile } from '../support/pdf-tools.js';
import { unzip } from '../support/zip.js';

const run = promisify(execFile);
const SLOW = { timeout: 120_000 };
// A text document with a title, an author and one custom property.
const FODT = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?><office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ' +
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" ' +
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" office:version="1.3" ' +
    'office:mimetype="application/vnd.oasis.opendocument.text"><office:meta><dc:title>SecretTitle</dc:title>' +
    '<meta:initial-creator>SecretAuthor</meta:initial-creator><dc:creator>SecretAuthor</dc:creator>' +
    '<meta:user-defined meta:name="Project">SecretProject</meta:user-defined></office:meta>' +
    '<office:body><office:text><text:p>Body.</text:p></office:text></office:body></office:document>',
);

describe('document properties', { timeout: 300_000 }, () => {
  const env = useConverter();
  const convert = async (targetFormat, loadOptions) =>
    (await env.converter.convert({ bytes: FODT, sourceFormat: 'fodt', targetFormat, baseName: 'x', loadOptions }))[0]
      .bytes;
  const info = (pdf) => withPdfFile(pdf, async (file) => (await run('pdfinfo', [file])).stdout);
  const custom = async (docx) => {
    const entry = unzip(docx).get('docProps/custom.xml');
    return entry ? Buffer.from(entry).toString('utf8') : '';
  };

  test('clearBuiltInDocumentProperties: no title or author in the PDF', SLOW, async () => {
    const kept = await info(await convert('pdf', {}));
    assert.match(kept, /Title:\s+SecretTitle/);
    assert.match(kept, /Author:\s+SecretAuthor/);
    const cleared = await info(await convert('pdf', { clearBuiltInDocumentProperties: true }));
    assert.doesNotMatch(cleared, /SecretTitle|SecretAuthor/);
  });

  test('clearCustomDocumentProperties: no custom property in the docx', SLOW, async () => {
    assert.match(await custom(await convert('docx', {})), /SecretProject/);
    assert.doesNotMatch(await custom(await convert('docx', { clearCustomDocumentProperties: true })), /SecretProject/);
  });

  test('applied for office documents, whatever the target', () => {
    for (const [sourceFormat, targetFormat] of [
      ['docx', 'docx'],
      ['xlsx', 'pdf'],
      ['pptx', 'png'],
    ]) {
      const applied = appliedOptions({ sourceFormat, targetFormat });
      assert.ok(applied.has('loadOptions.clearBuiltInDocumentProperties'), `${sourceFormat} → ${targetFormat}`);
      assert.ok(applied.has('loadOptions.clearCustomDocumentProperties'), `${sourceFormat} → ${targetFormat}`);
    }
  });
});
