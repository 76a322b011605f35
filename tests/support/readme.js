// SPDX-License-Identifier: MIT
// The code blocks of the docs (README.md and docs/*.md) and their test markers. Every fenced block must be
// preceded (blank lines aside) by `<!-- test: KIND -->`, where KIND says which test runs it, verbatim, or
// checks it against what it documents (KINDS below). A `node` marker may add what the example must print:
// `<!-- test: node prints "text" "other text" -->`.

import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Each kind of block, and the test that runs or checks it. */
export const KINDS = {
  node: 'tests/node/docs-examples.test.js', // a Node script, run against the local server
  'two-commands': 'tests/node/docs-examples.test.js', // npm start / npm test: the package's scripts, and CI's
  'cli-usage': 'tests/node/docs-examples.test.js', // groupdocs-convert's synopsis, compared with --help
  'test-rings': 'tests/node/docs-examples.test.js', // what npm test prints per ring, compared with scripts/test.sh
  commands: 'tests/node/docs-examples.test.js', // development commands: each script, file and test name exists
  install: 'tests/node/package.test.js', // run in an empty project, with the packed tarball
  'install-cli': 'tests/node/package.test.js', // the same with the local server's package (the CLI's default)
  shell: 'tests/node/package.test.js', // each line run in that project (npx groupdocs-convert …)
  'local-server': 'tests/node/package.test.js', // started there, then stopped with Ctrl-C
  'browser-backend': 'tests/node/package.test.js', // the token backend, run
  'browser-html': 'tests/node/package.test.js', // the page, built with Vite and opened in Chromium
  'browser-page': 'tests/node/package.test.js', // its script
  // README.md: the Node script run by Node, Deno and Bun; the Worker module in workerd
  'readme-run': 'tests/node/runtimes-readme.test.js', // each command, in a folder with the packed package
  'readme-worker': 'tests/node/runtimes-readme.test.js', // the Worker module, sent a docx
  // docs/runtimes.md: each run as written in a folder where the packed package is installed
  'runtime-node-esm': 'tests/node/runtimes-node.test.js', // node convert.mjs, in Node 20 and Node 22
  'runtime-node-cjs': 'tests/node/runtimes-node.test.js', // node convert.cjs, in Node 20 and Node 22
  'runtime-deno': 'tests/node/runtimes-deno.test.js', // Deno, with npm: and with a plain import
  'runtime-deno-run': 'tests/node/runtimes-deno.test.js', // the deno run command, with its permissions
  'runtime-bun': 'tests/node/runtimes-bun.test.js', // bun convert.js
  'runtime-workerd': 'tests/node/runtimes-workerd.test.js', // the Worker module, in workerd
  'runtime-service-worker': 'tests/browser/runtimes.test.js', // the Service Worker, in Chromium
  // docs/runtimes.md, "Proxies and private CAs": through a real proxy, to the local server behind TLS
  'node-proxy-tls': 'tests/node/proxy-tls.test.js',
  // docs/runtimes.md, "Bundlers": each command run as written in a folder with the page (or convert.mjs)
  'bundler-page': 'tests/node/bundlers.test.js', // main.js, built by each bundler and opened in Chromium
  'bundler-vite': 'tests/node/bundlers.test.js', // npx vite build
  'bundler-webpack': 'tests/node/bundlers.test.js', // npx webpack, then the page copied
  'bundler-esbuild': 'tests/node/bundlers.test.js', // npx esbuild for the browser
  'bundler-esbuild-node': 'tests/node/bundlers.test.js', // npx esbuild --platform=node, the bundle run in Node
};

/** The docs whose blocks are checked, relative to the repository: README.md, then docs/*.md. */
export async function docFiles() {
  const docs = (await readdir(new URL('../../docs/', import.meta.url))).filter((f) => f.endsWith('.md')).sort();
  return ['README.md', ...docs.map((f) => `docs/${f}`)];
}

/**
 * @typedef {object} DocBlock
 * @property {string} file    e.g. 'docs/api.md'
 * @property {number} line    1-based line of the block's first code line
 * @property {string | null} kind
 * @property {string[]} prints  what a `node` block must print (its marker's quoted strings)
 * @property {string} lang
 * @property {string} code    the block's text, ending with a newline
 */

/**
 * The fenced blocks of one doc.
 * @param {string} file relative to the repository
 * @returns {Promise<{ text: string, blocks: DocBlock[] }>}
 */
export async function blocksOf(file) {
  const text = await readFile(`${ROOT}${file}`, 'utf8');
  const lines = text.split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i]);
    if (!open) continue;
    let end = i + 1;
    while (end < lines.length && lines[end] !== '```') end++;
    let j = i - 1;
    while (j >= 0 && lines[j].trim() === '') j--;
    const marker = /^<!-- test: ([\w-]+)((?: +prints(?: +"[^"]*")+)?) -->$/.exec(lines[j]?.trim() ?? '');
    const prints = marker ? [...marker[2].matchAll(/"([^"]*)"/g)].map((m) => m[1]) : [];
    blocks.push({
      file,
      line: i + 2,
      kind: marker?.[1] ?? null,
      prints,
      lang: open[1],
      code: `${lines.slice(i + 1, end).join('\n')}\n`,
    });
    i = end;
  }
  return { text, blocks };
}

/** Every block of every doc, in order. @returns {Promise<DocBlock[]>} */
export async function docBlocks() {
  const all = [];
  for (const file of await docFiles()) all.push(...(await blocksOf(file)).blocks);
  return all;
}

/** The one block of a kind in all the docs (fails if there is not exactly one). @returns {Promise<DocBlock>} */
export async function docBlock(kind) {
  const found = (await docBlocks()).filter((b) => b.kind === kind);
  if (found.length !== 1)
    throw new Error(`README.md and docs/*.md: expected one block marked ${kind}, found ${found.length}`);
  return found[0];
}
