// SPDX-License-Identifier: MIT
// The public methods that are one core method each, as rows (issue 19): the method's name (the same as the
// core's row in src/core/methods.h and as the official SDKs'), its parameters before `options`, and how its
// answer is shaped (answers.js). makeMethod turns a row into the method: the parameters and the options'
// keys become the core's arguments, and the core checks them (one message per mistake, starting with the
// method's name). index.d.ts declares each method; tests/node/method-rows.test.js holds the rows, the core's
// table and index.d.ts together. How to add one: CONTRIBUTING.md.
//
// A parameter is the name of a core argument, or:
//   'settings'  the API's ConvertSettings object, whose keys are the arguments;
//   'data'      the document to send (inputs.js), as the call's bytes;
//   'input'     the same, whose name (a File's, a path's) is the `fileName` unless the options give one;
// and a trailing '=' gives it a default of ''.

import { invalidArgument } from './errors.js';
import { ANSWERS } from './answers.js';
import { callOptions, isObject } from './checks.js';

/**
 * @typedef {import('../index.js').ConversionClient} ConversionClient
 * @typedef {Exclude<keyof ConversionClient, 'waitForOperation' | 'convert' | 'close'>} RowMethodName the
 *   methods index.d.ts declares that are rows: all but the flows (flow-methods.js) and close()
 */

/**
 * A row: its `name` is a method of index.d.ts, with one entry in `params` for each of its parameters before
 * `options`.
 * @typedef {{ [N in RowMethodName]: { name: N, params: ParamsBeforeOptions<ConversionClient[N]>,
 *   answer: keyof typeof ANSWERS, saves?: true } }[RowMethodName]} MethodRow
 * `saves`: the file may go elsewhere than an array, as the options `to` (a path) and `as: 'blob'` say (sinks.js)
 */

/**
 * A string for each parameter of a method before its last, `options`.
 * @template {(...args: any[]) => unknown} F
 * @typedef {Required<Parameters<F>> extends [...infer Before, unknown] ? { [K in keyof Before]: string } : never}
 *   ParamsBeforeOptions
 */

/** @type {MethodRow[]} */
export const METHOD_ROWS = [
  // FileApi
  { name: 'uploadFile', params: ['path', 'data'], answer: 'upload' },
  { name: 'downloadFile', params: ['path'], answer: 'bytes', saves: true },
  { name: 'deleteFile', params: ['path'], answer: 'nothing' },
  { name: 'copyFile', params: ['srcPath', 'destPath'], answer: 'nothing' },
  { name: 'moveFile', params: ['srcPath', 'destPath'], answer: 'nothing' },
  // FolderApi ('' is the storage root)
  { name: 'getFilesList', params: ['path='], answer: 'value' },
  { name: 'createFolder', params: ['path'], answer: 'nothing' },
  { name: 'deleteFolder', params: ['path'], answer: 'nothing' },
  { name: 'copyFolder', params: ['srcPath', 'destPath'], answer: 'nothing' },
  { name: 'moveFolder', params: ['srcPath', 'destPath'], answer: 'nothing' },
  // StorageApi
  { name: 'objectExists', params: ['path'], answer: 'value' },
  { name: 'storageExists', params: ['storageName'], answer: 'value' },
  { name: 'getDiscUsage', params: [], answer: 'value' },
  { name: 'getFileVersions', params: ['path'], answer: 'value' },
  // ConvertApi
  { name: 'convertDocument', params: ['settings'], answer: 'value' },
  { name: 'convertDocumentDownload', params: ['settings'], answer: 'bytes' },
  { name: 'convertDocumentDirect', params: ['input'], answer: 'bytes' },
  // AsyncApi
  { name: 'startConvertAndSave', params: ['settings'], answer: 'operationId' },
  { name: 'startConvert', params: ['input'], answer: 'operationId' },
  { name: 'getOperationStatus', params: ['id'], answer: 'value' },
  { name: 'getOperationResult', params: ['id'], answer: 'bytes' },
  // InfoApi
  { name: 'getSupportedConversionTypes', params: [], answer: 'value' },
  { name: 'getDocumentMetadata', params: ['filePath'], answer: 'value' },
  // LicenseApi
  { name: 'getConsumptionCredit', params: [], answer: 'value' },
  { name: 'getLicenseInfo', params: [], answer: 'value' },
];

/**
 * The method of one row, for ConversionClient.prototype.
 * @param {MethodRow} row
 * @param {import('./client.js').Internal} internal
 * @returns {(...given: unknown[]) => Promise<unknown>}
 */
export function makeMethod({ name, params, answer, saves }, { call, assertOpen, secrets, readInput, sinkFor }) {
  const shape = ANSWERS[answer];
  const method = {
    /** @param {...unknown} given the call's arguments: the row's parameters, then the options */
    async [name](...given) {
      assertOpen(this);
      const { signal, callback, core } = callOptions(given[params.length], name, 'onProgress');
      let args = core;
      /** @type {Uint8Array | Blob | import('./node-files.js').FileSource | null} */
      let bytes = null;
      for (const [i, param] of params.entries()) {
        const value = given[i];
        if (param === 'settings') {
          if (!isObject(value)) {
            throw invalidArgument(`${name}(settings): settings must be an object such as { filePath, format }`);
          }
          args = { ...args, ...value };
        } else if (param === 'data' || param === 'input') {
          const document = await readInput(this, value);
          bytes = document.bytes;
          if (param === 'input' && args.fileName === undefined) args.fileName = document.name;
        } else if (param.endsWith('=')) {
          args[param.slice(0, -1)] = value ?? '';
        } else {
          args[param] = value;
        }
      }
      const sink = saves ? await sinkFor(args, name, 'to') : null;
      const out = await call(this, name, args, bytes, { signal, onEvent: callback, sink });
      return shape(out, { method: name, args, secrets: secrets(this), sink });
    },
  };
  return method[name];
}
