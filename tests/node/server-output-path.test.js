// SPDX-License-Identifier: MIT
// An outputPath that names a file (issue 18 item 1). The API's "convert specific pages" sample sends
// OutputPath "Output/two-pages.pdf" and gets one result named two-pages.pdf at that path; one file per page
// goes beside it as <stem>-<page>.<ext>; an outputPath without the target's extension stays a folder.
// Checked through our client (startConvertAndSave + waitForOperation, convertDocument, convert) and the
// official SDK 24.4.0, against the server with the real converter.

import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import sdk from 'groupdocs-conversion-cloud';
import { resultPaths } from '../../server/conversion.js';
import { fixturePath } from '../support/fixtures.js';
import { CONVERSION_TIMEOUT_MS, DEV_CREDENTIALS, readPdf } from '../support/client-env.js';
import { useClient } from '../support/local-server.js';

const {
  Configuration,
  ConvertApi,
  ConvertDocumentRequest,
  ConvertSettings,
  DownloadFileRequest,
  FileApi,
  PdfConvertOptions,
  PngConvertOptions,
} = sdk;
const SLOW = { timeout: CONVERSION_TIMEOUT_MS };
const TWO_PAGES = { fromPage: 1, pagesCount: 2 };
const isPng = (b) =>
  Buffer.from(b)
    .subarray(0, 4)
    .equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]));

describe('outputPath naming a file', { timeout: 900_000 }, () => {
  const env = useClient();
  let docx;
  before(async () => {
    docx = await readFile(await fixturePath('four-pages.docx'));
    await env.client.uploadFile('WordProcessing/four-pages.docx', docx);
  });

  /** The stored file at `path` is a file (not a folder) and a PDF of `pages` pages. */
  async function assertStoredPdf(path, pages) {
    const exists = await env.client.objectExists(path);
    assert.deepEqual([exists.exists, exists.isFolder], [true, false], path);
    assert.equal((await readPdf(await env.client.downloadFile(path))).pages, pages, path);
  }

  describe('our client', () => {
    test(
      'startConvertAndSave + waitForOperation: one result, two-pages.pdf, at exactly Output/two-pages.pdf',
      SLOW,
      async () => {
        const id = await env.client.startConvertAndSave({
          filePath: 'WordProcessing/four-pages.docx',
          format: 'pdf',
          outputPath: 'Output/two-pages.pdf',
          convertOptions: TWO_PAGES,
        });
        const op = await env.client.waitForOperation(id, { timeoutMs: CONVERSION_TIMEOUT_MS });
        assert.deepEqual(
          op.result.map((r) => [r.name, r.path]),
          [['two-pages.pdf', 'Output/two-pages.pdf']],
        );
        await assertStoredPdf('Output/two-pages.pdf', 2);
      },
    );

    test('convertDocument: the same, synchronously (the extension matches in any case)', SLOW, async () => {
      const results = await env.client.convertDocument({
        filePath: 'WordProcessing/four-pages.docx',
        format: 'pdf',
        outputPath: 'Output/Sync.PDF',
        convertOptions: TWO_PAGES,
      });
      assert.deepEqual(
        results.map((r) => [r.name, r.path]),
        [['Sync.PDF', 'Output/Sync.PDF']],
      );
      await assertStoredPdf('Output/Sync.PDF', 2);
    });

    test('convert(…, { outputPath }): the result file is the named one and stays', SLOW, async () => {
      const { files } = await env.client.convert(docx, {
        format: 'pdf',
        fileName: 'four-pages.docx',
        outputPath: 'Output/from-convert.pdf',
        convertOptions: TWO_PAGES,
        timeoutMs: CONVERSION_TIMEOUT_MS,
      });
      assert.deepEqual(
        files.map((f) => [f.name, f.path]),
        [['from-convert.pdf', 'Output/from-convert.pdf']],
      );
      assert.equal((await readPdf(files[0].bytes)).pages, 2);
      await assertStoredPdf('Output/from-convert.pdf', 2);
    });

    test(
      'one image per page: <stem>-<page>.png beside the named path, page numbers from the source',
      SLOW,
      async () => {
        const all = await env.client.convertDocument({
          filePath: 'WordProcessing/four-pages.docx',
          format: 'png',
          outputPath: 'Output/pages.png',
        });
        assert.deepEqual(
          all.map((r) => r.path),
          [1, 2, 3, 4].map((n) => `Output/pages-${n}.png`),
        );
        assert.deepEqual(
          all.map((r) => r.name),
          [1, 2, 3, 4].map((n) => `pages-${n}.png`),
        );
        assert.ok(isPng(await env.client.downloadFile('Output/pages-3.png')));
        assert.equal((await env.client.objectExists('Output/pages.png')).exists, false);
        const some = await env.client.convertDocument({
          filePath: 'WordProcessing/four-pages.docx',
          format: 'png',
          outputPath: 'Output/some.png',
          convertOptions: { pages: [2, 4] },
        });
        assert.deepEqual(
          some.map((r) => r.path),
          ['Output/some-2.png', 'Output/some-4.png'],
        );
        const one = await env.client.convertDocument({
          filePath: 'WordProcessing/four-pages.docx',
          format: 'jpeg',
          outputPath: 'Output/cover.jpg',
          convertOptions: { pages: [1] },
        });
        assert.deepEqual(
          one.map((r) => r.path),
          ['Output/cover.jpg'],
          'a single image takes the path itself; jpg names jpeg',
        );
      },
    );

    test("an outputPath without the target's extension is still a folder", SLOW, async () => {
      const folder = await env.client.convertDocument({
        filePath: 'WordProcessing/four-pages.docx',
        format: 'pdf',
        outputPath: 'converted',
      });
      assert.deepEqual(
        folder.map((r) => r.path),
        ['converted/four-pages.pdf'],
      );
      const other = await env.client.convertDocument({
        filePath: 'WordProcessing/four-pages.docx',
        format: 'pdf',
        outputPath: 'Output/report.docx',
      });
      assert.deepEqual(
        other.map((r) => r.path),
        ['Output/report.docx/four-pages.pdf'],
      );
      assert.equal((await env.client.objectExists('Output/report.docx')).isFolder, true);
    });
  });

  describe('the official SDK 24.4.0', () => {
    let convertApi;
    let fileApi;
    before(() => {
      const config = new Configuration(DEV_CREDENTIALS.clientId, DEV_CREDENTIALS.clientSecret);
      config.apiBaseUrl = env.url;
      convertApi = ConvertApi.fromConfig(config);
      fileApi = FileApi.fromConfig(config);
    });

    test(
      'the docs\' "convert specific pages" sample: one result, two-pages.pdf at Output/two-pages.pdf, 2 pages',
      SLOW,
      async () => {
        const settings = new ConvertSettings();
        settings.filePath = 'WordProcessing/four-pages.docx';
        settings.format = 'pdf';
        settings.outputPath = 'Output/two-pages.pdf';
        const options = new PdfConvertOptions();
        options.fromPage = 1;
        options.pagesCount = 2;
        settings.convertOptions = options;
        const result = await convertApi.convertDocument(new ConvertDocumentRequest(settings));
        assert.equal(result.length, 1);
        assert.equal(result[0].name, 'two-pages.pdf');
        assert.equal(result[0].path, 'Output/two-pages.pdf');
        assert.equal(result[0].url, `${env.url}/v2.0/conversion/storage/file/Output/two-pages.pdf`);
        await assertStoredPdf('Output/two-pages.pdf', 2);
        // The SDK's downloadFile decodes bytes as text, so only its length is checked (as the official tests do).
        assert.equal(
          (await fileApi.downloadFile(new DownloadFileRequest('Output/two-pages.pdf'))).length,
          result[0].size,
        );
      },
    );

    test('a raster target: one result per page beside the named path', SLOW, async () => {
      const settings = new ConvertSettings();
      settings.filePath = 'WordProcessing/four-pages.docx';
      settings.format = 'png';
      settings.outputPath = 'Output/pages.png';
      settings.convertOptions = new PngConvertOptions();
      const result = await convertApi.convertDocument(new ConvertDocumentRequest(settings));
      assert.deepEqual(
        result.map((r) => r.path),
        [1, 2, 3, 4].map((n) => `Output/pages-${n}.png`),
      );
    });
  });
});

describe('resultPaths (the rule, without a conversion)', () => {
  const files = (...pages) => pages.map((page) => ({ name: `doc-page-${page}.png`, page }));
  test('a folder, a file, several files; the position stands in for an unknown page', () => {
    assert.deepEqual(
      resultPaths('out', 'png', files(1, 2)).map((r) => r.path),
      ['out/doc-page-1.png', 'out/doc-page-2.png'],
    );
    assert.deepEqual(resultPaths('a/b.png', 'png', files(3)), [{ name: 'b.png', path: 'a/b.png' }]);
    assert.deepEqual(
      resultPaths('b.tif', 'tiff', files(2, 5)).map((r) => r.path),
      ['b-2.tif', 'b-5.tif'],
    );
    assert.deepEqual(
      resultPaths('a/b.png', 'png', [{ name: 'x.png' }, { name: 'y.png' }]).map((r) => r.path),
      ['a/b-1.png', 'a/b-2.png'],
    );
    assert.deepEqual(
      resultPaths('', 'pdf', [{ name: 'doc.pdf' }]).map((r) => r.path),
      ['doc.pdf'],
    );
  });
});
