// SPDX-License-Identifier: MIT
// The methods that are more than a row of methods.js: waitForOperation, whose callback gets statuses, and
// convert, the whole flow in one call (the core's `convert`, or `convertDirect` without storage). Installed on
// ConversionClient.prototype by client.js, which passes the private plumbing in `internal`.

import { invalidArgument } from './errors.js';
import { callOptions, isObject } from './checks.js';
import { convertResult, finishedOperation } from './answers.js';

/**
 * The two methods, typed by their declarations on ConversionClient in index.d.ts.
 * @param {import('./client.js').Internal} internal
 * @returns {Pick<import('../index.js').ConversionClient, 'waitForOperation' | 'convert'>}
 */
export function flowMethods(internal) {
  const { call, assertOpen, secrets, readInput, sinkFor } = internal;

  return {
    /** Polls an operation until it is `Finished` (index.d.ts). */
    async waitForOperation(id, options) {
      assertOpen(this);
      const { signal, callback: onStatus, core } = callOptions(options, 'waitForOperation', 'onStatus');
      /** @type {import('./client.js').CallControl['onEvent']} */
      const onEvent =
        onStatus &&
        ((event) => {
          if (event.type === 'status') onStatus(event.status);
        });
      const { value } = await call(this, 'waitForOperation', { ...core, id }, null, { signal, onEvent });
      return finishedOperation(value, secrets(this));
    },

    /** Upload, start, wait and download every result; or, with `direct`, the same without storage (index.d.ts). */
    async convert(input, options) {
      assertOpen(this);
      if (!isObject(options)) {
        throw invalidArgument("convert: options must be an object such as { format: 'pdf' }");
      }
      const { signal, callback: onProgress, core } = callOptions(options, 'convert', 'onProgress');
      const { direct = false, ...args } = core;
      if (typeof direct !== 'boolean') throw invalidArgument('convert: options.direct must be a boolean');
      // The direct route stores nothing: options that name storage would be silently unused.
      if (direct && (args.outputPath !== undefined || args.storageName !== undefined)) {
        throw invalidArgument('convert({ direct: true }) uses no storage: drop outputPath and storageName');
      }
      const sink = await sinkFor(args, 'convert', 'outDir');
      const { bytes, name } = await readInput(this, input);
      args.fileName ??= name;
      // Storage needs a name to store the document under; the direct route can tell the format by content.
      if (!direct && (typeof args.fileName !== 'string' || args.fileName === '')) {
        throw invalidArgument("convert: the input carries no file name; pass { fileName: 'report.docx' }");
      }
      const result = await call(this, direct ? 'convertDirect' : 'convert', args, bytes, {
        signal,
        onEvent: onProgress,
        sink,
      });
      return convertResult(result, sink);
    },
  };
}
