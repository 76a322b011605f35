// SPDX-License-Identifier: MIT
// GET /formats lists exactly what converts (issue 21 item 3): a real local server's own list, every
// (source, target) pair converted over HTTP with a real small file, each result checked for its target's
// structure (tests/support/format-checks.js); and the formats no engine here reads answer 400
// UnsupportedFormat naming what would convert them, from the sync, async and info routes.
//
// The corpus: the project's fixtures (tests/fixtures/sources and the ones built from them), small texts
// made here, email messages from tests/support/email-fixtures.js, and for the formats none of those is
// (dotx, pptm, webp, svg …) a file this server converts from a fixture first: a broken source converter
// would then fail its own pairs as well.

import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fixturePath } from '../support/fixtures.js';
import { emlx, mixedMessage, outlookMessage } from '../support/email-fixtures.js';
import { assertFormat, hasFormatCheck } from '../support/format-checks.js';
import { useLocalServer } from '../support/local-server.js';
import { multipart } from '../support/server.js';

const MARKDOWN = '# Pairs\n\nA *Markdown* paragraph with a [link](https://example.com).\n\n- one\n- two\n';
const HTML = '<!DOCTYPE html><html><body><h1>Pairs</h1><p>An <b>HTML</b> paragraph.</p></body></html>';

/** Files the corpus takes as they are: format → fixture name, or bytes made here. */
const AS_IS = {
  docx: 'one-page.docx',
  doc: 'four-pages.doc',
  odt: 'four-pages.odt',
  rtf: 'four-pages.rtf',
  fodt: 'one-page.fodt',
  xlsx: 'sheet.xlsx',
  xls: 'sheet.xls',
  ods: 'sheet.ods',
  fods: 'sheet.fods',
  csv: 'plain.csv',
  pptx: 'slides.pptx',
  ppt: 'slides.ppt',
  odp: 'slides.odp',
  fodp: 'slides.fodp',
  pdf: 'four-pages.pdf',
  txt: Buffer.from('Plain text for the pairs.\nSecond line.\n'),
  html: Buffer.from(HTML),
  htm: Buffer.from(HTML),
  md: Buffer.from(MARKDOWN),
  eml: mixedMessage(),
  emlx: emlx(mixedMessage()),
  msg: outlookMessage({
    subject: 'Pairs',
    body: 'Hello from Outlook.',
    from: { name: 'Zoë Outlook', email: 'zoe@example.com' },
    to: [{ name: 'Ada Lovelace', email: 'ada@example.com' }],
    sentAt: new Date(Date.UTC(2024, 4, 16, 8, 15, 0)),
  }),
};
/** The others: format → the corpus format this server converts to it. */
const MADE_FROM = {
  docm: 'docx',
  dot: 'docx',
  dotx: 'docx',
  ott: 'docx',
  xlsm: 'xlsx',
  xlt: 'xlsx',
  xltx: 'xlsx',
  ots: 'xlsx',
  tsv: 'xlsx',
  otp: 'pptx',
  pot: 'pptx',
  potx: 'pptx',
  pps: 'pptx',
  ppsx: 'pptx',
  pptm: 'pptx',
  bmp: 'pdf',
  gif: 'pdf',
  jpeg: 'pdf',
  jpg: 'pdf',
  png: 'pdf',
  svg: 'pdf',
  tif: 'pdf',
  tiff: 'pdf',
  webp: 'pdf',
};

/** Runs `fn` over `items`, at most `limit` at a time. */
async function eachLimited(items, limit, fn) {
  let next = 0;
  const lanes = Array.from({ length: limit }, async () => {
    while (next < items.length) await fn(items[next++]);
  });
  await Promise.all(lanes);
}

describe('GET /formats, pair by pair', { timeout: 1_800_000 }, () => {
  const t = useLocalServer({ converter: 'real', workers: 2 });
  const corpus = new Map();

  /** PUT /conversion: the bytes as `source`, to `target`; the response (page 1 for image targets). */
  function convertDirect(bytes, source, target) {
    const { body, contentType } = multipart([
      { name: 'File', filename: `sample.${source}`, contentType: 'application/octet-stream', data: bytes },
      { name: 'loadOptions', data: JSON.stringify({ format: source }) },
    ]);
    return t.call({
      method: 'PUT',
      path: `/v2.0/conversion?format=${target}`,
      headers: { 'Content-Type': contentType },
      body,
    });
  }

  before(async () => {
    for (const [format, source] of Object.entries(AS_IS))
      corpus.set(format, Buffer.isBuffer(source) ? source : await readFile(await fixturePath(source)));
    for (const [format, from] of Object.entries(MADE_FROM)) {
      const r = await convertDirect(corpus.get(from), from, format);
      assert.equal(r.status, 200, `making the ${format} sample from ${from}: ${r.body}`);
      corpus.set(format, r.body);
    }
  });

  test('every (source, target) pair GET /formats lists converts to a well-formed file', async () => {
    const formats = (await t.call({ path: '/v2.0/conversion/formats' })).json;
    const pairs = formats.flatMap(({ sourceFormat, targetFormats }) =>
      targetFormats.map((target) => [sourceFormat, target]),
    );
    for (const { sourceFormat, targetFormats } of formats) {
      assert.ok(corpus.has(sourceFormat), `a sample ${sourceFormat} file in the corpus`);
      for (const target of targetFormats) assert.ok(hasFormatCheck(target), `a structure check for ${target}`);
    }
    const failures = [];
    await eachLimited(pairs, 2, async ([source, target]) => {
      const r = await convertDirect(corpus.get(source), source, target);
      try {
        assert.equal(r.status, 200, r.body.toString().slice(0, 300));
        await assertFormat(target, r.body);
      } catch (err) {
        failures.push(`${source} → ${target}: ${err.message}`);
      }
    });
    assert.deepEqual(failures, [], `${failures.length} of ${pairs.length} pairs failed`);
    assert.ok(pairs.length > 800, `${pairs.length} pairs`);
  });

  test('formats no engine here reads: 400 UnsupportedFormat naming what would convert them, on every route', async () => {
    const drawing = Buffer.from('AC1027\0\0\0\0\0binary drawing');
    assert.equal((await t.upload('CAD/drawing.dwg', drawing)).status, 200);
    assert.equal((await t.upload('Note/notebook.one', Buffer.from([0xe4, 0x52, 0x5c, 0x7b, 0, 1]))).status, 200);
    assert.equal(
      (await t.upload('CAD/plan.dxf', Buffer.from('0\nSECTION\n2\nHEADER\n0\nENDSEC\n0\nEOF\n'))).status,
      200,
    );
    const refused = (r, pattern) => {
      assert.equal(r.status, 400, r.body.toString());
      assert.equal(r.json.error.code, 'UnsupportedFormat');
      assert.match(r.json.error.message, pattern);
    };
    const CAD = /dwg needs a CAD engine such as ODA File Converter or LibreCAD's dwg2dxf/;
    const sync = (filePath) => t.call({ method: 'POST', path: '/v2.0/conversion', json: { filePath, format: 'pdf' } });
    refused(await sync('CAD/drawing.dwg'), CAD);
    refused(await sync('Note/notebook.one'), /^one files cannot be converted here: one needs a OneNote engine/);
    // A dxf is text: it is refused as dxf, never converted as the txt its bytes look like.
    refused(await sync('CAD/plan.dxf'), /^dxf files cannot be converted here: dxf needs a CAD engine/);
    refused(await convertDirect(drawing, 'dwg', 'pdf'), CAD);
    const { body, contentType } = multipart([{ name: 'File', filename: 'drawing.dwg', data: drawing }]);
    refused(
      await t.call({
        method: 'PUT',
        path: '/v2.0/conversion?format=pdf',
        headers: { 'Content-Type': contentType },
        body,
      }),
      CAD,
    );
    // The async routes refuse before they queue anything (no operation id to poll).
    refused(
      await t.call({
        method: 'POST',
        path: '/v2.0/conversion/async',
        json: { filePath: 'CAD/drawing.dwg', format: 'pdf', outputPath: 'out' },
      }),
      CAD,
    );
    const direct = multipart([{ name: 'File', filename: 'drawing.dwg', data: drawing }]);
    refused(
      await t.call({
        method: 'PUT',
        path: '/v2.0/conversion/async?format=pdf',
        headers: { 'Content-Type': direct.contentType },
        body: direct.body,
      }),
      CAD,
    );
    refused(await t.call({ path: '/v2.0/conversion/info?filePath=CAD/drawing.dwg' }), CAD);
    const formats = (await t.call({ path: '/v2.0/conversion/formats' })).json.map((f) => f.sourceFormat);
    for (const fmt of ['dwg', 'dxf', 'one']) assert.ok(!formats.includes(fmt), `${fmt} is not listed`);
  });
});
