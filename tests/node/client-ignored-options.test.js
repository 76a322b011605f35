// SPDX-License-Identifier: MIT
// No option silently dropped (issue 18 item 5), as a user of this client sees it: convert() resolves with
// the options the server said it ignored (x-groupdocs-ignored-options on the start), through storage and
// direct, so that a user's own test can notice. The fake converter applies loadOptions.password only.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useClient } from '../support/local-server.js';

const DOC = new TextEncoder().encode('FAKEDOC pages=2');

describe('convert(): ignoredOptions', () => {
  const env = useClient({ converter: 'fake' });

  const options = {
    format: 'pdf',
    fileName: 'doc.docx',
    loadOptions: { password: 'pw', HideComments: true },
    convertOptions: { dpi: 300, watermarkOptions: { text: 'DRAFT', image: 'logo.png' }, notAnOptionYet: 1 },
  };
  const expected = [
    'convertOptions.dpi',
    'convertOptions.watermarkOptions.image',
    'convertOptions.watermarkOptions.text',
    'loadOptions.hideComments',
  ];

  test('through storage: the start names what the server will not apply', async () => {
    const { files, ignoredOptions } = await env.client.convert(DOC, options);
    assert.equal(files.length, 1);
    assert.deepEqual(ignoredOptions, expected);
  });

  test('direct: the same', async () => {
    const { ignoredOptions } = await env.client.convert(DOC, { ...options, direct: true });
    assert.deepEqual(ignoredOptions, expected);
  });

  test('nothing ignored: an empty list', async () => {
    const { ignoredOptions } = await env.client.convert(DOC, { format: 'pdf', fileName: 'doc.docx' });
    assert.deepEqual(ignoredOptions, []);
  });
});
