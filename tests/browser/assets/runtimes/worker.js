// SPDX-License-Identifier: MIT
// The package in a module Web Worker (tests/browser/runtimes.test.js): the page posts { api, documentUrl }.
import { convertHere } from './page.js';

self.onmessage = async ({ data }) => {
  try {
    self.postMessage({ ok: true, hasXhr: typeof XMLHttpRequest === 'function', ...(await convertHere(data)) });
  } catch (err) {
    self.postMessage({ ok: false, code: err.code, message: err.message });
  }
};
