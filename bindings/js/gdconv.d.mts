// SPDX-License-Identifier: MIT
// The browser glue, dist/gdconv.mjs (emitted by the Emscripten link), as index.web.mjs imports it: for the
// type check only (bindings/tsconfig.json).

import type { ModuleFactory } from './raw-module.js';

declare const createGdConv: ModuleFactory;
export default createGdConv;
