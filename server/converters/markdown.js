// SPDX-License-Identifier: MIT
/**
 * Markdown both ways, through Debian's pandoc (issue 21 item 3): a Markdown source becomes a standalone
 * HTML page that Writer opens (so md converts to whatever a Word document does); a Markdown target is
 * pandoc's GitHub-flavoured Markdown of the HTML Writer exports. `--sandbox` keeps pandoc from reading any
 * file but its input (no includes, no images fetched), which matters for documents from strangers.
 */
import { join } from 'node:path';
import { ConversionError } from './errors.js';
import { runTool } from './run-tool.js';

async function pandoc(args, { deadline }) {
  const { code } = await runTool('pandoc', ['--sandbox', ...args], { deadline, pkg: 'pandoc' });
  if (code !== 0) throw new ConversionError('engine_failed', `pandoc failed (exit code ${code})`);
}

/**
 * @param {string} input a Markdown file (UTF-8)
 * @param {{ dir: string, deadline: import('./errors.js').Deadline }} o
 * @returns {Promise<string>} the HTML page's path
 */
export async function markdownToHtml(input, { dir, deadline }) {
  const out = join(dir, 'markdown.html');
  // --metadata pagetitle: pandoc's standalone HTML wants a title, and warns without one.
  await pandoc(
    ['--from', 'markdown', '--to', 'html5', '--standalone', '--metadata', 'pagetitle=document', '--output', out, input],
    {
      deadline,
    },
  );
  return out;
}

/**
 * @param {string} html an HTML file
 * @param {string} out where the Markdown goes
 * @param {{ deadline: import('./errors.js').Deadline }} o
 */
export async function htmlToMarkdown(html, out, { deadline }) {
  await pandoc(['--from', 'html', '--to', 'gfm', '--wrap', 'none', '--output', out, html], { deadline });
}
