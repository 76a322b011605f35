// SPDX-License-Identifier: MIT
// The package used from a Web Worker: a module worker imports dist/index.web.mjs (the glue finds
// gdconv.wasm from its own URL there too), gets tokens from the page's backend and converts, off the
// page's main thread.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { basename, dirname, join } from 'node:path';
import { fixturePath } from '../support/fixtures.js';
import { DEV_CREDENTIALS } from '../support/client-env.js';
import { demoPageOptions } from '../../scripts/start.js';
import { ROOT, launchBrowser, openPage, startDemoServer } from './support.js';

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('the package in a Web Worker', { timeout: 600_000 }, () => {
  let server;
  let browser;
  let docx;

  before(async () => {
    docx = await fixturePath('four-pages.docx');
    server = await startDemoServer({
      staticRoutes: [
        ...demoPageOptions(DEV_CREDENTIALS).staticRoutes,
        { prefix: '/test-assets/', dir: join(ROOT, 'tests', 'browser', 'assets') },
        { prefix: '/fixtures/', dir: dirname(docx) },
      ],
    });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Runs one conversion in a fresh module worker started by the page; resolves with what it posts. */
  function convertInWorker(page, format) {
    return page.evaluate(
      ({ name, format: target }) =>
        new Promise((resolve, reject) => {
          const worker = new Worker('/test-assets/convert-worker.js', { type: 'module' });
          worker.onmessage = ({ data }) => {
            worker.terminate();
            resolve(data);
          };
          worker.onerror = (e) => {
            worker.terminate();
            reject(new Error(`worker error: ${e.message}`));
          };
          worker.postMessage({
            documentUrl: `/fixtures/${name}`,
            fileName: name,
            format: target,
            tokenUrl: '/demo/token',
          });
        }),
      { name: basename(docx), format },
    );
  }

  test('converts docx to PDF and to PNG pages inside a module worker', async () => {
    const { page, problems } = await openPage(browser.context, `${server.url}/`);
    const workers = [];
    page.on('worker', (w) => workers.push(w.url()));

    const pdf = await convertInWorker(page, 'pdf');
    assert.equal(pdf.ok, true, JSON.stringify(pdf));
    assert.equal(pdf.inWorker, true);
    assert.equal(pdf.status, 'Finished');
    // 'Started' shows only when the first poll (after 200 ms) finds the conversion still running: a warm
    // LibreOffice is often done by then, so the status events are ['Started', 'Finished'] or ['Finished'].
    assert.deepEqual(
      pdf.events.filter((e) => e !== 'Started'),
      ['token', 'upload', 'uploaded all', 'convert', 'Finished', 'download', 'download 1/1', 'downloaded 1/1'],
    );
    assert.ok(pdf.events.filter((e) => e === 'Started').length <= 1, JSON.stringify(pdf.events));
    assert.equal(pdf.files.length, 1);
    assert.equal(pdf.files[0].name, 'four-pages.pdf');
    assert.equal(pdf.files[0].length, pdf.files[0].size);
    assert.ok(pdf.files[0].size > 1000);
    assert.equal(String.fromCharCode(...pdf.files[0].head.slice(0, 5)), '%PDF-');

    const png = await convertInWorker(page, 'png');
    assert.equal(png.ok, true, JSON.stringify(png));
    assert.deepEqual(
      png.files.map((f) => f.name),
      [1, 2, 3, 4].map((n) => `four-pages-page-${n}.png`),
    );
    for (const f of png.files) assert.deepEqual(f.head, PNG);

    assert.equal(workers.length, 2);
    assert.ok(workers.every((url) => url === `${server.url}/test-assets/convert-worker.js`));
    assert.deepEqual(problems, []);
    await page.close();
  });
});
