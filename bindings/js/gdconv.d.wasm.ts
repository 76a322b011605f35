// SPDX-License-Identifier: MIT
// gdconv.wasm as index.workerd.mjs imports it: a compiled WebAssembly.Module (wrangler's CompiledWasm module),
// for the type check only (bindings/tsconfig.json).

declare const gdconvWasm: WebAssembly.Module;
export default gdconvWasm;
