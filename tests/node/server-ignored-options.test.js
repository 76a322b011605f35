// SPDX-License-Identifier: MIT
// No option silently dropped (issue 18 item 5): a conversion answers `x-groupdocs-ignored-options` with the
// known options it was given and does not apply, on the sync routes and both async starts; defaults (as the
// .NET SDK sends them) and unknown names are not reported; the server logs names, never values; and a wrong
// option type is a 400 InvalidOptions naming the option on every route, never a 500.

import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { appliedOptions } from '../../server/converters/index.js';
import { setOptionPaths, validateOptions } from '../../server/option-model.js';
import { fixturePath } from '../support/fixtures.js';
import { useLocalServer } from '../support/local-server.js';
import { multipart, waitForOperation } from '../support/server.js';

const HEADER = 'x-groupdocs-ignored-options';
const CONVERT = '/v2.0/conversion';
const DOC = 'FAKEDOC pages=2';

/** Every PdfConvertOptions field at its default, PascalCase, as the .NET SDK serialises an untouched model. */
const DOTNET_PDF_DEFAULTS = {
  FromPage: 0,
  PagesCount: 0,
  Pages: [],
  WatermarkOptions: {
    Text: '',
    FontName: '',
    FontSize: 0,
    Bold: false,
    Italic: false,
    Color: '',
    Width: 0,
    Height: 0,
    Top: 0,
    Left: 0,
    RotationAngle: 0,
    Transparency: 0,
    Background: false,
    Image: '',
    AutoAlign: false,
  },
  Width: 0,
  Height: 0,
  Dpi: 0,
  Password: '',
  MarginTop: 0,
  MarginBottom: 0,
  MarginLeft: 0,
  MarginRight: 0,
  PdfFormat: 'Default',
  RemovePdfaCompliance: false,
  Zoom: 0,
  Linearize: false,
  LinkDuplicateStreams: false,
  RemoveUnusedObjects: false,
  RemoveUnusedStreams: false,
  CompressImages: false,
  ImageQuality: 0,
  UnembedFonts: false,
  Grayscale: false,
  CenterWindow: false,
  Direction: 'L2R',
  DisplayDocTitle: false,
  FitWindow: false,
  HideMenuBar: false,
  HideToolBar: false,
  HideWindowUI: false,
  NonFullScreenPageMode: 'UseNone',
  PageLayout: 'Default',
  PageMode: 'UseNone',
  Rotate: 'None',
  PageSize: 'Default',
  PageOrientation: 'Default',
};

describe('x-groupdocs-ignored-options (fake converter: it applies loadOptions.password only)', () => {
  const logged = [];
  const t = useLocalServer({ converter: 'fake', log: (line) => logged.push(line) });
  before(async () => {
    assert.equal((await t.upload('in/doc.docx', DOC)).status, 200);
  });

  const storageBody = (extra) => ({ filePath: 'in/doc.docx', format: 'pdf', ...extra });
  const direct = (path, { loadOptions, convertOptions }) => {
    const parts = [{ name: 'File', filename: 'file.name', data: DOC }];
    if (loadOptions !== undefined) parts.push({ name: 'loadOptions', data: JSON.stringify(loadOptions) });
    if (convertOptions !== undefined) parts.push({ name: 'convertOptions', data: JSON.stringify(convertOptions) });
    const { body, contentType } = multipart(parts);
    return t.call({ method: 'PUT', path, headers: { 'Content-Type': contentType }, body });
  };
  /** The same options through all five routes that convert. */
  const everyRoute = (options) =>
    Promise.all([
      t.call({ method: 'POST', path: CONVERT, json: storageBody(options) }),
      t.call({ method: 'POST', path: CONVERT, json: storageBody({ ...options, outputPath: 'out' }) }),
      t.call({ method: 'POST', path: `${CONVERT}/async`, json: storageBody({ ...options, outputPath: 'out' }) }),
      direct(`${CONVERT}?format=pdf`, options),
      direct(`${CONVERT}/async?format=pdf`, options),
    ]);

  test('every route names the ignored options: sorted, comma-separated, canonical camelCase paths', async () => {
    const options = {
      loadOptions: { HideComments: true, password: 'pw' },
      convertOptions: { Dpi: 150, watermark_options: { Image: 'logo.png', text: '' }, someFutureOption: 1 },
    };
    for (const r of await everyRoute(options)) {
      assert.equal(r.status, 200, r.body.toString());
      assert.equal(
        r.headers[HEADER],
        'convertOptions.dpi,convertOptions.watermarkOptions.image,loadOptions.hideComments',
      );
    }
  });

  test('nothing set, or everything at its default as .NET sends it: no header', async () => {
    for (const options of [
      {},
      { loadOptions: { Format: 'docx', Password: '' }, convertOptions: DOTNET_PDF_DEFAULTS },
    ]) {
      for (const r of await everyRoute(options)) {
        assert.equal(r.status, 200, r.body.toString());
        assert.equal(r.headers[HEADER], undefined, JSON.stringify(options));
      }
    }
  });

  test('a browser on another origin can read it', async () => {
    const r = await t.call({ method: 'POST', path: CONVERT, json: storageBody({ convertOptions: { zoom: 50 } }) });
    assert.equal(r.headers[HEADER], 'convertOptions.zoom');
    assert.ok(r.headers['access-control-expose-headers'].split(', ').includes(HEADER));
  });

  test('the async start reports what the operation will ignore, and the operation still converts', async () => {
    const r = await t.call({
      method: 'POST',
      path: `${CONVERT}/async`,
      json: storageBody({ outputPath: 'async-out', convertOptions: { rotate: 'On90' } }),
    });
    assert.equal(r.headers[HEADER], 'convertOptions.rotate');
    assert.equal((await waitForOperation(t.call, r.json)).status, 'Finished');
  });

  test('the log names the ignored options once per conversion, never their values', async () => {
    logged.length = 0;
    const secret = 'never-logged-7f3a';
    await t.call({
      method: 'POST',
      path: CONVERT,
      json: storageBody({ convertOptions: { password: secret, marginTop: 20 } }),
    });
    await t.call({ method: 'POST', path: CONVERT, json: storageBody({}) });
    assert.equal(logged.length, 1, logged.join('\n'));
    assert.match(logged[0], /ignores options convertOptions\.marginTop,convertOptions\.password$/);
    assert.match(logged[0], /POST \/v2\.0\/conversion docx to pdf/);
    assert.ok(!logged[0].includes(secret));
  });

  test('numeric and boolean strings are accepted as numbers and booleans', async () => {
    const r = await t.call({
      method: 'POST',
      path: CONVERT,
      json: storageBody({
        convertOptions: { dpi: ' 150 ', grayscale: 'true', fromPage: '1' },
        loadOptions: { hideComments: 'false' },
      }),
    });
    assert.equal(r.status, 200, r.body.toString());
    assert.equal(r.headers[HEADER], 'convertOptions.dpi,convertOptions.fromPage,convertOptions.grayscale');
  });

  test('a wrong option type is a 400 InvalidOptions naming the option, on every route', async () => {
    const cases = [
      [{ convertOptions: { dpi: 'abc' } }, 'convertOptions.dpi'],
      [{ loadOptions: { hideComments: 3 } }, 'loadOptions.hideComments'],
      [{ convertOptions: 'x' }, 'convertOptions'],
      [{ convertOptions: { watermarkOptions: 5 } }, 'convertOptions.watermarkOptions'],
      [
        { convertOptions: { WatermarkOptions: { Transparency: 'half' } } },
        'convertOptions.watermarkOptions.transparency',
      ],
      [{ convertOptions: { pages: '1,2' } }, 'convertOptions.pages'],
      [{ convertOptions: { pages: [1, 'two'] } }, 'convertOptions.pages'],
      [{ convertOptions: { fromPage: 1.5 } }, 'convertOptions.fromPage'],
      [{ loadOptions: { password: 1234 } }, 'loadOptions.password'],
      [{ convertOptions: { pdfFormat: 1 } }, 'convertOptions.pdfFormat'],
      [{ loadOptions: { fontSubstitutes: { Arial: 1 } } }, 'loadOptions.fontSubstitutes'],
    ];
    for (const [options, path] of cases) {
      for (const r of await everyRoute(options)) {
        assert.equal(r.status, 400, `${JSON.stringify(options)}: ${r.status} ${r.body}`);
        assert.equal(r.json.error.code, 'InvalidOptions', JSON.stringify(options));
        assert.ok(r.json.error.message.includes(`"${path}"`), r.json.error.message);
        assert.ok(!r.json.error.message.includes('1234'), 'values are not echoed');
      }
    }
  });
});

describe('what the real converter applies, per pair (no conversion needed)', () => {
  const ignored = (sourceFormat, targetFormat, options) => {
    const job = { sourceFormat, targetFormat, loadOptions: {}, convertOptions: {}, ...options };
    const applied = appliedOptions(job);
    return setOptionPaths(job).filter((p) => !applied.has(p) && p !== 'loadOptions.format');
  };

  test('image options apply to image targets only; quality to jpg, compression to tif when it has an equivalent', () => {
    const image = { convertOptions: { dpi: 150, width: 800, grayscale: true, quality: 80, compression: 'Ccitt4' } };
    assert.deepEqual(ignored('docx', 'jpg', image), ['convertOptions.compression']);
    assert.deepEqual(ignored('docx', 'tiff', image), ['convertOptions.compression', 'convertOptions.quality']);
    assert.deepEqual(ignored('docx', 'tif', { convertOptions: { compression: 'Rle' } }), []);
    assert.deepEqual(ignored('docx', 'pdf', image), [
      'convertOptions.compression',
      'convertOptions.dpi',
      'convertOptions.grayscale',
      'convertOptions.quality',
      'convertOptions.width',
    ]);
  });

  test('pages apply to pdf and image targets; password to targets that can carry one, pdf sources included', () => {
    const options = { convertOptions: { fromPage: 2, password: 'p' } };
    assert.deepEqual(ignored('docx', 'pdf', options), []);
    assert.deepEqual(ignored('pdf', 'pdf', options), []);
    assert.deepEqual(ignored('docx', 'png', options), ['convertOptions.password']);
    assert.deepEqual(ignored('docx', 'rtf', options), ['convertOptions.fromPage', 'convertOptions.password']);
    assert.deepEqual(ignored('xlsx', 'xlsx', options), ['convertOptions.fromPage']);
  });

  test('pdfFormat: written by the office export for the versions it knows, unless a password or a watermark comes after', () => {
    assert.deepEqual(ignored('docx', 'pdf', { convertOptions: { pdfFormat: 'PdfA_2B' } }), []);
    assert.deepEqual(ignored('docx', 'pdf', { convertOptions: { pdfFormat: 'PdfA_1A' } }), [
      'convertOptions.pdfFormat',
    ]);
    assert.deepEqual(ignored('pdf', 'pdf', { convertOptions: { pdfFormat: 'PdfA_2B' } }), ['convertOptions.pdfFormat']);
    assert.deepEqual(
      ignored('docx', 'pdf', { convertOptions: { pdfFormat: 'PdfA_2B', watermarkOptions: { text: 'W' } } }),
      ['convertOptions.pdfFormat'],
    );
  });

  test('the watermark: drawn on pdf and images; without text nothing is drawn; autoAlign decides size and position', () => {
    const wm = (watermarkOptions) => ({ convertOptions: { watermarkOptions } });
    assert.deepEqual(ignored('pdf', 'html', wm({ text: 'W', bold: true })), [
      'convertOptions.watermarkOptions.bold',
      'convertOptions.watermarkOptions.text',
    ]);
    assert.deepEqual(ignored('docx', 'pdf', wm({ color: 'Red', rotationAngle: 45 })), [
      'convertOptions.watermarkOptions.color',
      'convertOptions.watermarkOptions.rotationAngle',
    ]);
    assert.deepEqual(
      ignored('docx', 'jpeg', wm({ text: 'W', autoAlign: true, fontSize: 20, left: 5, top: 5, width: 9 })),
      [
        'convertOptions.watermarkOptions.fontSize',
        'convertOptions.watermarkOptions.left',
        'convertOptions.watermarkOptions.top',
        'convertOptions.watermarkOptions.width',
      ],
    );
  });

  test('load options: the password always, the separator for csv/tsv sources, the view for targets with pages', () => {
    const options = { loadOptions: { password: 'p', separator: ';', hideComments: true, showHiddenSheets: true } };
    // showHiddenSheets: applied to what has pages (converters-view-options.test.js), reported elsewhere.
    assert.deepEqual(ignored('csv', 'pdf', options), ['loadOptions.hideComments']);
    assert.deepEqual(ignored('xlsx', 'pdf', options), ['loadOptions.hideComments', 'loadOptions.separator']);
    assert.deepEqual(ignored('xlsx', 'csv', options), [
      'loadOptions.hideComments',
      'loadOptions.separator',
      'loadOptions.showHiddenSheets',
    ]);
  });

  test('the model: defaults are not "set", and enum spellings become canonical', () => {
    const convertOptions = validateOptions('convertOptions', {
      pdfFormat: 'pdfa_1b',
      rotate: 'none',
      zoom: 100,
      dpi: 96,
      pages: [],
    });
    assert.equal(convertOptions.pdfFormat, 'PdfA_1B');
    assert.deepEqual(setOptionPaths({ convertOptions }), ['convertOptions.pdfFormat']);
  });
});

describe('x-groupdocs-ignored-options with the real converter', { timeout: 300_000 }, () => {
  const t = useLocalServer({ converter: 'real', workers: 1 });
  before(async () => {
    assert.equal((await t.upload('in/one-page.docx', await readFile(await fixturePath('one-page.docx')))).status, 200);
  });

  test(
    'docx → pdf reports dpi and showHiddenSheets (a spreadsheet option); docx → png applies dpi and reports the password',
    { timeout: 180_000 },
    async () => {
      const body = (format) => ({
        filePath: 'in/one-page.docx',
        format,
        loadOptions: { showHiddenSheets: true },
        convertOptions: { dpi: 150, password: 'p' },
      });
      const pdf = await t.call({ method: 'POST', path: CONVERT, json: body('pdf') });
      assert.equal(pdf.status, 200, pdf.body.toString());
      assert.equal(pdf.headers[HEADER], 'convertOptions.dpi,loadOptions.showHiddenSheets');
      const png = await t.call({ method: 'POST', path: `${CONVERT}/async`, json: { ...body('png'), outputPath: 'o' } });
      assert.equal(png.status, 200, png.body.toString());
      assert.equal(png.headers[HEADER], 'convertOptions.password,loadOptions.showHiddenSheets');
      assert.equal((await waitForOperation(t.call, png.json, 170_000)).status, 'Finished');
    },
  );
});
