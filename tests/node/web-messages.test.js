// SPDX-License-Identifier: MIT
// The demo page's words for errors (web/messages.js): every error code the package declares
// (bindings/index.d.ts, ErrorCode) has words of its own, never the catch-all.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describeError } from '../../web/messages.js';

const CONTEXT = { baseUrl: 'https://api.example.test', tokenUrl: 'https://page.example.test/token' };

test('every ErrorCode of index.d.ts has its own title in the page', async (t) => {
  const declarations = await readFile(new URL('../../bindings/index.d.ts', import.meta.url), 'utf8');
  const union = declarations.match(/export type ErrorCode =([^;]+);/)?.[1] ?? '';
  const codes = [...union.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]);
  assert.ok(codes.length >= 15 && codes.includes('unsupported_runtime'), `ErrorCode: ${codes}`);
  // The page runs in a browser: messages.js reads location.origin for some codes.
  globalThis.location ??= /** @type {any} */ ({ origin: 'https://page.example.test' });
  t.after(() => delete globalThis.location);
  const catchAll = describeError({ code: 'no_such_code', message: 'x' }, CONTEXT).title;
  for (const code of codes) {
    const { title, text } = describeError(
      { name: 'ApiError', code, message: 'what the package said', status: 0 },
      CONTEXT,
    );
    assert.notEqual(title, catchAll, `${code} falls through to "${catchAll}"`);
    assert.ok(text, `${code} has no text`);
  }
});
