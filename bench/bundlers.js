// SPDX-License-Identifier: MIT
// What each bundler makes of the package (issue 12): Vite, webpack 5 and esbuild build docs/runtimes.md's page,
// and esbuild --platform=node its Node example, each with the command the docs give, in a temporary folder where
// the packed package is installed (tests/support/bundlers.js, shared with tests/node/bundlers.test.js).
// Per build: the time of the docs' command (median of `reps` builds after a throw-away one that fills the
// disk cache and the bundler's own caches; no throw-away in --quick), the JS and the .wasm it wrote, raw and gzip -9 (summed per file as a
// server sends them); per page: load → first answered request in Chromium (a fresh browser each time), the
// page's getSupportedConversionTypes, against the bench's server.

import { gzipSync } from 'node:zlib';
import { median, round } from './lib.js';

const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;

/** Raw and gzip bytes of the files whose path matches `re`. */
function sizeOf(files, re) {
  const picked = files.filter((f) => re.test(f.path));
  return {
    files: picked.map((f) => f.path),
    raw: picked.reduce((sum, f) => sum + f.bytes.length, 0),
    gzip: picked.reduce((sum, f) => sum + gz(f.bytes), 0),
  };
}

/** From navigation to the page's picker offering .docx (its first request answered), in a fresh Chromium. */
async function firstAnswer(launchBrowser, siteUrl, apiUrl) {
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    const t0 = performance.now();
    await page.goto(`${siteUrl}/?api=${encodeURIComponent(apiUrl)}`);
    // eslint-disable-next-line no-undef -- the function runs in the page, which has a document
    await page.waitForFunction(() => document.querySelector('input').accept.split(',').includes('.docx'), null, {
      timeout: 60_000,
      polling: 5,
    });
    return performance.now() - t0;
  } finally {
    await browser.close();
  }
}

/**
 * @param {{ apiUrl: string, reps: number, warmup?: boolean, log?: (line: string) => void }} options
 * @returns {Promise<Record<string, { buildMs: number, buildSamples: number[], js: object, wasm: object,
 *   firstRequestMs?: number, firstRequestSamples?: number[] }>>}
 */
export async function measureBundlers({ apiUrl, reps, warmup = true, log }) {
  const { BUILDS, build, bundlerWorkspace, serveSite } = await import('../tests/support/bundlers.js');
  const { launchBrowser } = await import('../tests/browser/support.js');
  const { docBlock } = await import('../tests/support/readme.js');
  const code = async (kind) => (await docBlock(kind)).code;
  const workspace = await bundlerWorkspace({
    html: await code('browser-html'),
    page: await code('bundler-page'),
    script: await code('runtime-node-esm'),
    commands: {
      vite: await code('bundler-vite'),
      webpack: await code('bundler-webpack'),
      esbuild: await code('bundler-esbuild'),
      'esbuild-node': await code('bundler-esbuild-node'),
    },
  });
  try {
    const result = {};
    for (const [name, { page }] of Object.entries(BUILDS)) {
      const builds = [];
      for (let i = warmup ? -1 : 0; i < reps; i++) builds.push(await build(workspace, name));
      const { files, out } = builds.at(-1);
      const buildSamples = builds.slice(warmup ? 1 : 0).map((b) => round(b.ms));
      const entry = {
        buildMs: round(median(buildSamples)),
        buildSamples,
        js: sizeOf(files, /\.m?js$/),
        wasm: sizeOf(files, /\.wasm$/),
      };
      if (entry.wasm.files.length !== 1)
        throw new Error(`${name}: expected one .wasm, got ${entry.wasm.files.join(', ')}`);
      if (page) {
        const site = await serveSite(out, apiUrl);
        try {
          const samples = [];
          for (let i = 0; i < reps; i++) samples.push(await firstAnswer(launchBrowser, site.url, apiUrl));
          entry.firstRequestSamples = samples.map((x) => round(x));
          entry.firstRequestMs = round(median(samples));
        } finally {
          await site.close();
        }
      }
      result[name] = entry;
      log?.(
        `${name}: build ${entry.buildMs} ms, JS gz ${entry.js.gzip} B, wasm gz ${entry.wasm.gzip} B` +
          `${page ? `, first answer ${entry.firstRequestMs} ms` : ''}`,
      );
    }
    return result;
  } finally {
    await workspace.remove();
  }
}
