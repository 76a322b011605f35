// SPDX-License-Identifier: MIT
// AsyncApi (v24.8+): start, poll, fetch the result (reference §4).

import { queryParam, sendBytes, sendJson } from '../http-util.js';
import { directJobOf, ignoredOptionsHeaders, storageJobOf } from './convert.js';

/**
 * PUT /conversion/async: multipart direct conversion as operation "Convert"; answers the id as a JSON
 * string, with x-groupdocs-ignored-options naming what the conversion will ignore.
 */
export async function startConvert(ctx, app) {
  app.pool.admit(); // before the upload is read; operations.startConvert checks again once it is
  const job = await directJobOf(ctx, app);
  const { id } = await app.operations.startConvert(job);
  sendJson(ctx, 200, id, ignoredOptionsHeaders(ctx, job));
}

/**
 * POST /conversion/async: ConvertSettings as operation "ConvertAndSave". Results go to `outputPath`, or to
 * the storage root when it is absent. The source is read again when the operation runs, so the operation
 * converts the file as it is then. Like startConvert, the answer names the options it will ignore.
 */
export async function startConvertAndSave(ctx, app) {
  const { bytes, ...job } = await storageJobOf(ctx, app);
  const op = await app.operations.startConvertAndSave({ ...job, outputPath: job.outputPath ?? '' });
  sendJson(ctx, 200, op.id, ignoredOptionsHeaders(ctx, job));
}

/** GET /conversion/async?id=: OperationResult. */
export async function operationStatus(ctx, app) {
  sendJson(ctx, 200, await app.operations.status(queryParam(ctx, 'id')));
}

/**
 * GET /conversion/async/result?id=[&name=]: the bytes of a Finished operation's first result file, or the
 * one called `name`; `x-groupdocs-page-count` gives the number of files.
 */
export async function operationResult(ctx, app) {
  const result = await app.operations.result(queryParam(ctx, 'id'), queryParam(ctx, 'name'));
  sendBytes(ctx, result.bytes, result.name, { 'x-groupdocs-page-count': String(result.count) });
}
