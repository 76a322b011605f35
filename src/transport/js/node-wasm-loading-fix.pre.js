// SPDX-License-Identifier: MIT
// Node glue only. Emscripten 3.1.6's glue loads the .wasm with fetch() whenever fetch exists, and Node 18+
// has one, which cannot read a file path: loading fails with "Failed to parse URL". Fixed upstream in 3.1.13
// (emscripten PR #16917, "preamble.js: Don't use fetch() in Node.js environment"). Hiding `fetch` from the
// glue (a `var` of the factory's scope: the process's own fetch is untouched) makes it read the file with fs,
// still through locateFile (shared/reference/emscripten-3.1.6.md §1).
//
// It relies on no internal of the glue, only on the name it looks up, so it is safe with any Emscripten: a
// fixed glue does not call fetch() in Node at all (checked with 4.0.23, reference §7), and nothing else in
// this build does (emscripten_fetch is XHR-based unless -sFETCH_STREAMING, which the build does not use).

// eslint-disable-next-line no-redeclare -- shadowing the global fetch is the point
var fetch = GDCONV_IN_NODE ? undefined : globalThis.fetch && globalThis.fetch.bind(globalThis);
