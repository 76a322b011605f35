// SPDX-License-Identifier: MIT
/**
 * The versions of the engines this converter drives (issue 20 item 1: GET /version, GET /health), each asked
 * once from the tool itself and kept: LibreOffice (`soffice --version`, under a second), Poppler
 * (`pdftoppm -v`) and qpdf. A tool that is missing or does not answer is null.
 */
import { Deadline } from './errors.js';
import { runTool } from './run-tool.js';

const ASK_TIMEOUT_MS = 15_000;

/** @param {string} tool @param {string[]} args @param {RegExp} pattern @returns {Promise<string | null>} */
async function versionOf(tool, args, pattern) {
  try {
    const { code, stdout, stderr } = await runTool(tool, args, { deadline: new Deadline(ASK_TIMEOUT_MS), pkg: tool });
    return code === 0 ? (pattern.exec(`${stdout}\n${stderr}`)?.[1] ?? null) : null;
  } catch {
    return null; // not installed
  }
}

/** @type {Map<string, Promise<{ libreoffice: string | null, poppler: string | null, qpdf: string | null }>>} */
const asked = new Map();

/**
 * @param {{ soffice?: string }} [o] the LibreOffice binary the converter runs
 * @returns {Promise<{ libreoffice: string | null, poppler: string | null, qpdf: string | null }>}
 */
export function engineVersions({ soffice = 'soffice' } = {}) {
  if (!asked.has(soffice)) {
    asked.set(
      soffice,
      Promise.all([
        versionOf(soffice, ['--version'], /LibreOffice (\d+(?:\.\d+)+)/),
        versionOf('pdftoppm', ['-v'], /pdftoppm version (\d+(?:\.\d+)+)/),
        versionOf('qpdf', ['--version'], /qpdf version (\d+(?:\.\d+)+)/),
      ]).then(([libreoffice, poppler, qpdf]) => ({ libreoffice, poppler, qpdf })),
    );
  }
  return asked.get(soffice);
}
