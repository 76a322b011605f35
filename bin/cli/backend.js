// SPDX-License-Identifier: MIT
// Where the CLI converts: the API named by GROUPDOCS_CLIENT_ID / GROUPDOCS_CLIENT_SECRET (and
// GROUPDOCS_BASE_URL), or, with none of them set, the local server started in this process (the
// embedded default), after checking that this machine has what it converts with.

import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { CliError, EXIT } from './errors.js';

const DEV = { clientId: 'local-dev-client', clientSecret: 'local-dev-secret' };
const CLOUD = 'https://api.groupdocs.cloud';

const INSTALL_HINT = [
  'Install LibreOffice, Poppler, qpdf and the Outlook .msg reader (Debian/Ubuntu):',
  '  sudo apt-get install libreoffice-writer libreoffice-calc-nogui libreoffice-impress-nogui python3-uno poppler-utils qpdf libemail-outlook-message-perl',
  '(GROUPDOCS_SOFFICE and GROUPDOCS_PYTHON name a LibreOffice binary and a python3 with the uno module elsewhere.)',
  'Or convert with GroupDocs Cloud instead:',
  `  export GROUPDOCS_CLIENT_ID=<your client id> GROUPDOCS_CLIENT_SECRET=<your client secret>   # GROUPDOCS_BASE_URL defaults to ${CLOUD}`,
].join('\n');

/** The absolute path of an executable: itself if absolute, else the first match on PATH. */
function findExecutable(name, env) {
  const candidates = isAbsolute(name)
    ? [name]
    : (env.PATH ?? '')
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, name));
  for (const file of candidates) {
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return null;
}

/**
 * What the embedded server converts with, or a CliError saying exactly what is missing.
 * @returns {{ soffice: string, python: string }}
 */
export function checkLocalTools(env) {
  const missing = [];
  const soffice = findExecutable(env.GROUPDOCS_SOFFICE || 'soffice', env);
  if (!soffice)
    missing.push(
      `LibreOffice (${env.GROUPDOCS_SOFFICE ? `GROUPDOCS_SOFFICE=${env.GROUPDOCS_SOFFICE} is not an executable` : 'no soffice on PATH'})`,
    );
  const python = findExecutable(env.GROUPDOCS_PYTHON || '/usr/bin/python3', env);
  if (!python) {
    missing.push(`python3 with the uno module (${env.GROUPDOCS_PYTHON || '/usr/bin/python3'} not found)`);
  } else if (spawnSync(python, ['-c', 'import uno'], { stdio: 'ignore', timeout: 10_000 }).status !== 0) {
    missing.push(`the python3-uno module (${python} cannot import uno)`);
  }
  for (const tool of ['pdftoppm', 'pdfinfo']) {
    if (!findExecutable(tool, env)) missing.push(`Poppler (no ${tool} on PATH)`);
  }
  if (missing.length > 0) {
    throw new CliError(
      `the embedded local server cannot convert on this machine: missing ${[...new Set(missing)].join(', ')}.\n${INSTALL_HINT}`,
      EXIT.SETUP,
    );
  }
  return { soffice, python };
}

/**
 * The local server's package, imported only now: a user of the cloud never loads the server or its converter,
 * and the client package does not depend on it (it is `groupdocs-conversion-local-server`, installed beside).
 */
async function importLocalServer() {
  try {
    const [{ startServer }, { createConverter }] = await Promise.all([
      import('groupdocs-conversion-local-server'),
      import('groupdocs-conversion-local-server/converters'),
    ]);
    return { startServer, createConverter };
  } catch (err) {
    if (err?.code !== 'ERR_MODULE_NOT_FOUND' || !/groupdocs-conversion-local-server/.test(err.message)) throw err;
    throw new CliError(
      [
        'no GROUPDOCS_CLIENT_ID/GROUPDOCS_CLIENT_SECRET set, and the embedded local server is not installed: it comes with',
        'the package groupdocs-conversion-local-server. Install it beside this one:',
        '  npm install groupdocs-conversion-local-server',
        'Or convert with GroupDocs Cloud instead:',
        `  export GROUPDOCS_CLIENT_ID=<your client id> GROUPDOCS_CLIENT_SECRET=<your client secret>   # GROUPDOCS_BASE_URL defaults to ${CLOUD}`,
      ].join('\n'),
      EXIT.SETUP,
    );
  }
}

/**
 * Decides where to convert and starts the embedded server when needed.
 * @param {Record<string, string | undefined>} env
 * @param {{ needsConverter: boolean, workers?: number, log: (line: string) => void }} options
 * @returns {Promise<{ baseUrl: string, clientId: string, clientSecret: string, embedded: boolean,
 *   close: () => Promise<void> }>}
 */
export async function openBackend(env, { needsConverter, workers = 1, log }) {
  const { GROUPDOCS_CLIENT_ID: clientId, GROUPDOCS_CLIENT_SECRET: clientSecret, GROUPDOCS_BASE_URL: baseUrl } = env;
  if (clientId || clientSecret || baseUrl) {
    if (!clientId || !clientSecret) {
      throw new CliError(
        'set both GROUPDOCS_CLIENT_ID and GROUPDOCS_CLIENT_SECRET (and optionally GROUPDOCS_BASE_URL), or none of them for the embedded local server',
        EXIT.USAGE,
      );
    }
    return { baseUrl: baseUrl || CLOUD, clientId, clientSecret, embedded: false, close: async () => {} };
  }
  const { startServer, createConverter } = await importLocalServer();
  const tools = needsConverter ? checkLocalTools(env) : null;
  const converter = createConverter({ workers, soffice: tools?.soffice, python: tools?.python, warm: Boolean(tools) });
  let server;
  try {
    // The CLI closes its server when its work is done or cancelled: a conversion still running then is one
    // nobody waits for, so the shutdown grace (for a service's clients) stays short, under the CLI's 3 s exit.
    server = await startServer({ port: 0, host: '127.0.0.1', ...DEV, converter, shutdownGraceMs: 2000 });
  } catch (err) {
    await converter.close();
    throw new CliError(`could not start the embedded local server: ${err.message}`, EXIT.SETUP);
  }
  log(
    `no GROUPDOCS_CLIENT_ID/GROUPDOCS_CLIENT_SECRET set: using the embedded local server at ${server.url} (LibreOffice + Poppler on this machine)`,
  );
  return {
    baseUrl: server.url,
    ...DEV,
    embedded: true,
    close: async () => {
      await server.close();
      await converter.close();
    },
  };
}
