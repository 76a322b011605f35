#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Every test ring, in order (DESIGN.md "Tests"); the node test runner's summary comes last.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-output

echo "== ring 1: native core (GoogleTest, ASan + UBSan)" >&2
bash scripts/test-native.sh

echo "== ring 1, wasm: the same suite built to wasm as the core ships (-sASSERTIONS=2), run by Node" >&2
bash scripts/test-native-wasm.sh

echo "== lint: the gates of npm run lint (SPDX headers, clang-format, ESLint, Prettier, tsc, clang-tidy)" >&2
bash scripts/lint.sh

echo "== ring 4: fuzzing (libFuzzer + ASan + UBSan, ${GDCONV_FUZZ_SECONDS:-10} s per target)" >&2
bash scripts/test-fuzz.sh

echo "== build: wasm client and facade (dist/)" >&2
bash scripts/build.sh

echo "== rings 2-3: node:test — client <-> server over HTTP, official SDK, packaging, browser" >&2
node --test --test-concurrency=2 tests/
