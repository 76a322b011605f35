// SPDX-License-Identifier: MIT
// The demo page under slow conditions, made deterministic with the server's fault injection (delays):
// Cancel in the middle of a conversion, and a 50 MB document whose upload shows visible progress.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fixturePath } from '../support/fixtures.js';
import { adminOf } from '../support/reliability.js';
import {
  SLOW,
  chooseFile,
  openPage,
  recordSteps,
  screenshot,
  useDemoPage,
  step,
  stepLog,
  waitForStep,
} from './support.js';
import { useTempDir } from '../support/temp-dir.js';

const run = promisify(execFile);
const MiB = 1024 * 1024;

/** A real docx of about `size` bytes: four-pages.docx plus an incompressible part LibreOffice ignores. */
async function bigDocx(dir, size) {
  const out = join(dir, 'fifty-megabytes.docx');
  await run('python3', [
    '-c',
    `
import os, sys, zipfile
src, dst, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, 'w') as zout:
    for item in zin.infolist():
        zout.writestr(item, zin.read(item.filename))
    zout.writestr(zipfile.ZipInfo('word/media/padding.bin'), os.urandom(size), compress_type=zipfile.ZIP_STORED)
`,
    await fixturePath('four-pages.docx'),
    out,
    String(size),
  ]);
  return out;
}

describe('the demo page: cancel and large uploads', { timeout: 600_000 }, () => {
  const demo = useDemoPage({ faults: true });
  const tmp = useTempDir('gdconv-browser-');

  test('Cancel in the middle of the conversion stops it, says so, and the next conversion works', async () => {
    const { page, problems } = await openPage(demo.browser.context, `${demo.server.url}/`);
    await chooseFile(page, await fixturePath('four-pages.docx'));
    // The server holds every status poll for 8 s: the conversion is certainly still running when we cancel.
    await adminOf(demo.server.url).fault({ method: 'GET', path: '/v2.0/conversion/async', delayMs: 8000, times: -1 });

    await page.getByRole('button', { name: 'Convert' }).click();
    await waitForStep(page, 'convert', 'active');
    assert.equal(await page.getByRole('button', { name: 'Convert' }).isDisabled(), true);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'cancel');
    await screenshot(page, '09-converting');
    await page.keyboard.press('Enter'); // Cancel has the focus

    await waitForStep(page, 'convert', 'cancelled', 10_000);
    assert.match(await step(page, 'convert').locator('.step-detail').textContent(), /Cancelled/);
    assert.equal(await step(page, 'download').getAttribute('data-state'), 'pending');
    assert.equal(await page.getByRole('status').textContent(), 'Cancelled. Nothing was downloaded.');
    assert.equal(await page.locator('#error').isHidden(), true); // cancelling is not an error
    assert.equal(await page.locator('#result').isHidden(), true);
    assert.equal(await page.getByRole('button', { name: 'Cancel' }).isDisabled(), true);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'convert');
    await screenshot(page, '10-cancelled');

    await adminOf(demo.server.url).clearFaults();
    await page.getByRole('button', { name: 'Convert' }).click();
    await waitForStep(page, 'download', 'done');
    assert.equal(await page.locator('#files a.file-link').count(), 1);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('a 50 MB document uploads with visible progress, then converts', async () => {
    const file = await bigDocx(tmp.path, 50 * MiB);
    const { size } = await stat(file);
    const { page, problems } = await openPage(demo.browser.context, `${demo.server.url}/`);
    await chooseFile(page, file);
    assert.match(await page.locator('#file-info').textContent(), /fifty-megabytes\.docx — 50 MB/);
    // The server waits 5 s before it reads the upload, so the upload state stays on screen long enough to
    // see (handing 50 MB to XHR keeps the page's main thread busy for a second or more on this machine).
    await adminOf(demo.server.url).fault({
      method: 'PUT',
      path: '/v2.0/conversion/storage/file/',
      delayMs: 5000,
      times: 1,
    });
    await recordSteps(page);
    await page.evaluate(() => {
      window.__frames = [];
      const frame = (t) => {
        window.__frames.push(t);
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });

    await page.getByRole('button', { name: 'Convert' }).click();
    await waitForStep(page, 'upload', 'active', SLOW);
    // A screenshot while the bar shows measured bytes, part of the way: taken if the DevTools protocol
    // answers during the upload (Chromium holds it up while it hands an XHR body over), else it shows a
    // later state and the page-side log below is what proves the progress.
    await page.waitForFunction(
      () => {
        const bar = document.querySelector('.step[data-step="upload"] progress');
        return bar.hasAttribute('value') && bar.value > 0 && bar.value < bar.max;
      },
      null,
      { timeout: SLOW, polling: 'raf' },
    );
    const shotAt = await page.evaluate(() => ({
      t: performance.now(),
      detail: document.querySelector('.step[data-step="upload"] .step-detail').textContent,
    }));
    await screenshot(page, '11-upload-50mb');
    const shotDone = await page.evaluate(() => ({
      t: performance.now(),
      state: document.querySelector('.step[data-step="upload"]').dataset.state,
    }));
    await waitForStep(page, 'download', 'done', SLOW);

    // What the upload step showed, change by change (recorded in the page as it happened).
    const upload = (await stepLog(page)).filter((e) => e.step === 'upload' && e.state !== 'pending'); // not the reset
    const shown = upload.map((e) => `${e.state}: ${e.detail}`).filter((s, i, all) => s !== all[i - 1]);
    assert.match(shown[0], /^active: Uploading (50 MB…|[\d.]+ [KMG]?B of 50 MB \(\d+%\)…)$/, shown.join(' | '));
    assert.match(shown.at(-1), /^done: Uploaded 50 MB in [\d.]+ (ms|s)$/, shown.join(' | '));
    assert.ok(
      shown.slice(0, -1).every((s) => s.startsWith('active: Uploading')),
      shown.join(' | '),
    );
    // Progress is measured: byte counts from the client ({type:'upload', loaded, total}) on a determinate
    // bar, the text "Uploading 12 MB of 50 MB (24%)…" beside it.
    const measured = upload.filter((e) => e.state === 'active' && e.value !== null);
    // total is the request body: the document plus the multipart envelope
    for (const e of measured)
      assert.ok(e.max >= size && e.max < size + 64 * 1024, `total ${e.max} for a ${size}-byte file`);
    // The log has one entry per DOM mutation: each update shows up more than once.
    const values = measured.map((e) => e.value).filter((v, i, all) => v !== all[i - 1]);
    for (let i = 1; i < values.length; i++)
      assert.ok(values[i] > values[i - 1], `upload bytes go back: ${values.join(' ')}`);
    const percents = measured
      .map((e) => /\((\d+)%\)/.exec(e.detail)?.[1])
      .filter(Boolean)
      .map(Number)
      .filter((p, i, all) => p !== all[i - 1]);
    for (let i = 1; i < percents.length; i++)
      assert.ok(percents[i] > percents[i - 1], `percentages: ${percents.join(' ')}`);
    const between = percents.filter((p) => p > 0 && p < 100);
    assert.ok(between.length >= 3, `intermediate percentages shown before the upload ended: ${percents.join(' ')}`);
    const uploadDone = upload.find((e) => e.state === 'done').t;
    const midway = measured.filter((e) => e.value > 0 && e.value < e.max && e.t < uploadDone);
    assert.ok(midway.length >= 3, 'bytes between 0 and the total were on screen before the upload step was done');
    const inFlight = shotDone.t < uploadDone && shotDone.state === 'active';
    console.log(
      `# 50 MB upload: ${values.length} byte counts on screen, percentages ${percents.join(' ')}; ` +
        `screenshot ${inFlight ? `taken mid-upload ("${shotAt.detail}")` : 'held up until after the upload (page-side log used)'}`,
    );
    // …and the page kept painting frames while it showed them, so people saw it: counted, not timed. (The
    // DevTools protocol is held up while Chromium sends an XHR body without an upload listener, which is
    // why the screenshot above may show a later state; frames and input are not.) Five seconds of the
    // server's hold make hundreds of frames at 60 per second; a page frozen through it makes none.
    const firstMidway = midway[0].t;
    const painted = await page.evaluate(
      ([a, b]) => window.__frames.filter((t) => t > a && t < b).length,
      [firstMidway, uploadDone],
    );
    assert.ok(painted >= 30, `${painted} frames painted while the upload showed its progress`);
    const [result] = await page.$$eval('#files a.file-link', (links) => links.map((a) => a.download));
    assert.equal(result, 'fifty-megabytes.pdf');
    assert.deepEqual(problems, []);
    await page.close();
  });
});
