// SPDX-License-Identifier: MIT
// The page on one origin, the API on another (CORS): the settings panel points the page at the API; the
// page's own server mints tokens for that API (/demo/token), so no secret reaches the browser. Also: an
// API that does not answer is an error in plain words.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fixturePath } from '../support/fixtures.js';
import { closedPort } from '../support/client-env.js';
import { createFakeConverter } from '../support/fake-converter.js';
import { startServer } from '../../server/index.js';
import { SLOW, chooseFile, launchBrowser, openPage, screenshot, startDemoServer, waitForStep } from './support.js';

describe('the page and the API on different origins', { timeout: 600_000 }, () => {
  let api;
  let site;
  let browser;

  before(async () => {
    api = await startServer({ port: 0, host: '127.0.0.1', workers: 1, faults: true });
    // The page's server: static files and /demo/token only; it never converts (a fake converter, never used).
    site = await startDemoServer({ converter: createFakeConverter() }, { apiBaseUrl: api.url });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await Promise.all([site?.close(), api?.close()]);
  });

  async function openSettings(page, { baseUrl, tokenUrl }) {
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('API base URL').fill(baseUrl);
    if (tokenUrl) await page.getByLabel('Token endpoint URL').fill(tokenUrl);
  }

  test('converts through an API on another origin, with tokens from the page’s own backend', async () => {
    const siteOrigin = new URL(site.url).origin;
    const apiOrigin = new URL(api.url).origin;
    assert.notEqual(siteOrigin, apiOrigin);
    const { page, problems } = await openPage(browser.context, `${site.url}/`);
    const seen = [];
    page.on('request', (r) => seen.push(r));
    await fetch(`${api.url}/__admin/journal`, { method: 'DELETE' });

    await openSettings(page, { baseUrl: api.url });
    assert.equal(await page.getByLabel('Token endpoint URL').inputValue(), `${site.url}/demo/token`);
    await screenshot(page, '12-settings-other-origin');
    await page.getByRole('button', { name: 'Save' }).click();
    assert.equal(await page.locator('#settings').isHidden(), true);
    assert.match(await page.getByRole('status').textContent(), new RegExp(`Settings saved: API ${api.url}`));
    assert.equal(await page.locator('#server-label').textContent(), api.url);

    await chooseFile(page, await fixturePath('four-pages.docx'));
    await page.getByRole('button', { name: 'Convert' }).click();
    await waitForStep(page, 'download', 'done', SLOW);
    const pdf = await page.$eval('#files a.file-link', async (a) =>
      Array.from(new Uint8Array(await (await fetch(a.href)).arrayBuffer()).slice(0, 5)),
    );
    assert.equal(String.fromCharCode(...pdf), '%PDF-');
    await screenshot(page, '13-converted-other-origin');

    const requests = await Promise.all(
      seen.map(async (r) => ({
        method: r.method(),
        url: r.url(),
        origin: (await r.allHeaders()).origin,
      })),
    );
    // Every API call went to the other origin, as a CORS request from the page's origin, and the browser
    // sent preflights for them (the Authorization header is not CORS-safelisted).
    const apiCalls = requests.filter((r) => new URL(r.url).pathname.startsWith('/v2.0/'));
    assert.ok(apiCalls.length >= 5, JSON.stringify(apiCalls));
    for (const r of apiCalls) {
      assert.equal(new URL(r.url).origin, apiOrigin, r.url);
      assert.equal(r.origin, siteOrigin, r.url);
    }
    assert.ok(requests.some((r) => r.method === 'PUT' && r.url.startsWith(`${api.url}/v2.0/conversion/storage/file/`)));
    // Tokens came from the page's backend, never from the API's token route.
    assert.ok(requests.some((r) => r.url === `${site.url}/demo/token`));
    assert.ok(!requests.some((r) => r.url.includes('/connect/token')));
    const { entries } = await (await fetch(`${api.url}/__admin/journal`)).json();
    assert.ok(
      entries.some((e) => e.method === 'OPTIONS' && e.path.startsWith('/v2.0/') && e.status === 204),
      'a CORS preflight',
    );
    // …while the page's backend did fetch the tokens from the API's token route, server to server.
    assert.ok(entries.some((e) => e.method === 'POST' && e.path === '/connect/token' && e.status === 200));
    assert.deepEqual(problems, []);

    // The settings are remembered across a reload, and "Use defaults" brings back this site's server.
    await page.reload();
    await page.locator('html[data-ready="true"]').waitFor();
    assert.equal(await page.locator('#server-label').textContent(), api.url);
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Use defaults' }).click();
    assert.equal(await page.locator('#server-label').textContent(), `${site.url} (this site)`);
    await page.close();
  });

  test('the package on this origin reads what the API on the other ignored (the header is exposed to CORS)', async () => {
    const { page, problems } = await openPage(browser.context, `${site.url}/`);
    const docx = Array.from(await readFile(await fixturePath('four-pages.docx')));
    const ignored = await page.evaluate(
      async ({ apiUrl, bytes }) => {
        const { ConversionClient } = await import('groupdocs-conversion-wasm');
        const client = await ConversionClient.create({
          baseUrl: apiUrl,
          accessToken: async () => (await (await fetch('/demo/token', { method: 'POST' })).json()).access_token,
        });
        try {
          const { ignoredOptions } = await client.convert(new Uint8Array(bytes), {
            format: 'pdf',
            fileName: 'four-pages.docx',
            direct: true,
            convertOptions: { watermarkOptions: { text: 'DRAFT', image: 'logo.png' } },
          });
          return ignoredOptions;
        } finally {
          client.close();
        }
      },
      { apiUrl: api.url, bytes: docx },
    );
    assert.deepEqual(ignored, ['convertOptions.watermarkOptions.image']);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('an API that does not answer, and a base URL that is not one, are explained in plain words', async () => {
    const { page, problems } = await openPage(browser.context, `${site.url}/`);
    await openSettings(page, { baseUrl: 'not a url' });
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('The API base URL must be an http:// or https:// address').waitFor();
    assert.equal(await page.getByLabel('API base URL').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'base-url');

    const nowhere = `http://127.0.0.1:${await closedPort()}`;
    await page.getByLabel('API base URL').fill(nowhere);
    await page.getByRole('button', { name: 'Save' }).click();
    await chooseFileExpectingError(page, await fixturePath('four-pages.docx'));
    const alert = page.locator('#error');
    assert.equal(await alert.locator('.error-title').textContent(), 'Could not reach the conversion service');
    assert.match(
      await alert.locator('.error-text').textContent(),
      new RegExp(`Nothing answered at ${nowhere}.*allows requests from ${new URL(site.url).origin} \\(CORS\\)`),
    );
    assert.equal(await page.getByRole('button', { name: 'Convert' }).isDisabled(), true);
    await screenshot(page, '14-api-unreachable');
    // The browser itself logs the refused connection; nothing else may be logged.
    assert.deepEqual(
      problems.filter((p) => !/ERR_CONNECTION_REFUSED/.test(p)),
      [],
    );
    await page.close();
  });
});

/** Chooses a file when the format lookup is expected to fail. */
async function chooseFileExpectingError(page, path) {
  await page.getByLabel('Choose a document').setInputFiles(path);
  await page.locator('#error:not([hidden])').waitFor({ timeout: 30_000 });
}
