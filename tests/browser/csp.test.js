// SPDX-License-Identifier: MIT
// The Content Security Policy docs/api.md promises: `script-src 'self' 'wasm-unsafe-eval'` is all the package
// needs (no 'unsafe-eval': the glue is linked with -sDYNAMIC_EXECUTION=0). The demo page ships that policy;
// a violation would be a console error, and the conversion would fail with load_failed.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createFakeConverter } from '../support/fake-converter.js';
import { openPage, useDemoPage, waitForStep } from './support.js';
import { useTempDir } from '../support/temp-dir.js';

describe('the package under a strict CSP', { timeout: 300_000 }, () => {
  const demo = useDemoPage({ converter: createFakeConverter() });
  const tmp = useTempDir('gdconv-csp-');

  test("script-src 'self' 'wasm-unsafe-eval' (+ the import map's hash) is enough", async () => {
    const { page, problems } = await openPage(demo.browser.context, `${demo.server.url}/`);
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1].split(' ');
    assert.deepEqual(scriptSrc.slice(0, 2), ["'self'", "'wasm-unsafe-eval'"]);
    assert.equal(scriptSrc.length, 3);
    assert.match(scriptSrc[2], /^'sha256-[A-Za-z0-9+/=]+'$/);
    const file = join(tmp.path, 'fake.docx');
    await writeFile(file, 'FAKEDOC pages=1');
    await page.getByLabel('Choose a document').setInputFiles(file);
    await page.locator('#format:not([disabled])').waitFor();
    await page.getByRole('button', { name: 'Convert' }).click();
    await page
      .locator('.step[data-step="download"][data-state="done"], #error:not([hidden])')
      .first()
      .waitFor({ timeout: 60_000 });
    assert.equal(await page.locator('#error').isHidden(), true, await page.locator('#error .error-code').textContent());
    await waitForStep(page, 'download', 'done');
    assert.deepEqual(problems, []);
    await page.close();
  });
});
