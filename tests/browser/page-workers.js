// SPDX-License-Identifier: MIT
// Run in a page: a module Web Worker's answer to one message, and a module Service Worker that controls the
// page. Each function uses nothing outside its body, so page.evaluate() can take it as it is; the file is also
// an ES module a page can import (bench/browser.js's Service Worker measurement does, before its clock starts).

/**
 * Starts a module Web Worker, posts it `message` and resolves with its first answer (then ends it).
 * @param {{ script: string, message: unknown }} options
 */
export function moduleWorkerAnswer({ script, message }) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { type: 'module' });
    worker.onmessage = ({ data }) => {
      worker.terminate();
      resolve(data);
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(e.message));
    };
    worker.postMessage(message);
  });
}

/**
 * Registers `script` as a module Service Worker and resolves once it controls the page (so the page's fetch()
 * goes through it).
 * @param {string} script
 */
export async function controllingServiceWorker(script) {
  await navigator.serviceWorker.register(script, { type: 'module' });
  await navigator.serviceWorker.ready;
  if (!navigator.serviceWorker.controller) {
    await new Promise((resolve) =>
      navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }),
    );
  }
}
