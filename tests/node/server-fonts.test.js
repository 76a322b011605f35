// SPDX-License-Identifier: MIT
// --fonts DIR and ConvertSettings.fontsPath (issue 20 item 7): the office processes draw with the fonts of that
// folder, or of that storage folder for one conversion, too. The font is one
// no machine has: DejaVu Sans renamed (its family "Gdcw Testing", PostScript name "GdcwFontPS", same lengths, so
// the name table stays valid). A document set in it converts to a PDF that embeds it (pdffonts) only with the
// folder; without it LibreOffice substitutes another font.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { flatOdf } from '../support/flat-odf.js';
import { startLocalServer } from '../support/local-server.js';
import { fontNames } from '../support/pdf-tools.js';

const CLI = fileURLToPath(new URL('../../server/cli.js', import.meta.url));
const SLOW = { timeout: 180_000 };

/** DejaVu Sans with its names changed, bytes for bytes (UTF-16 and ASCII records alike). */
async function renamedFont() {
  const font = await readFile('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf');
  for (const [from, to] of [
    ['DejaVu Sans', 'GdcwTesting'],
    ['DejaVuSans', 'GdcwFontPS'],
  ]) {
    for (const encoding of ['latin1', 'utf16be']) {
      const encode = (text) =>
        encoding === 'latin1' ? Buffer.from(text, 'latin1') : Buffer.from(text, 'utf16le').swap16();
      const [a, b] = [encode(from), encode(to)];
      for (let i = font.indexOf(a); i >= 0; i = font.indexOf(a, i + a.length)) b.copy(font, i);
    }
  }
  return font;
}

const DOCUMENT = flatOdf('text', {
  fonts: ['GdcwTesting'],
  automaticStyles:
    '<style:style style:name="P1" style:family="paragraph"><style:text-properties style:font-name="GdcwTesting"/></style:style>',
  body: '<text:p text:style-name="P1">Set in a font only the fonts folder has.</text:p>',
});

describe('--fonts DIR and fontsPath', { timeout: 600_000 }, () => {
  let dir;
  before(async () => {
    dir = await mkdtemp(join(os.tmpdir(), 'gdcw-fonts-'));
    await writeFile(join(dir, 'GdcwTesting.ttf'), await renamedFont());
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('a document in a font only the folder has: embedded with --fonts, substituted without', SLOW, async () => {
    const plain = await startLocalServer({ converter: 'real', workers: 1 });
    try {
      const r = await plain.convertDirect('doc.fodt', Buffer.from(DOCUMENT));
      assert.equal(r.status, 200);
      assert.ok(!(await fontNames(r.body)).includes('GdcwFontPS'), 'no such font on this machine');
    } finally {
      await plain.close();
    }
    const withFonts = await startLocalServer({ converter: 'real', workers: 1, fontsDir: dir });
    try {
      const r = await withFonts.convertDirect('doc.fodt', Buffer.from(DOCUMENT));
      assert.equal(r.status, 200);
      assert.deepEqual(await fontNames(r.body), ['GdcwFontPS']);
    } finally {
      await withFonts.close();
    }
  });

  test('ConvertSettings.fontsPath: the fonts of a storage folder, for that conversion only', SLOW, async () => {
    const t = await startLocalServer({ converter: 'real', workers: 1 });
    try {
      assert.equal((await t.upload('Fonts/GdcwTesting.ttf', await renamedFont())).status, 200);
      assert.equal((await t.upload('Fonts/readme.txt', Buffer.from('not a font'))).status, 200);
      assert.equal((await t.upload('doc.fodt', Buffer.from(DOCUMENT))).status, 200);
      const convertStored = (fontsPath) =>
        t.call({ method: 'POST', path: '/v2.0/conversion', json: { filePath: 'doc.fodt', format: 'pdf', fontsPath } });
      const withFonts = await convertStored('Fonts');
      assert.equal(withFonts.status, 200, withFonts.body.toString().slice(0, 300));
      assert.deepEqual(await fontNames(withFonts.body), ['GdcwFontPS']);
      const without = await convertStored(undefined);
      assert.ok(!(await fontNames(without.body)).includes('GdcwFontPS'), 'the warm engines never saw the font');
      const missing = await convertStored('NoSuchFolder');
      assert.equal(missing.status, 404);
      assert.equal(missing.json.error.code, 'FileNotFound');
    } finally {
      await t.close();
    }
  });

  test('a folder that does not exist: exit 2 before listening, naming it', SLOW, async () => {
    const child = spawn(process.execPath, [CLI, '--port', '0', '--fonts', join(dir, 'missing')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (c) => (err += c));
    child.stdout.resume();
    const code = await new Promise((resolve) => child.once('exit', resolve));
    assert.equal(code, 2);
    assert.match(err, /--fonts .*missing: no such folder/);
  });
});
