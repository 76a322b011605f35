// SPDX-License-Identifier: MIT
// No uploaded document can make the server reach a URL or show a local file (SSRF, local file disclosure).
// LibreOffice follows a document's links: HTML style sheets, images and frames, linked pictures of docx, ods,
// odp …, so the office processes run confined (server/converters/sandbox.py). Documents linking to a counting
// HTTP server on 127.0.0.1 and to pictures outside the job's folder (in /tmp, and in the server's own storage)
// go through the real server's routes: the conversions succeed, show the documents' own text, and nothing is
// fetched or shown. A canary converts the same page with the sandbox off and sees the fetches, so that these
// tests keep meaning something should LibreOffice ever stop following links by itself.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { createConverter } from '../../server/converters/index.js';
import { linkingDocx, linkingFodp, linkingFods, linkingHtml, textPicture } from '../support/linking-documents.js';
import { startLocalServer } from '../support/local-server.js';

const run = promisify(execFile);
const SLOW = { timeout: 180_000 };
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** An HTTP server on 127.0.0.1 that answers everything and remembers every request. */
async function startWatcher() {
  const requests = [];
  const server = createServer((req, res) => {
    requests.push(req.url);
    const type = req.url.endsWith('.css') ? 'text/css' : req.url.endsWith('.svg') ? 'image/svg+xml' : 'text/html';
    res.writeHead(200, { 'Content-Type': type });
    res.end(type === 'text/css' ? 'p { color: red }' : textPicture('REMOTE'));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    requests,
    base: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

describe('documents cannot make the server fetch URLs or show local files', { timeout: 600_000 }, () => {
  const tag = randomBytes(4).toString('hex');
  // Pictures holding a secret text: one in /tmp, one in the server's storage, which lives outside /tmp here.
  const SECRET_TMP = `TMPSECRET${tag}`;
  const SECRET_STORED = `STOREDSECRET${tag}`;
  let watcher;
  let tmp;
  let dataDir;
  let t;
  let files; // file: URLs of both pictures
  let relativeFiles; // the same, relative to wherever the page sits
  before(async () => {
    watcher = await startWatcher();
    tmp = await mkdtemp(join(os.tmpdir(), 'gdcw-no-fetch-'));
    await mkdir(join(ROOT, '.cache'), { recursive: true });
    dataDir = await mkdtemp(join(ROOT, '.cache', 'no-fetch-data-'));
    const tmpPicture = join(tmp, 'secret.svg');
    await writeFile(tmpPicture, textPicture(SECRET_TMP));
    t = await startLocalServer({ converter: 'real', dataDir });
    assert.equal((await t.upload('Secret/secret.svg', textPicture(SECRET_STORED))).status, 200);
    const storedPicture = join(dataDir, 'storages', encodeURIComponent('First Storage'), 'Secret', 'secret.svg');
    await access(storedPicture); // the storage keeps it there: the link below points at a real file
    files = [tmpPicture, storedPicture].map((p) => pathToFileURL(p).href);
    relativeFiles = [tmpPicture, storedPicture].map((p) => `${'../'.repeat(20)}${p.slice(1)}`);
  });
  after(async () => {
    await t?.close();
    await watcher?.close();
    await rm(tmp, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  });

  let seq = 0;
  async function pdfText(pdf) {
    const path = join(tmp, `${++seq}.pdf`);
    await writeFile(path, pdf);
    return (await run('pdftotext', ['-enc', 'UTF-8', path, '-'])).stdout;
  }

  /** Upload, convert through POST /v2.0/conversion, and check: success, own text shown, nothing else. */
  async function convertsAlone(path, bytes, text) {
    assert.equal((await t.upload(path, bytes)).status, 200);
    const r = await t.call({ method: 'POST', path: '/v2.0/conversion', json: { filePath: path, format: 'pdf' } });
    assert.equal(r.status, 200, r.body.toString());
    const shown = await pdfText(r.body);
    assert.match(shown, new RegExp(text), "the document's own text");
    assert.doesNotMatch(shown, new RegExp(`${SECRET_TMP}|${SECRET_STORED}`), 'no local file is shown');
    assert.deepEqual(watcher.requests, [], 'no URL was fetched');
  }

  test(
    'an HTML page: style sheets, @import, backgrounds, images, frames, objects, file: and relative links',
    SLOW,
    async () => {
      // The page's background once remote, once each local picture (the one link an unconfined LibreOffice
      // follows to a local file even with its BlockUntrustedRefererLinks setting on).
      for (const [i, background] of [undefined, ...files].entries()) {
        const text = `HTML PAGE ${i} ${tag}`;
        await convertsAlone(
          `Links/page-${i}.html`,
          linkingHtml({ text, base: watcher.base, files, relativeFiles, background }),
          text,
        );
      }
    },
  );

  test('a docx with pictures linked to a URL and to local files', SLOW, async () => {
    const text = `WORD DOCUMENT ${tag}`;
    await convertsAlone('Links/linked.docx', linkingDocx({ text, urls: [`${watcher.base}/docx.png`], files }), text);
  });

  test('a spreadsheet and a presentation with linked pictures', SLOW, async () => {
    const sheet = `SPREADSHEET ${tag}`;
    await convertsAlone(
      'Links/linked.fods',
      linkingFods({ text: sheet, urls: [`${watcher.base}/fods.png`], files }),
      sheet,
    );
    const slides = `PRESENTATION ${tag}`;
    await convertsAlone(
      'Links/linked.fodp',
      linkingFodp({ text: slides, urls: [`${watcher.base}/fodp.png`], files }),
      slides,
    );
  });

  test(
    "the office processes say how they are confined: Landlock, and a network namespace or Landlock's TCP rule",
    SLOW,
    async () => {
      const { converter } = t.server.app.conversions;
      assert.match(converter._pool.confinement, /^(namespace|landlock-tcp),landlock$/);
    },
  );

  test('canary: with the sandbox off, the same page is fetched from and shows the local file', SLOW, async () => {
    const canary = await startWatcher();
    const converter = createConverter({ workers: 1, sandbox: false, tmpDir: tmp });
    try {
      const text = `CANARY ${tag}`;
      const page = linkingHtml({ text, base: canary.base, files, background: files[0] });
      const [out] = await converter.convert({ bytes: page, sourceFormat: 'html', targetFormat: 'pdf' });
      assert.ok(canary.requests.length > 0, "an unconfined LibreOffice fetches the page's style sheet and images");
      assert.match(await pdfText(out.bytes), new RegExp(SECRET_TMP), 'and shows a linked local picture');
      assert.equal(converter._pool.confinement, 'off');
    } finally {
      await converter.close();
      await canary.close();
    }
  });
});
