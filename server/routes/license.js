// SPDX-License-Identifier: MIT
// LicenseApi: GET /conversion/license and GET /conversion/consumption (reference §4).
// The local server has no evaluation limits, so it reports itself licensed; consumption counts what this
// process has actually done.

import { sendJson } from '../http-util.js';

/** GET /conversion/license */
export async function licenseInfo(ctx) {
  sendJson(ctx, 200, { isLicensed: true });
}

/** GET /conversion/consumption: credit = conversions done, quantity = MB of input converted. */
export async function consumption(ctx, app) {
  const { conversions, bytesProcessed } = app.conversions.stats;
  sendJson(ctx, 200, {
    credit: conversions,
    quantity: Math.round((bytesProcessed / (1024 * 1024)) * 1000) / 1000,
    billedApiCalls: app.stats.apiCalls,
  });
}
