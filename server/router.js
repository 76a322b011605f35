// SPDX-License-Identifier: MIT
// Routes for /v2.0/conversion (reference §4). Order matters: file/, folder/, exist/, version/ and disc are
// matched before the generic {storageName}/exist, and the copy/ and move/ forms only when they carry a
// destPath (otherwise `PUT storage/file/copy/x` is an upload to the path "copy/x").

import { ApiError } from './http-util.js';
import { convertDocument, convertDocumentDirect } from './routes/convert.js';
import { operationResult, operationStatus, startConvert, startConvertAndSave } from './routes/async.js';
import { copyFile, deleteFile, downloadFile, moveFile, uploadFile } from './routes/file.js';
import { copyFolder, createFolder, deleteFolder, listFolder, moveFolder } from './routes/folder.js';
import { discUsage, fileVersions, objectExists, storageExists } from './routes/storage.js';
import { documentMetadata, supportedFormats } from './routes/info.js';
import { consumption, licenseInfo } from './routes/license.js';

export const API_PREFIX = '/v2.0/conversion';

const hasDestPath = (ctx) => [...ctx.query.keys()].some((k) => k.toLowerCase() === 'destpath');
const transfer = (handler) => ({ PUT: handler, POST: handler });

/** @type {Array<{ exact?: string, prefix?: string, regex?: RegExp, when?: Function, methods: Record<string, Function> }>} */
const ROUTES = [
  { exact: '', methods: { POST: convertDocument, PUT: convertDocumentDirect } },
  { exact: '/async', methods: { PUT: startConvert, POST: startConvertAndSave, GET: operationStatus } },
  { exact: '/async/result', methods: { GET: operationResult } },
  { prefix: '/storage/file/copy', when: hasDestPath, methods: transfer(copyFile) },
  { prefix: '/storage/file/move', when: hasDestPath, methods: transfer(moveFile) },
  { prefix: '/storage/file', methods: { GET: downloadFile, PUT: uploadFile, POST: uploadFile, DELETE: deleteFile } },
  { prefix: '/storage/folder/copy', when: hasDestPath, methods: transfer(copyFolder) },
  { prefix: '/storage/folder/move', when: hasDestPath, methods: transfer(moveFolder) },
  {
    prefix: '/storage/folder',
    methods: { GET: listFolder, PUT: createFolder, POST: createFolder, DELETE: deleteFolder },
  },
  { prefix: '/storage/exist', methods: { GET: objectExists } },
  { prefix: '/storage/version', methods: { GET: fileVersions } },
  { exact: '/storage/disc', methods: { GET: discUsage } },
  { regex: /^\/storage\/([^/]+)\/exist$/, methods: { GET: storageExists } },
  { exact: '/formats', methods: { GET: supportedFormats } },
  { exact: '/info', methods: { GET: documentMetadata } },
  { exact: '/license', methods: { GET: licenseInfo } },
  { exact: '/consumption', methods: { GET: consumption } },
];

/**
 * Finds the handler for an API request.
 * @param {string} method
 * @param {string} rest the raw path after /v2.0/conversion
 * @param {import('./http-util.js').RequestContext} ctx
 * @returns {{ handler: Function, param: string }}
 */
export function matchApiRoute(method, rest, ctx) {
  const trimmed = rest.length > 1 ? rest.replace(/\/$/, '') : rest === '/' ? '' : rest;
  for (const route of ROUTES) {
    let param;
    if (route.exact !== undefined) {
      if (trimmed !== route.exact) continue;
      param = '';
    } else if (route.prefix !== undefined) {
      if (rest === route.prefix) param = '';
      else if (rest.startsWith(`${route.prefix}/`)) param = rest.slice(route.prefix.length + 1);
      else continue;
    } else {
      const m = route.regex.exec(trimmed);
      if (!m) continue;
      param = m[1];
    }
    const handler = route.methods[method];
    if (route.when && (!handler || !route.when(ctx))) continue;
    // The route's pattern, never the path itself (which names files): a label for metrics and logs.
    ctx.route = `${API_PREFIX}${route.exact ?? route.prefix ?? '/storage/{name}/exist'}`;
    if (!handler) {
      throw new ApiError(
        405,
        'MethodNotAllowed',
        `${method} is not allowed here; use ${Object.keys(route.methods).join(', ')}.`,
        {
          headers: { Allow: [...Object.keys(route.methods), 'OPTIONS'].join(', ') },
        },
      );
    }
    return { handler, param };
  }
  throw new ApiError(404, 'NotFound', `No API route ${method} ${API_PREFIX}${rest}.`);
}
