// README.md's code blocks and their test markers. Every fenced block must be preceded (blank lines aside) by
// `<!-- test: KIND -->`; the KIND says which test runs it:
//   node, cli-usage, two-commands                  tests/node/readme-examples.test.js
//   install, shell, local-server, browser-backend,
//   browser-html, browser-page                     tests/node/package.test.js (in the npm-packed, installed package)

import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export const README = fileURLToPath(new URL('../../README.md', import.meta.url));
export const KINDS = ['node', 'cli-usage', 'two-commands', 'install', 'shell', 'local-server', 'browser-backend', 'browser-html', 'browser-page'];

/**
 * @returns {Promise<{ text: string, blocks: { kind: string | null, lang: string, line: number, code: string }[] }>}
 *   `line` is the 1-based line of the block's first code line
 */
export async function readmeBlocks() {
  const text = await readFile(README, 'utf8');
  const lines = text.split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i]);
    if (!open) continue;
    let end = i + 1;
    while (end < lines.length && lines[end] !== '```') end++;
    let j = i - 1;
    while (j >= 0 && lines[j].trim() === '') j--;
    const kind = /^<!-- test: ([\w-]+) -->$/.exec(lines[j]?.trim() ?? '')?.[1] ?? null;
    blocks.push({ kind, lang: open[1], line: i + 2, code: `${lines.slice(i + 1, end).join('\n')}\n` });
    i = end;
  }
  return { text, blocks };
}

/** The one block of a kind (fails if there is not exactly one). */
export async function readmeBlock(kind) {
  const found = (await readmeBlocks()).blocks.filter((b) => b.kind === kind);
  if (found.length !== 1) throw new Error(`README.md: expected one block marked ${kind}, found ${found.length}`);
  return found[0];
}
