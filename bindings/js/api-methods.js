// SPDX-License-Identifier: MIT
// The rest of the API, under the official SDKs' method names: ConvertApi, AsyncApi, FileApi, FolderApi,
// StorageApi, InfoApi and LicenseApi. Each method checks its arguments, hands them to one core method
// (bindings/RAW_API.md) and shapes the answer. Installed on ConversionClient.prototype by client.js, which
// passes the private plumbing in `internal`.

import { invalidArgument } from './errors.js';
import { checkCallback, checkOptional, checkOptions, checkPage, checkSettings, checkString, isObject } from './checks.js';
import { asBytes, operationId } from './results.js';

/** The caller's options with `onProgress` as the core's progress callback (client.js #call). */
function withProgress(options, what) {
  checkCallback(options?.onProgress, `${what}: options.onProgress`);
  return { ...options, onEvent: options?.onProgress };
}

/**
 * The rest of the API's methods, for `ConversionClient.prototype`.
 * @param {import('./client.js').Internal} internal
 */
export function apiMethods(internal) {
  const { call, assertOpen, readInput } = internal;

  /** The direct routes' arguments: the document (its name, when it has one, tells the format). */
  async function directArgs(client, input, options, what) {
    assertOpen(client);
    if (!isObject(options)) throw invalidArgument(`${what}: options must be an object such as { format: 'pdf' }`);
    const { format, fileName, fromPage, pagesCount, loadOptions, convertOptions } = options;
    checkString(format, `${what}: options.format`);
    checkOptional(fileName, 'string', `${what}: options.fileName`);
    checkPage(fromPage, `${what}: options.fromPage`);
    checkPage(pagesCount, `${what}: options.pagesCount`);
    const { bytes, name } = await readInput(client, input);
    return {
      args: { format, fileName: fileName ?? name, fromPage, pagesCount, loadOptions, convertOptions },
      bytes,
    };
  }

  function transferArgs(client, srcPath, destPath, options, what, withVersion) {
    assertOpen(client);
    checkString(srcPath, `${what}: srcPath`);
    checkString(destPath, `${what}: destPath`);
    const { srcStorageName, destStorageName, versionId } = checkOptions(options, what);
    return withVersion
      ? { srcPath, destPath, srcStorageName, destStorageName, versionId }
      : { srcPath, destPath, srcStorageName, destStorageName };
  }

  return {
    // ----- ConvertApi -----

    /**
     * Converts a stored document and saves the result to storage, waiting for it (POST /conversion with
     * `outputPath`). For long conversions prefer `startConvertAndSave` + `waitForOperation`.
     * @param {object} settings the API's ConvertSettings; `outputPath` is required here
     * @param {{ signal?: AbortSignal }} [options]
     * @returns {Promise<{ name: string, size?: number, path: string, url?: string }[]>} the stored files
     */
    async convertDocument(settings, options) {
      assertOpen(this);
      checkSettings(settings, 'convertDocument(settings)');
      checkString(settings.outputPath, 'convertDocument(settings): settings.outputPath');
      checkOptions(options, 'convertDocument');
      const { value } = await call(this, 'convertDocument', settings, null, options);
      return value;
    },

    /**
     * Converts a stored document and returns the result's exact bytes (POST /conversion without
     * `outputPath`). The official Node SDK decodes these bytes as text and corrupts them; this does not.
     * A raster target (jpg, png…) gives page 1 (see `convertDocument` for every page).
     * @param {object} settings the API's ConvertSettings without `outputPath`
     * @param {{ signal?: AbortSignal, onProgress?: (event: object) => void }} [options] `onProgress` gets
     *   `{ type: 'download', index: 0, count: 1, loaded, total }` as the result arrives
     * @returns {Promise<Uint8Array>}
     */
    async convertDocumentDownload(settings, options) {
      assertOpen(this);
      checkSettings(settings, 'convertDocumentDownload(settings)');
      if (settings.outputPath !== undefined && settings.outputPath !== '') {
        throw invalidArgument('convertDocumentDownload(settings): outputPath stores the result; use convertDocument');
      }
      checkOptions(options, 'convertDocumentDownload');
      const { bytes } = await call(this, 'convertDocumentDownload', settings, null,
        withProgress(options, 'convertDocumentDownload'));
      return asBytes(bytes, 'convertDocumentDownload');
    },

    /**
     * Converts a document sent with the request, without storage, and returns the result's bytes
     * (PUT /conversion).
     * @param {Uint8Array | ArrayBuffer | ArrayBufferView | Blob | string | URL} input the document; in Node
     *   also a local file path
     * @param {{ format: string, fileName?: string, fromPage?: number, pagesCount?: number,
     *   loadOptions?: object, convertOptions?: object, signal?: AbortSignal,
     *   onProgress?: (event: object) => void }} options `onProgress` gets `{ type: 'upload', loaded, total }`
     *   as the document goes up, then `{ type: 'download', index: 0, count: 1, loaded, total }`
     * @returns {Promise<Uint8Array>}
     */
    async convertDocumentDirect(input, options) {
      const { args, bytes } = await directArgs(this, input, options, 'convertDocumentDirect(input, options)');
      const out = await call(this, 'convertDocumentDirect', args, bytes,
        withProgress(options, 'convertDocumentDirect'));
      return asBytes(out.bytes, 'convertDocumentDirect');
    },

    // ----- AsyncApi -----

    /**
     * Starts an asynchronous conversion of a document sent with the request (PUT /conversion/async);
     * nothing is stored. Wait with `waitForOperation`, then fetch the result with `getOperationResult`.
     * @param {Uint8Array | ArrayBuffer | ArrayBufferView | Blob | string | URL} input
     * @param {{ format: string, fileName?: string, fromPage?: number, pagesCount?: number,
     *   loadOptions?: object, convertOptions?: object, signal?: AbortSignal,
     *   onProgress?: (event: object) => void }} options `onProgress` gets `{ type: 'upload', loaded, total }`
     *   as the document goes up
     * @returns {Promise<string>} the operation id
     */
    async startConvert(input, options) {
      const { args, bytes } = await directArgs(this, input, options, 'startConvert(input, options)');
      const { value } = await call(this, 'startConvert', args, bytes, withProgress(options, 'startConvert'));
      return operationId(value);
    },

    /**
     * Downloads the result of a finished `startConvert` operation (GET /conversion/async/result).
     * @param {string} id
     * @param {{ name?: string, signal?: AbortSignal, onProgress?: (event: object) => void }} [options]
     *   `name` picks one of several result files (one per page for raster targets); the default is the
     *   first. `onProgress` gets `{ type: 'download', index: 0, count: 1, loaded, total }`
     * @returns {Promise<Uint8Array>} the exact bytes
     */
    async getOperationResult(id, options) {
      assertOpen(this);
      checkString(id, 'getOperationResult(id): id');
      const { name } = checkOptions(options, 'getOperationResult');
      checkOptional(name, 'string', 'getOperationResult(id, { name })');
      const { bytes } = await call(this, 'getOperationResult', { id, name }, null,
        withProgress(options, 'getOperationResult'));
      return asBytes(bytes, 'getOperationResult');
    },

    // ----- FileApi -----

    /**
     * Copies a stored file (PUT /conversion/storage/file/copy/{srcPath}); missing folders are created.
     * @param {string} srcPath
     * @param {string} destPath
     * @param {{ srcStorageName?: string, destStorageName?: string, versionId?: string, signal?: AbortSignal }} [options]
     * @returns {Promise<void>}
     */
    async copyFile(srcPath, destPath, options) {
      const args = transferArgs(this, srcPath, destPath, options, 'copyFile(srcPath, destPath)', true);
      await call(this, 'copyFile', args, null, options);
    },

    /**
     * Moves a stored file (PUT /conversion/storage/file/move/{srcPath}).
     * @param {string} srcPath
     * @param {string} destPath
     * @param {{ srcStorageName?: string, destStorageName?: string, versionId?: string, signal?: AbortSignal }} [options]
     * @returns {Promise<void>}
     */
    async moveFile(srcPath, destPath, options) {
      const args = transferArgs(this, srcPath, destPath, options, 'moveFile(srcPath, destPath)', true);
      await call(this, 'moveFile', args, null, options);
    },

    /**
     * Deletes a stored file (DELETE /conversion/storage/file/{path}).
     * @param {string} path
     * @param {{ storageName?: string, versionId?: string, signal?: AbortSignal }} [options]
     * @returns {Promise<void>}
     */
    async deleteFile(path, options) {
      assertOpen(this);
      checkString(path, 'deleteFile(path): path');
      const { storageName, versionId } = checkOptions(options, 'deleteFile');
      await call(this, 'deleteFile', { path, storageName, versionId }, null, options);
    },

    // ----- FolderApi -----

    /**
     * Lists a storage folder (GET /conversion/storage/folder/{path}); folders come first.
     * @param {string} [path=''] the folder; '' is the storage root
     * @param {{ storageName?: string, signal?: AbortSignal }} [options]
     * @returns {Promise<{ value: { name: string, isFolder?: boolean, modifiedDate?: string, size?: number,
     *   path: string }[] }>}
     */
    async getFilesList(path = '', options) {
      assertOpen(this);
      if (typeof path !== 'string') throw invalidArgument('getFilesList(path): path must be a string');
      const { storageName } = checkOptions(options, 'getFilesList');
      const { value } = await call(this, 'getFilesList', { path, storageName }, null, options);
      return value;
    },

    /**
     * Creates a storage folder and any missing parents (PUT /conversion/storage/folder/{path}).
     * @param {string} path
     * @param {{ storageName?: string, signal?: AbortSignal }} [options]
     * @returns {Promise<void>}
     */
    async createFolder(path, options) {
      assertOpen(this);
      checkString(path, 'createFolder(path): path');
      const { storageName } = checkOptions(options, 'createFolder');
      await call(this, 'createFolder', { path, storageName }, null, options);
    },

    /**
     * Deletes a storage folder (DELETE /conversion/storage/folder/{path}). A folder that does not exist
     * is not an error; a non-empty one needs `recursive: true`.
     * @param {string} path
     * @param {{ storageName?: string, recursive?: boolean, signal?: AbortSignal }} [options]
     * @returns {Promise<void>}
     */
    async deleteFolder(path, options) {
      assertOpen(this);
      checkString(path, 'deleteFolder(path): path');
      const { storageName, recursive } = checkOptions(options, 'deleteFolder');
      checkOptional(recursive, 'boolean', 'deleteFolder(path, { recursive })');
      await call(this, 'deleteFolder', { path, storageName, recursive }, null, options);
    },

    /**
     * Copies a storage folder with its contents (PUT /conversion/storage/folder/copy/{srcPath}).
     * @param {string} srcPath
     * @param {string} destPath
     * @param {{ srcStorageName?: string, destStorageName?: string, signal?: AbortSignal }} [options]
     * @returns {Promise<void>}
     */
    async copyFolder(srcPath, destPath, options) {
      const args = transferArgs(this, srcPath, destPath, options, 'copyFolder(srcPath, destPath)', false);
      await call(this, 'copyFolder', args, null, options);
    },

    /**
     * Moves a storage folder with its contents (PUT /conversion/storage/folder/move/{srcPath}).
     * @param {string} srcPath
     * @param {string} destPath
     * @param {{ srcStorageName?: string, destStorageName?: string, signal?: AbortSignal }} [options]
     * @returns {Promise<void>}
     */
    async moveFolder(srcPath, destPath, options) {
      const args = transferArgs(this, srcPath, destPath, options, 'moveFolder(srcPath, destPath)', false);
      await call(this, 'moveFolder', args, null, options);
    },

    // ----- StorageApi -----

    /**
     * Whether a file or folder exists (GET /conversion/storage/exist/{path}).
     * @param {string} path
     * @param {{ storageName?: string, versionId?: string, signal?: AbortSignal }} [options]
     * @returns {Promise<{ exists: boolean, isFolder?: boolean }>}
     */
    async objectExists(path, options) {
      assertOpen(this);
      checkString(path, 'objectExists(path): path');
      const { storageName, versionId } = checkOptions(options, 'objectExists');
      const { value } = await call(this, 'objectExists', { path, storageName, versionId }, null, options);
      return value;
    },

    /**
     * Whether a storage exists (GET /conversion/storage/{storageName}/exist).
     * @param {string} storageName
     * @param {{ signal?: AbortSignal }} [options]
     * @returns {Promise<{ exists: boolean }>}
     */
    async storageExists(storageName, options) {
      assertOpen(this);
      checkString(storageName, 'storageExists(storageName): storageName');
      checkOptions(options, 'storageExists');
      const { value } = await call(this, 'storageExists', { storageName }, null, options);
      return value;
    },

    /**
     * Used and total storage space in bytes (GET /conversion/storage/disc).
     * @param {{ storageName?: string, signal?: AbortSignal }} [options]
     * @returns {Promise<{ usedSize: number, totalSize: number }>}
     */
    async getDiscUsage(options) {
      assertOpen(this);
      const { storageName } = checkOptions(options, 'getDiscUsage');
      const { value } = await call(this, 'getDiscUsage', { storageName }, null, options);
      return value;
    },

    /**
     * A stored file's versions (GET /conversion/storage/version/{path}).
     * @param {string} path
     * @param {{ storageName?: string, signal?: AbortSignal }} [options]
     * @returns {Promise<{ value: { name: string, path: string, versionId?: string, isLatest?: boolean,
     *   size?: number, modifiedDate?: string, isFolder?: boolean }[] }>}
     */
    async getFileVersions(path, options) {
      assertOpen(this);
      checkString(path, 'getFileVersions(path): path');
      const { storageName } = checkOptions(options, 'getFileVersions');
      const { value } = await call(this, 'getFileVersions', { path, storageName }, null, options);
      return value;
    },

    // ----- InfoApi -----

    /**
     * Which formats convert to which (GET /conversion/formats).
     * @param {{ filePath?: string, storageName?: string, format?: string, signal?: AbortSignal }} [options]
     *   `format` (a source extension) or `filePath` (a stored document) narrows the answer
     * @returns {Promise<{ sourceFormat: string, targetFormats: string[] }[]>}
     */
    async getSupportedConversionTypes(options) {
      assertOpen(this);
      const { filePath, storageName, format } = checkOptions(options, 'getSupportedConversionTypes');
      for (const [key, value] of Object.entries({ filePath, storageName, format })) {
        checkOptional(value, 'string', `getSupportedConversionTypes({ ${key} })`);
      }
      const { value } = await call(this, 'getSupportedConversionTypes', { filePath, storageName, format }, null, options);
      return value;
    },

    /**
     * A stored document's metadata: type, page count, size, title, author… (GET /conversion/info).
     * @param {string} filePath
     * @param {{ storageName?: string, signal?: AbortSignal }} [options]
     * @returns {Promise<{ pageCount: number, fileType?: string, size?: number, title?: string,
     *   author?: string, isPasswordProtected?: boolean, [field: string]: unknown }>}
     */
    async getDocumentMetadata(filePath, options) {
      assertOpen(this);
      checkString(filePath, 'getDocumentMetadata(filePath): filePath');
      const { storageName } = checkOptions(options, 'getDocumentMetadata');
      const { value } = await call(this, 'getDocumentMetadata', { filePath, storageName }, null, options);
      return value;
    },

    // ----- LicenseApi -----

    /**
     * Credits and megabytes used (GET /conversion/consumption; self-hosted API and the local server).
     * @param {{ signal?: AbortSignal }} [options]
     * @returns {Promise<{ credit: number, quantity: number, billedApiCalls?: number }>}
     */
    async getConsumptionCredit(options) {
      assertOpen(this);
      checkOptions(options, 'getConsumptionCredit');
      const { value } = await call(this, 'getConsumptionCredit', {}, null, options);
      return value;
    },

    /**
     * Whether the server is licensed (GET /conversion/license; self-hosted API and the local server).
     * @param {{ signal?: AbortSignal }} [options]
     * @returns {Promise<{ isLicensed: boolean }>}
     */
    async getLicenseInfo(options) {
      assertOpen(this);
      checkOptions(options, 'getLicenseInfo');
      const { value } = await call(this, 'getLicenseInfo', {}, null, options);
      return value;
    },
  };
}
