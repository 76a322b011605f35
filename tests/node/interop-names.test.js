// SPDX-License-Identifier: MIT
// Interop of storage paths between this client and the official SDK (issue 21 item 4): a file one of them
// uploads, the other downloads byte for byte and lists under the same name, for names with spaces, `#`, `?`,
// `%`, `+`, `&`, non-ASCII letters and nested folders. Each side encodes the path its own way: this core
// percent-encodes each segment; the SDK 24.4.0 puts the path into the URL as given and axios encodes only
// what a URL cannot hold (spaces, non-ASCII), so `#` would start a fragment, `?` a query, and a `%` would be
// read as an escape. An SDK user passes those three percent-encoded (`%23`, `%3F`, `%25`), as
// docs/api.md ("Paths") says; `sdkPath` does that here, and the test of the SDK's raw behaviour below shows why.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sdk from 'groupdocs-conversion-cloud';
import { useClient } from '../support/local-server.js';
import { DEV_CLIENT_ID, DEV_CLIENT_SECRET } from '../support/server.js';

const NAMES = [
  'interop/plain.bin',
  'interop/with space.bin',
  'interop/hash#1.bin',
  'interop/what?.bin',
  'interop/100%.bin',
  'interop/a+b&c=d.bin',
  'interop/Ünïcødé – ファイル.bin',
  'interop/nested/deeper/still deeper/file.bin',
];

describe('storage names between this client and the official SDK', () => {
  const server = useClient({ converter: 'fake' });
  const apis = {};
  const sdkApis = () => {
    if (!apis.file) {
      const config = new sdk.Configuration(DEV_CLIENT_ID, DEV_CLIENT_SECRET);
      config.apiBaseUrl = server.url;
      apis.file = sdk.FileApi.fromConfig(config);
      apis.folder = sdk.FolderApi.fromConfig(config);
      apis.storage = sdk.StorageApi.fromConfig(config);
    }
    return apis;
  };
  const bytesFor = (name) => new TextEncoder().encode(`the bytes of ${name}`);
  /** A storage path as an official SDK 24.4.0 user must pass it: `%`, `#` and `?` percent-encoded. */
  const sdkPath = (name) => name.replace(/%/g, '%25').replace(/#/g, '%23').replace(/\?/g, '%3F');

  for (const name of NAMES) {
    test(`uploaded by this client, downloaded and listed by the SDK: ${name}`, async () => {
      const { client } = server;
      await client.uploadFile(name, bytesFor(name));
      const { file, folder, storage } = sdkApis();
      const downloaded = await file.downloadFile(new sdk.DownloadFileRequest(sdkPath(name)));
      assert.deepEqual(new Uint8Array(downloaded), bytesFor(name));
      assert.equal((await storage.objectExists(new sdk.ObjectExistsRequest(sdkPath(name)))).exists, true);
      const dir = name.slice(0, name.lastIndexOf('/'));
      const { value } = await folder.getFilesList(new sdk.GetFilesListRequest(sdkPath(dir)));
      assert.ok(
        value.some((f) => f.path === name || f.path === `/${name}`),
        value.map((f) => f.path).join(', '),
      );
    });

    test(`uploaded by the SDK, downloaded and listed by this client: ${name}`, async () => {
      const copy = name.replace(/\.bin$/, ' (sdk).bin');
      const { file } = sdkApis();
      await file.uploadFile(new sdk.UploadFileRequest(sdkPath(copy), Buffer.from(bytesFor(copy))));
      const { client } = server;
      assert.deepEqual(await client.downloadFile(copy), bytesFor(copy));
      assert.equal((await client.objectExists(copy)).exists, true);
      const listed = await client.getFilesList(copy.slice(0, copy.lastIndexOf('/')));
      const names = listed.value.map((f) => f.name);
      assert.ok(names.includes(copy.slice(copy.lastIndexOf('/') + 1)), names.join(', '));
    });
  }

  test('the SDK 24.4.0 sends `#` and `?` in a path as URL syntax, so unencoded they name another file', async () => {
    const { client } = server;
    await client.uploadFile('interop/raw#1.bin', bytesFor('raw'));
    const { file } = sdkApis();
    await assert.rejects(file.downloadFile(new sdk.DownloadFileRequest('interop/raw#1.bin')), (err) => {
      assert.match(String(err?.message ?? err), /Path: 'interop\/raw'/);
      return true;
    });
  });
});
