// SPDX-License-Identifier: MIT
// Node glue only. The glue reads `__dirname` as it starts (its scriptDirectory, where it looks for gdconv.wasm
// and the `prefix` a caller's locateFile gets). A bundler that puts this CommonJS file into an ES-module bundle
// (esbuild --platform=node --format=esm, what a script with top-level await needs: docs/runtimes.md,
// "Bundlers") leaves no `__dirname`, and the glue would stop with a ReferenceError. This `var` of the factory's
// scope stands in for it: the folder of the glue's own file, which the glue's header takes from `__filename`
// wherever CommonJS has one (so it is the real `__dirname` there), and '.' in an ES-module bundle, where the
// entry hands the glue its compiled module instead (bindings/js/index.node.mjs) and the folder is not used.

// eslint-disable-next-line no-redeclare -- standing in for CommonJS's __dirname is the point
var __dirname =
  typeof _scriptDir == 'string' && /[\\/]/.test(_scriptDir) ? _scriptDir.replace(/[\\/][^\\/]*$/, '') : '.';
