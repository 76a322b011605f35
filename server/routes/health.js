// SPDX-License-Identifier: MIT
// GET /health and GET /version (issue 20 item 1): unauthenticated, for load balancers, container health checks
// and people. Both answer from state kept in memory and versions asked once, so they stay fast while every
// engine is busy.

import { createRequire } from 'node:module';
import { sendJson } from '../http-util.js';

const { version: SERVER_VERSION } = createRequire(import.meta.url)('../package.json');

/**
 * What the converter says of its engines; an injected converter without health() (tests' fake one) is taken
 * as working.
 * @param {any} converter
 */
async function engineHealth(converter) {
  if (typeof converter.health !== 'function') return { injected: true, office: null, versions: {} };
  return converter.health();
}

/**
 * GET /health: 200 when conversions can work, 503 when they cannot (LibreOffice or Poppler missing, no office
 * process able to start, storage not writable), with the state of each part.
 */
export async function health(ctx, app) {
  const [engines, storage] = await Promise.all([engineHealth(app.conversions.converter), app.storage.status()]);
  const { office, versions } = engines;
  const problems = [];
  if (!engines.injected) {
    if (!versions.libreoffice) problems.push('LibreOffice is not installed');
    else if (office?.down) problems.push(`no office process can start: ${office.down}`);
    if (!versions.poppler) problems.push('Poppler is not installed');
  }
  if (!storage.writable) problems.push('storage cannot be written');
  if (app.pool.closed) problems.push('the server is shutting down');
  const queue = app.pool.stats();
  sendJson(ctx, problems.length === 0 ? 200 : 503, {
    status: problems.length === 0 ? 'ok' : 'unavailable',
    problems,
    storage,
    engines: engines.injected
      ? { converter: 'injected' }
      : {
          office: office && {
            size: office.size,
            up: office.up,
            busy: office.busy,
            starting: office.starting,
            restarts: office.restarts,
          },
          poppler: { present: Boolean(versions.poppler) },
          qpdf: { present: Boolean(versions.qpdf) },
        },
    queue: { running: queue.active, waiting: queue.queued, maxWaiting: queue.maxQueue, slots: queue.size },
  });
}

/** GET /version: the server's version, Node's, and those of the engines (null: not installed). */
export async function version(ctx, app) {
  const { versions } = await engineHealth(app.conversions.converter);
  sendJson(ctx, 200, {
    server: SERVER_VERSION,
    node: process.versions.node,
    libreoffice: versions.libreoffice ?? null,
    poppler: versions.poppler ?? null,
    qpdf: versions.qpdf ?? null,
  });
}
