// SPDX-License-Identifier: MIT
// The official `groupdocs-conversion-cloud` npm SDK (24.4.0), used unmodified with only apiBaseUrl changed,
// against the local server with the real converter: every API it has (ConvertApi, FileApi, FolderApi,
// StorageApi, InfoApi, LicenseApi; 24.4.0 has no AsyncApi), mirroring the assertions of the SDK's own test
// suite (reference §8). Paths use backslashes as the official tests do; the SDK sends them through axios.

import { test, describe, before, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import sdk from 'groupdocs-conversion-cloud';
import { fixturePath } from '../support/fixtures.js';
import { useLocalServer } from '../support/local-server.js';
import { DEV_CLIENT_ID, DEV_CLIENT_SECRET, request, getToken } from '../support/server.js';

const {
  Configuration,
  ConvertApi,
  FileApi,
  FolderApi,
  StorageApi,
  InfoApi,
  LicenseApi,
  ConvertSettings,
  ConvertDocumentRequest,
  ConvertDocumentDirectRequest,
  WordProcessingLoadOptions,
  DocxLoadOptions,
  JpgConvertOptions,
  PdfConvertOptions,
  UploadFileRequest,
  DownloadFileRequest,
  DeleteFileRequest,
  CopyFileRequest,
  MoveFileRequest,
  GetFilesListRequest,
  CreateFolderRequest,
  DeleteFolderRequest,
  CopyFolderRequest,
  MoveFolderRequest,
  ObjectExistsRequest,
  StorageExistsRequest,
  GetDiscUsageRequest,
  GetFileVersionsRequest,
  GetDocumentMetadataRequest,
  GetSupportedConversionTypesRequest,
} = sdk;

const MISSING = 'AmazonS3 Storage exception: The specified key does not exist.';
const FILES = ['one-page.docx', 'four-pages.docx', 'password-protected.docx'];
const remote = (name) => `WordProcessing\\${name}`;
// A real conversion (LibreOffice) can take a while on a loaded 2-core machine.
const SLOW = { timeout: 180_000 };

/** An SDK model with the given fields, as a user of the SDK fills one in. */
const model = (Model, fields) => Object.assign(new Model(), fields);
/** convertDocument's request: `fields` of ConvertSettings. */
const convertRequest = (fields) => new ConvertDocumentRequest(model(ConvertSettings, fields));

describe('official SDK 24.4.0 against the local server', { timeout: 600_000 }, () => {
  const server = useLocalServer();
  let config;
  let apis;
  const local = {};

  before(async () => {
    config = new Configuration(DEV_CLIENT_ID, DEV_CLIENT_SECRET);
    config.apiBaseUrl = server.url;
    apis = {
      convert: ConvertApi.fromConfig(config),
      file: FileApi.fromConfig(config),
      folder: FolderApi.fromConfig(config),
      storage: StorageApi.fromConfig(config),
      info: InfoApi.fromConfig(config),
      license: LicenseApi.fromConfig(config),
    };
    // As the official tests do: upload each fixture only if it is not there yet.
    for (const name of FILES) {
      local[name] = await readFile(await fixturePath(name));
      const { exists } = await apis.storage.objectExists(new ObjectExistsRequest(remote(name)));
      if (!exists) await apis.file.uploadFile(new UploadFileRequest(remote(name), local[name]));
    }
  });

  // The official suites delete `converted` after every test, whether it exists or not.
  afterEach(async () => {
    await apis.folder.deleteFolder(new DeleteFolderRequest('converted', undefined, true));
  });

  describe('ConvertApi', () => {
    test('convertDocument: four-pages.docx to jpg gives 4 stored results, each with size > 0', SLOW, async () => {
      const result = await apis.convert.convertDocument(
        convertRequest({ filePath: remote('four-pages.docx'), format: 'jpg', outputPath: 'converted' }),
      );
      assert.equal(result.length, 4);
      for (const [i, r] of result.entries()) {
        assert.ok(r.size > 0);
        assert.equal(r.name, `four-pages-page-${i + 1}.jpg`);
        assert.equal(r.path, `converted/four-pages-page-${i + 1}.jpg`);
        assert.equal(r.url, `${server.url}/v2.0/conversion/storage/file/converted/four-pages-page-${i + 1}.jpg`);
      }
      const page = await apis.file.downloadFile(new DownloadFileRequest('converted/four-pages-page-1.jpg'));
      assert.equal(page.length, result[0].size);
      assert.deepEqual([...page.subarray(0, 3)], [0xff, 0xd8, 0xff], 'a JPEG');
    });

    test('convertDocument: to pdf with PdfConvertOptions and a page range', SLOW, async () => {
      const result = await apis.convert.convertDocument(
        convertRequest({
          filePath: remote('four-pages.docx'),
          format: 'pdf',
          outputPath: 'converted',
          convertOptions: model(PdfConvertOptions, { fromPage: 1, pagesCount: 2 }),
        }),
      );
      assert.equal(result.length, 1);
      assert.equal(result[0].name, 'four-pages.pdf');
      assert.ok(result[0].size > 0);
    });

    test('convertDocument: the password-protected file with WordProcessingLoadOptions', SLOW, async () => {
      const result = await apis.convert.convertDocument(
        convertRequest({
          filePath: remote('password-protected.docx'),
          format: 'pdf',
          outputPath: 'converted',
          loadOptions: model(WordProcessingLoadOptions, { password: 'password' }),
        }),
      );
      assert.equal(result.length, 1);
      assert.ok(result[0].size > 0);
    });

    test(
      'convertDocumentDownload: pdf bytes come back (the SDK decodes them as text, so check the length)',
      SLOW,
      async () => {
        const result = await apis.convert.convertDocumentDownload(
          convertRequest({ filePath: remote('four-pages.docx'), format: 'pdf' }),
        );
        assert.ok(result.length > 0);
        assert.ok(String(result).startsWith('%PDF-'));
      },
    );

    test('convertDocumentDirect: a docx Buffer to pdf', SLOW, async () => {
      const result = await apis.convert.convertDocumentDirect(
        new ConvertDocumentDirectRequest('pdf', local['four-pages.docx']),
      );
      assert.ok(Buffer.isBuffer(result));
      assert.ok(result.length > 0);
      assert.equal(result.subarray(0, 5).toString('latin1'), '%PDF-');
    });

    test('convertDocumentDirect: the password-protected file with load options', SLOW, async () => {
      const loadOptions = model(DocxLoadOptions, { format: 'docx', password: 'password' });
      const result = await apis.convert.convertDocumentDirect(
        new ConvertDocumentDirectRequest('pdf', local['password-protected.docx'], undefined, undefined, loadOptions),
      );
      assert.ok(result.length > 0);
      assert.equal(result.subarray(0, 5).toString('latin1'), '%PDF-');
    });

    test(
      'convertDocumentDirect: fromPage/pagesCount and JpgConvertOptions give the first requested page',
      SLOW,
      async () => {
        const result = await apis.convert.convertDocumentDirect(
          new ConvertDocumentDirectRequest(
            'jpg',
            local['four-pages.docx'],
            2,
            1,
            undefined,
            model(JpgConvertOptions, { quality: 50 }),
          ),
        );
        assert.deepEqual([...result.subarray(0, 3)], [0xff, 0xd8, 0xff]);
      },
    );

    test('convertDocument of a missing file rejects with the S3 message', async () => {
      const request = convertRequest({
        filePath: 'some-folder\\NotExist.docx',
        format: 'pdf',
        outputPath: 'converted',
      });
      await assert.rejects(apis.convert.convertDocument(request), (e) => {
        assert.ok(e.message.startsWith(MISSING), e.message);
        return true;
      });
    });

    test('an unsupported target format rejects with a message naming what is supported', async () => {
      // The SDK rejects with a plain object {message, code}, not an Error.
      await assert.rejects(
        apis.convert.convertDocument(convertRequest({ filePath: remote('one-page.docx'), format: 'nosuchformat' })),
        (e) => {
          assert.match(e.message, /Supported target formats for 'docx': .*pdf/);
          assert.equal(e.code, 'UnsupportedFormat');
          return true;
        },
      );
    });
  });

  describe('FileApi', () => {
    test('uploadFile answers the uploaded name; downloadFile returns the same bytes', async () => {
      const up = await apis.file.uploadFile(
        new UploadFileRequest('temp\\upload\\one-page.docx', local['one-page.docx']),
      );
      assert.deepEqual(up.uploaded, ['one-page.docx']);
      assert.deepEqual(up.errors, []);
      const down = await apis.file.downloadFile(new DownloadFileRequest(remote('one-page.docx')));
      assert.ok(down.length > 0);
      assert.deepEqual(down, local['one-page.docx']);
    });

    test('deleteFile, then objectExists is false; upload again, then true', async () => {
      await apis.file.deleteFile(new DeleteFileRequest(remote('one-page.docx')));
      assert.equal((await apis.storage.objectExists(new ObjectExistsRequest(remote('one-page.docx')))).exists, false);
      await apis.file.uploadFile(new UploadFileRequest(remote('one-page.docx'), local['one-page.docx']));
      assert.equal((await apis.storage.objectExists(new ObjectExistsRequest(remote('one-page.docx')))).exists, true);
    });

    test('copyFile and moveFile into folders that do not exist', async () => {
      await apis.file.copyFile(new CopyFileRequest(remote('four-pages.docx'), 'temp/WordProcessing\\four-pages.docx'));
      assert.equal(
        (await apis.storage.objectExists(new ObjectExistsRequest('temp/WordProcessing\\four-pages.docx'))).exists,
        true,
      );
      await apis.file.moveFile(
        new MoveFileRequest('temp/WordProcessing\\four-pages.docx', 'temp1/WordProcessing\\four-pages.docx'),
      );
      assert.equal(
        (await apis.storage.objectExists(new ObjectExistsRequest('temp1/WordProcessing\\four-pages.docx'))).exists,
        true,
      );
      assert.equal(
        (await apis.storage.objectExists(new ObjectExistsRequest('temp/WordProcessing\\four-pages.docx'))).exists,
        false,
      );
    });

    test('downloadFile of a missing file rejects with the S3 message (JSON error on a binary route)', async () => {
      await assert.rejects(apis.file.downloadFile(new DownloadFileRequest('some-folder\\NotExist.docx')), (e) => {
        assert.ok(e.message.startsWith(MISSING), e.message);
        assert.equal(e.code, 'FileNotFound');
        return true;
      });
    });

    test('deleteFile of a missing file rejects with the S3 message', async () => {
      await assert.rejects(apis.file.deleteFile(new DeleteFileRequest('some-folder\\NotExist.docx')), (e) =>
        e.message.startsWith(MISSING),
      );
    });
  });

  describe('FolderApi', () => {
    test('getFilesList("WordProcessing") lists the uploaded files', async () => {
      const list = await apis.folder.getFilesList(new GetFilesListRequest('WordProcessing'));
      assert.ok(list.value.length > 0);
      const names = list.value.map((f) => f.name);
      for (const name of FILES) assert.ok(names.includes(name), name);
      const four = list.value.find((f) => f.name === 'four-pages.docx');
      assert.equal(four.isFolder, false);
      assert.equal(four.size, local['four-pages.docx'].length);
      assert.ok(four.modifiedDate instanceof Date && !Number.isNaN(four.modifiedDate.getTime()));
    });

    test('getFilesList of the root ("")', async () => {
      const list = await apis.folder.getFilesList(new GetFilesListRequest(''));
      assert.ok(list.value.some((f) => f.name === 'WordProcessing' && f.isFolder));
    });

    test('createFolder makes parents; deleteFolder removes it', async () => {
      await apis.folder.createFolder(new CreateFolderRequest('temp2\\created\\nested'));
      const ex = await apis.storage.objectExists(new ObjectExistsRequest('temp2/created/nested'));
      assert.deepEqual([ex.exists, ex.isFolder], [true, true]);
      await apis.folder.deleteFolder(new DeleteFolderRequest('temp2', undefined, true));
      assert.equal((await apis.storage.objectExists(new ObjectExistsRequest('temp2'))).exists, false);
    });

    test('deleteFolder of a folder that does not exist succeeds', async () => {
      const response = await apis.folder.deleteFolder(new DeleteFolderRequest('never\\created', undefined, true));
      assert.equal(response.status, 200);
    });

    test('copyFolder and moveFolder: then exists and isFolder; the source is gone after move', async () => {
      await apis.folder.copyFolder(new CopyFolderRequest('WordProcessing', 'temp1\\WordProcessingCopy'));
      let ex = await apis.storage.objectExists(new ObjectExistsRequest('temp1\\WordProcessingCopy'));
      assert.deepEqual([ex.exists, ex.isFolder], [true, true]);
      assert.equal(
        (await apis.storage.objectExists(new ObjectExistsRequest('temp1\\WordProcessingCopy\\one-page.docx'))).exists,
        true,
      );
      await apis.folder.moveFolder(new MoveFolderRequest('temp1\\WordProcessingCopy', 'temp2\\WordProcessingMoved'));
      ex = await apis.storage.objectExists(new ObjectExistsRequest('temp2\\WordProcessingMoved'));
      assert.deepEqual([ex.exists, ex.isFolder], [true, true]);
      assert.equal(
        (await apis.storage.objectExists(new ObjectExistsRequest('temp1\\WordProcessingCopy'))).exists,
        false,
      );
    });
  });

  describe('StorageApi', () => {
    test('getDiscUsage: totalSize > 0 and usedSize > 0', async () => {
      const usage = await apis.storage.getDiscUsage(new GetDiscUsageRequest());
      assert.ok(usage.totalSize > 0);
      assert.ok(usage.usedSize > 0);
    });

    test('storageExists("First Storage") is true; an unknown storage is false', async () => {
      assert.equal((await apis.storage.storageExists(new StorageExistsRequest('First Storage'))).exists, true);
      assert.equal((await apis.storage.storageExists(new StorageExistsRequest('NoSuchStorage'))).exists, false);
    });

    test('getFileVersions(one-page.docx) has a version', async () => {
      const versions = await apis.storage.getFileVersions(new GetFileVersionsRequest(remote('one-page.docx')));
      assert.ok(versions.value.length > 0);
      assert.equal(versions.value[0].versionId, 'null');
      assert.equal(versions.value[0].isLatest, true);
    });

    test('objectExists(one-page.docx): exists and not a folder', async () => {
      const ex = await apis.storage.objectExists(new ObjectExistsRequest(remote('one-page.docx')));
      assert.equal(ex.exists, true);
      assert.equal(ex.isFolder, false);
    });

    test('a named storage ("week") is separate: upload, convert and check there', SLOW, async () => {
      await apis.file.uploadFile(new UploadFileRequest('WordProcessing/one-page.docx', local['one-page.docx'], 'week'));
      assert.equal((await apis.storage.storageExists(new StorageExistsRequest('week'))).exists, true);
      const result = await apis.convert.convertDocument(
        convertRequest({
          storageName: 'week',
          filePath: 'WordProcessing/one-page.docx',
          format: 'pdf',
          outputPath: 'converted',
        }),
      );
      assert.equal(result.length, 1);
      assert.equal(
        (await apis.storage.objectExists(new ObjectExistsRequest('converted/one-page.pdf', 'week'))).exists,
        true,
      );
      assert.equal((await apis.storage.objectExists(new ObjectExistsRequest('converted/one-page.pdf'))).exists, false);
      await apis.folder.deleteFolder(new DeleteFolderRequest('converted', 'week', true));
    });
  });

  describe('InfoApi', () => {
    test("getSupportedConversionTypes: non-empty, every entry has a source and targets, and it is the server's table", async () => {
      const formats = await apis.info.getSupportedConversionTypes(new GetSupportedConversionTypesRequest());
      assert.ok(formats.length > 0);
      for (const f of formats) {
        assert.ok(f.sourceFormat);
        assert.ok(f.targetFormats.length > 0);
      }
      const raw = await request(server.url, { path: '/v2.0/conversion/formats', token: await getToken(server.url) });
      assert.deepEqual(
        formats.map((f) => ({ sourceFormat: f.sourceFormat, targetFormats: f.targetFormats })),
        raw.json,
      );
      const docx = formats.find((f) => f.sourceFormat === 'docx');
      for (const t of ['pdf', 'jpg']) assert.ok(docx.targetFormats.includes(t), t);
    });

    test('getSupportedConversionTypes filtered by format and by filePath', async () => {
      const byFormat = await apis.info.getSupportedConversionTypes(
        new GetSupportedConversionTypesRequest(undefined, undefined, 'docx'),
      );
      assert.deepEqual(
        byFormat.map((f) => f.sourceFormat),
        ['docx'],
      );
      const byPath = await apis.info.getSupportedConversionTypes(
        new GetSupportedConversionTypesRequest(remote('one-page.docx')),
      );
      assert.deepEqual(
        byPath.map((f) => f.sourceFormat),
        ['docx'],
      );
    });

    test('getDocumentMetadata(four-pages.docx).pageCount is 4', SLOW, async () => {
      const meta = await apis.info.getDocumentMetadata(new GetDocumentMetadataRequest(remote('four-pages.docx')));
      assert.equal(meta.pageCount, 4);
      assert.equal(meta.size, local['four-pages.docx'].length);
      assert.equal(meta.isPasswordProtected, false);
    });

    test('getDocumentMetadata of a missing file rejects with the S3 message', async () => {
      await assert.rejects(
        apis.info.getDocumentMetadata(new GetDocumentMetadataRequest('some-folder\\NotExist.docx')),
        (e) => e.message.startsWith(MISSING),
      );
    });
  });

  describe('LicenseApi', () => {
    test('getLicenseInfo and getConsumptionCredit', async () => {
      const license = await apis.license.getLicenseInfo();
      assert.equal(license.isLicensed, true);
      const consumption = await apis.license.getConsumptionCredit();
      assert.equal(typeof consumption.credit, 'number');
      assert.equal(typeof consumption.quantity, 'number');
    });
  });

  describe('auth', () => {
    test('unknown credentials (test/test) reject with message invalid_client', async () => {
      const bad = new Configuration('test', 'test');
      bad.apiBaseUrl = server.url;
      await assert.rejects(
        InfoApi.fromConfig(bad).getSupportedConversionTypes(new GetSupportedConversionTypesRequest()),
        (e) => {
          assert.equal(e.message, 'invalid_client');
          assert.equal(e.code, 400);
          return true;
        },
      );
    });

    test('a valid id with a bad secret rejects with invalid_client too', async () => {
      const bad = new Configuration(DEV_CLIENT_ID, 'wrong');
      bad.apiBaseUrl = server.url;
      await assert.rejects(LicenseApi.fromConfig(bad).getLicenseInfo(), (e) => e.message === 'invalid_client');
    });

    test('a trailing slash in apiBaseUrl (//v2.0 on the wire) still works', async () => {
      const slash = new Configuration(DEV_CLIENT_ID, DEV_CLIENT_SECRET);
      slash.apiBaseUrl = `${server.url}/`;
      assert.equal((await LicenseApi.fromConfig(slash).getLicenseInfo()).isLicensed, true);
    });
  });
});
