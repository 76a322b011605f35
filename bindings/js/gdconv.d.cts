// SPDX-License-Identifier: MIT
// The Node glue, dist/gdconv.cjs (emitted by the Emscripten link), as index.node.mjs imports it: for the
// type check only (bindings/tsconfig.json).

import type { ModuleFactory } from './raw-module.js';

declare const createGdConv: ModuleFactory;
export = createGdConv;
