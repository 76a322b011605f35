#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `npm run build`: the wasm client (two glues, one .wasm) and the JS facade into dist/.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/wasm-build-dir.sh
# GDCONV_TESTS=OFF: scripts/test-native-wasm.sh builds the unit tests in this folder; the build leaves them out.
configure_wasm OFF
cmake --build "$wasm_build_dir"

# One .wasm for both glues: both links read the same objects with the same flags, and must agree.
if ! cmp -s "$wasm_build_dir/node/gdconv.wasm" "$wasm_build_dir/web/gdconv.wasm"; then
  echo "build: the node and web links produced different .wasm files" >&2
  exit 1
fi

# Emptied first: a file an earlier build left must not be packed.
rm -rf dist && mkdir -p dist
# emcc 3.1.6 links libfetch only for known executable suffixes, so the Node glue is built as .js and
# renamed here; it names only the .wasm file, not itself.
cp "$wasm_build_dir/node/gdconv.js" dist/gdconv.cjs
# Bundled into the ES-module entries by build-dist.mjs, which then removes it.
cp "$wasm_build_dir/web/gdconv.mjs" dist/gdconv.mjs
cp "$wasm_build_dir/node/gdconv.wasm" dist/gdconv.wasm

# ---- JS facade (bindings/js, index.d.ts): added to dist/ below this line ----
# The ES-module entries (bundled), dist/index.cjs (their CommonJS build) and the types (index.d.cts, index.d.ts).
node bindings/js/build-dist.mjs dist

# ---- minified in place: what browsers download is the glue plus the facade (bench/README.md) ----
node bindings/js/minify-dist.mjs dist
