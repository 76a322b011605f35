// SPDX-License-Identifier: MIT
// Shared by tests/browser/*.test.js: Debian's Chromium driven by playwright-core (never a downloaded
// browser), the demo page served the way `npm start` serves it, console-error collection and screenshots.

import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { after, before } from 'node:test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../server/index.js';
import { demoPageOptions } from '../../scripts/start.js';
import { DEV_CREDENTIALS } from '../support/client-env.js';
import { CHROMIUM_LAUNCH } from './chromium.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SCREENSHOTS = join(ROOT, 'test-output', 'screenshots');
/** Waits for states that need a real conversion (LibreOffice) on a loaded 2-core machine. */
export const SLOW = 120_000;

/**
 * Launches Chromium with a fresh profile; `close()` removes it.
 * @returns {Promise<{ context: import('playwright-core').BrowserContext, close: () => Promise<void> }>}
 */
export async function launchBrowser() {
  const profile = await mkdtemp(join(tmpdir(), 'gdconv-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      ...CHROMIUM_LAUNCH,
      viewport: { width: 1280, height: 900 },
    });
  } catch (e) {
    await rm(profile, { recursive: true, force: true });
    throw e;
  }
  return {
    context,
    async close() {
      await context.close().catch(() => {});
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * The local server with the demo page, as `npm start` runs it, on a free port.
 * @param {object} [options] more startServer options (converter, faults, workers…)
 * @param {{ apiBaseUrl?: string }} [page] where /demo/token gets its tokens, when not from this server
 */
export async function startDemoServer(options = {}, page = {}) {
  return startServer({
    port: 0,
    host: '127.0.0.1',
    workers: 1,
    ...demoPageOptions(DEV_CREDENTIALS, page),
    ...options,
  });
}

/**
 * The demo page's server (startDemoServer) and a Chromium (launchBrowser) for the calling suite: started
 * before its tests, closed after them.
 * @param {Parameters<typeof startDemoServer>[0]} [options]
 * @param {Parameters<typeof startDemoServer>[1]} [page]
 * @returns {{ server: Awaited<ReturnType<typeof startDemoServer>>, browser: Awaited<ReturnType<typeof launchBrowser>> }}
 *   filled in by the time the suite's tests run
 */
export function useDemoPage(options, page) {
  const handle = /** @type {any} */ ({});
  before(async () => {
    handle.server = await startDemoServer(options, page);
    handle.browser = await launchBrowser();
  });
  after(async () => {
    await handle.browser?.close();
    await handle.server?.close();
  });
  return handle;
}

/**
 * A page that records console errors and uncaught exceptions; `assertClean()` fails on any.
 * @param {import('playwright-core').BrowserContext} context
 */
export async function openPage(context, url, { viewport } = {}) {
  const page = await context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console.error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  await page.goto(url);
  await page.locator('html[data-ready="true"]').waitFor({ timeout: 30_000 });
  return { page, problems };
}

/** Saves a full-page screenshot to test-output/screenshots/<name>.png. */
export async function screenshot(page, name) {
  await mkdir(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  return path;
}

/** The state of one step of the progress list: pending | active | done | failed | cancelled. */
export function step(page, name) {
  return page.locator(`.step[data-step="${name}"]`);
}

/** Waits until a step reaches a state. */
export async function waitForStep(page, name, state, timeout = SLOW) {
  await page.locator(`.step[data-step="${name}"][data-state="${state}"]`).waitFor({ timeout });
}

/**
 * The bytes behind the page's first link (a converted file offered as a download), fetched in the page, where
 * its blob: URL lives.
 * @param {import('playwright-core').Page} page
 * @returns {Promise<Uint8Array>}
 */
export async function linkedBytes(page) {
  const bytes = await page.evaluate(async () => {
    const { href } = document.querySelector('a');
    return Array.from(new Uint8Array(await (await fetch(href)).arrayBuffer()));
  });
  return Uint8Array.from(bytes);
}

/** Chooses a file and waits until the format list for it has loaded. */
export async function chooseFile(page, path) {
  await page.getByLabel('Choose a document').setInputFiles(path);
  await page.locator('#format:not([disabled])').waitFor({ timeout: 30_000 });
}

/** Records every change of the steps' state and detail (from now on) into window.__stepLog. */
export async function recordSteps(page) {
  await page.evaluate(() => {
    const log = [];
    window.__stepLog = log;
    const snap = (li) => ({
      step: li.dataset.step,
      state: li.dataset.state,
      detail: li.querySelector('.step-detail').textContent,
      value: li.querySelector('progress').hasAttribute('value') ? li.querySelector('progress').value : null,
      max: li.querySelector('progress').max,
      t: performance.now(),
    });
    const observer = new MutationObserver((records) => {
      for (const r of records) {
        const li = r.target.nodeType === 1 ? r.target.closest('.step') : r.target.parentElement?.closest('.step');
        if (li) log.push(snap(li));
      }
    });
    observer.observe(document.querySelector('.steps'), {
      subtree: true,
      attributes: true,
      childList: true,
      characterData: true,
    });
  });
}

/** @returns {Promise<Array<{ step: string, state: string, detail: string, value: number | null, max: number }>>} */
export function stepLog(page) {
  return page.evaluate(() => window.__stepLog ?? []);
}
