// SPDX-License-Identifier: MIT
/**
 * The files of one office request, passed through the worker's own folder.
 *
 * A confined office process may open nothing outside its worker folder (sandbox.py), so the request's
 * `input` is linked into `<worker>/job/in/` and its `output` written to `<worker>/job/out/`, then moved to
 * where the caller asked. LibreOffice therefore never sees the job's folder, let alone another job's: a
 * relative link in a document (`../3/source.docx`) finds nothing, and the folder is emptied after each request.
 */
import { copyFile, link, mkdir, rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';

/** Hard link (instant, same file system), else a copy. */
async function linkOrCopy(from, to) {
  try {
    await link(from, to);
  } catch {
    await copyFile(from, to);
  }
}

/** Rename, else copy (another file system) and remove. */
async function move(from, to) {
  try {
    await rename(from, to);
  } catch (err) {
    if (err.code !== 'EXDEV') throw err;
    await copyFile(from, to);
    await rm(from, { force: true });
  }
}

/**
 * Put the request's input where the worker may read it and point its output where it may write.
 * @param {string} folder the worker's exchange folder (`<worker dir>/job`)
 * @param {{ input?: string, output?: string }} body the request as the converter wrote it
 * @returns {Promise<{ body: object, collect: () => Promise<void>, clear: () => Promise<void> }>} body: the
 *   request to send; collect(): move the output to the caller's path (after success); clear(): empty the folder
 */
export async function stageRequest(folder, body) {
  const staged = { ...body };
  await rm(folder, { recursive: true, force: true });
  await mkdir(join(folder, 'in'), { recursive: true, mode: 0o700 });
  await mkdir(join(folder, 'out'), { mode: 0o700 });
  if (body.input) {
    staged.input = join(folder, 'in', basename(body.input));
    await linkOrCopy(body.input, staged.input);
  }
  if (body.output) staged.output = join(folder, 'out', basename(body.output));
  return {
    body: staged,
    collect: async () => {
      if (body.output) await move(staged.output, body.output);
    },
    clear: () => rm(folder, { recursive: true, force: true, maxRetries: 3 }),
  };
}
