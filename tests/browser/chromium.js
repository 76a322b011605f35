// SPDX-License-Identifier: MIT
// Debian's Chromium as the browser tests (support.js) and the bench (bench/browser.js) launch it through
// playwright-core: never a downloaded browser, headless, without the background traffic of a fresh profile.

export const CHROMIUM = '/usr/bin/chromium';

/** playwright-core's launch options (chromium.launch, launchPersistentContext) for it. */
export const CHROMIUM_LAUNCH = Object.freeze({
  executablePath: CHROMIUM,
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
