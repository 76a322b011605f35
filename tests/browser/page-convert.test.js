// SPDX-License-Identifier: MIT
// The demo page (web/) in Debian's Chromium against the local server with the real converter:
// docx to PDF and to PNG pages, a page range, passwords (wrong, missing, right), the keyboard, labels,
// a 360 px phone screen, and no console errors. Screenshots go to test-output/screenshots/.

import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { fixturePath } from '../support/fixtures.js';
import { readPdf } from '../support/client-env.js';
import { SLOW, chooseFile, openPage, screenshot, useDemoPage, step, waitForStep } from './support.js';

/** The bytes behind the result's download links, read inside the page. */
function resultFiles(page) {
  return page.$$eval('#files a.file-link', async (links) =>
    Promise.all(
      links.map(async (a) => {
        const bytes = new Uint8Array(await (await fetch(a.href)).arrayBuffer());
        return {
          name: a.download,
          text: a.textContent,
          size: bytes.length,
          head: Array.from(bytes.slice(0, 8)),
          b64: btoa(String.fromCharCode(...bytes)),
        };
      }),
    ),
  );
}

/** Waits until Chromium's PDF viewer runs in the preview frame. */
async function pdfViewerLoaded(page) {
  const viewer = () => page.frames().some((f) => f.url().startsWith('chrome-extension://'));
  for (const deadline = Date.now() + 30_000; !viewer();) {
    assert.ok(Date.now() < deadline, 'the PDF viewer did not load in the preview frame');
    await page.waitForEvent('framenavigated', { timeout: 1000 }).catch(() => {});
  }
}

/** Whether the document is wider than the window (a horizontal scroll bar). */
function horizontalOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

describe('the demo page converts in the browser', { timeout: 600_000 }, () => {
  const demo = useDemoPage();
  let docx;
  let protectedDocx;

  before(async () => {
    [docx, protectedDocx] = await Promise.all([fixturePath('four-pages.docx'), fixturePath('password-protected.docx')]);
  });

  test('docx to PDF: every step done, a download link, the PDF in the preview', async () => {
    const { page, problems } = await openPage(demo.browser.context, `${demo.server.url}/`);
    await screenshot(page, '01-idle-desktop');
    assert.equal(await page.getByRole('button', { name: 'Convert' }).isDisabled(), true);

    await chooseFile(page, docx);
    const formats = await page.$$eval('#format option', (options) => options.map((o) => o.value));
    assert.ok(formats.includes('pdf') && formats.includes('png'), `formats: ${formats}`);
    assert.equal(await page.locator('#format').inputValue(), 'pdf'); // PDF is preselected
    assert.match(await page.locator('#file-info').textContent(), /four-pages\.docx — [\d.]+ KB/);
    await screenshot(page, '02-file-chosen');

    await page.getByRole('button', { name: 'Convert' }).click();
    await waitForStep(page, 'download', 'done');
    for (const name of ['token', 'upload', 'convert', 'download']) {
      assert.equal(await step(page, name).getAttribute('data-state'), 'done', name);
    }
    // The client got its token from /demo/token when it listed the formats, and reuses it.
    assert.match(
      await step(page, 'token').locator('.step-detail').textContent(),
      /^Using the token fetched earlier \(valid for 60 min\)$/,
    );
    assert.match(await step(page, 'upload').locator('.step-detail').textContent(), /Uploaded [\d.]+ KB in/);
    assert.match(await page.getByRole('status').textContent(), /Done: four-pages\.docx → PDF in/);
    assert.equal(await page.getByRole('alert').filter({ hasText: /\S/ }).count(), 0);

    const [pdf] = await resultFiles(page);
    assert.equal(pdf.name, 'four-pages.pdf');
    assert.equal(pdf.text, 'Download four-pages.pdf');
    const { pages, text } = await readPdf(Buffer.from(pdf.b64, 'base64'));
    assert.equal(pages, 4);
    assert.match(text, /page/i);
    // Chromium shows the PDF inline: the preview frame holds its PDF viewer.
    await page.getByTitle('Preview of four-pages.pdf').waitFor();
    await pdfViewerLoaded(page);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'result-title');
    await screenshot(page, '03-pdf-result');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('docx to PNG: one image per page, previewed; a page range gives only those pages', async () => {
    const { page, problems } = await openPage(demo.browser.context, `${demo.server.url}/`);
    await chooseFile(page, docx);
    await page.getByLabel('Convert to').selectOption('png');
    await page.getByRole('button', { name: 'Convert' }).click();
    await waitForStep(page, 'download', 'done');
    const files = await resultFiles(page);
    assert.deepEqual(
      files.map((f) => f.name),
      [1, 2, 3, 4].map((n) => `four-pages-page-${n}.png`),
    );
    for (const f of files) assert.deepEqual(f.head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], f.name);
    const images = page.getByRole('img', { name: /^Page \d of 4$/ });
    assert.equal(await images.count(), 4);
    await page.waitForFunction(() =>
      [...document.querySelectorAll('.pages img')].every((img) => img.complete && img.naturalWidth > 0),
    );
    assert.match(await step(page, 'download').locator('.step-detail').textContent(), /^4 files, [\d.]+ KB in/);
    await screenshot(page, '04-png-result');

    await page.getByLabel('From page').fill('2');
    await page.getByLabel('To page').fill('3');
    await page.getByRole('button', { name: 'Convert' }).click();
    await waitForStep(page, 'download', 'done');
    assert.equal((await resultFiles(page)).length, 2);
    assert.equal(await page.getByRole('img', { name: /^Page \d of 2$/ }).count(), 2);

    // A page range that makes no sense is caught in the page, next to the fields.
    await page.getByLabel('To page').fill('1');
    await page.getByRole('button', { name: 'Convert' }).click();
    await page.getByText('To page must not be before From page.').waitFor();
    assert.equal(await page.getByLabel('To page').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'to-page');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('a wrong password is shown as an error in plain words; a missing one too; the right one converts', async () => {
    const { page, problems } = await openPage(demo.browser.context, `${demo.server.url}/`);
    await chooseFile(page, protectedDocx);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Convert' }).click();
    const alert = page.locator('#error');
    await alert.waitFor({ timeout: SLOW });
    assert.equal(await alert.getAttribute('role'), 'alert');
    assert.equal(await alert.locator('.error-title').textContent(), 'The password is wrong');
    assert.match(await alert.locator('.error-text').textContent(), /could not be opened with that password/);
    assert.equal(await step(page, 'convert').getAttribute('data-state'), 'failed');
    assert.equal(await page.getByRole('region', { name: /Result/ }).count(), 0);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'password'); // ready to retype it
    assert.doesNotMatch(await alert.innerText(), /not-the-password|local-dev-secret/);
    await screenshot(page, '05-wrong-password');

    await page.getByLabel('Password').fill('');
    await page.getByRole('button', { name: 'Convert' }).click();
    await page.locator('#error .error-title', { hasText: 'This document needs a password' }).waitFor({ timeout: SLOW });

    await page.getByLabel('Password').fill('password');
    await page.getByRole('button', { name: 'Convert' }).click();
    await waitForStep(page, 'download', 'done');
    assert.equal(await alert.isHidden(), true);
    assert.equal((await resultFiles(page))[0].name, 'password-protected.pdf');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('a file dropped on the page is picked; a type the server cannot convert is explained', async () => {
    const { page, problems } = await openPage(demo.browser.context, `${demo.server.url}/`);
    const drop = (name, base64) =>
      page.evaluate(
        ([fileName, b64]) => {
          const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
          const transfer = new DataTransfer();
          transfer.items.add(new File([bytes], fileName));
          const zone = document.getElementById('drop-zone');
          for (const type of ['dragenter', 'dragover', 'drop']) {
            zone.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
          }
        },
        [name, base64],
      );
    const { readFile } = await import('node:fs/promises');
    await drop('dropped.docx', (await readFile(docx)).toString('base64'));
    await page.locator('#format:not([disabled])').waitFor();
    assert.match(await page.locator('#file-info').textContent(), /^dropped\.docx — [\d.]+ KB$/);
    assert.equal(await page.getByLabel('Choose a document').evaluate((input) => input.files[0]?.name), 'dropped.docx');
    assert.equal(await page.getByRole('button', { name: 'Convert' }).isEnabled(), true);

    await drop('notes.xyz', btoa('hello'));
    await page.getByText('This server does not convert .xyz files.', { exact: false }).waitFor();
    assert.equal(await page.locator('#format').isDisabled(), true);
    assert.equal(await page.getByRole('button', { name: 'Convert' }).isDisabled(), true);
    await drop('README', btoa('hello'));
    await page.getByText('has no extension, so its type is unknown', { exact: false }).waitFor();
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('keyboard: labelled controls, tab order, Enter converts, focus moves to Cancel and then to the result', async () => {
    const { page, problems } = await openPage(demo.browser.context, `${demo.server.url}/`);
    // Every control has an accessible name.
    for (const label of ['Choose a document', 'Convert to', 'From page', 'To page', 'Password']) {
      assert.equal(await page.getByLabel(label).count(), 1, label);
    }
    for (const name of ['Convert', 'Cancel', 'Settings']) {
      assert.equal(await page.getByRole('button', { name, exact: true }).count(), 1, name);
    }
    const unlabelled = await page.$$eval('input, select, button, textarea', (els) =>
      els
        .filter(
          (e) =>
            !(
              e.labels?.length ||
              e.getAttribute('aria-label') ||
              e.getAttribute('aria-labelledby') ||
              (e.tagName === 'BUTTON' && e.textContent.trim())
            ),
        )
        .map((e) => e.id || e.outerHTML),
    );
    assert.deepEqual(unlabelled, []);

    await chooseFile(page, docx);
    await page.evaluate(() => document.activeElement?.blur());
    const order = [];
    for (let i = 0; i < 12 && order.at(-1) !== 'convert'; i += 1) {
      await page.keyboard.press('Tab');
      order.push(
        await page.evaluate(
          () => document.activeElement?.id || document.activeElement?.className || document.activeElement?.tagName,
        ),
      );
    }
    const wanted = ['file', 'format', 'from-page', 'to-page', 'password', 'convert'];
    assert.deepEqual(
      order.filter((id) => wanted.includes(id)),
      wanted,
      `tab order: ${order.join(' → ')}`,
    );
    assert.equal(order[0], 'skip-link');

    // The format list works from the keyboard; Enter on Convert starts, and Cancel takes the focus.
    await page.getByLabel('Convert to').focus();
    await page.keyboard.press('End'); // the last format
    const last = await page.locator('#format').inputValue();
    assert.notEqual(last, 'pdf');
    await page.getByLabel('Convert to').selectOption('pdf');
    await page.getByRole('button', { name: 'Convert' }).focus();
    await page.evaluate(() => {
      window.__focus = [];
      document.addEventListener('focusin', (e) => window.__focus.push(e.target.id));
    });
    await page.keyboard.press('Enter');
    await waitForStep(page, 'download', 'done');
    assert.deepEqual(await page.evaluate(() => window.__focus), ['cancel', 'result-title']);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Download four-pages.pdf');

    // Settings open and close from the keyboard, focus goes in and comes back.
    await page.getByRole('button', { name: 'Settings' }).focus();
    await page.keyboard.press('Enter');
    assert.equal(await page.getByRole('button', { name: 'Settings' }).getAttribute('aria-expanded'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'base-url');
    assert.equal(await page.getByLabel('API base URL').inputValue(), demo.server.url);
    assert.equal(await page.getByLabel('Token endpoint URL').inputValue(), `${demo.server.url}/demo/token`);
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('#settings').isHidden(), true);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'settings-toggle');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('readable on a 360 px phone: no horizontal scroll, idle, with results and with settings open', async () => {
    const { page, problems } = await openPage(demo.browser.context, `${demo.server.url}/`, {
      viewport: { width: 360, height: 740 },
    });
    assert.equal(await horizontalOverflow(page), 0);
    await screenshot(page, '06-mobile-idle');
    await chooseFile(page, docx);
    await page.getByLabel('Convert to').selectOption('png');
    await page.getByRole('button', { name: 'Convert' }).click();
    await waitForStep(page, 'download', 'done');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('.pages img')].every((img) => img.complete && img.naturalWidth > 0),
    );
    assert.equal(await horizontalOverflow(page), 0);
    // Text stays readable: nothing smaller than 12 px.
    const smallest = await page.$$eval('body *', (els) =>
      Math.min(
        ...els
          .filter(
            (e) =>
              e.offsetParent &&
              e.childNodes.length &&
              [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()),
          )
          .map((e) => parseFloat(getComputedStyle(e).fontSize)),
      ),
    );
    assert.ok(smallest >= 12, `smallest text ${smallest}px`);
    await screenshot(page, '07-mobile-result');
    await page.getByRole('button', { name: 'Settings' }).click();
    assert.equal(await horizontalOverflow(page), 0);
    await screenshot(page, '08-mobile-settings');
    assert.deepEqual(problems, []);
    await page.close();
  });
});
