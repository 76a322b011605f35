#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Ring 1 again, as it ships: the core's GoogleTest suite built to wasm with Emscripten and run by
# Node. Only the wasm build replaces libc's number parsing and formatting
# (src/transport/wasm_libc.cpp, linked in here too), so only this run tests the code that ships.
# Linked with -sASSERTIONS=2; the fixtures are read through NODERAWFS (CMakeLists.txt). It shares
# build/wasm with scripts/build.sh: the core's objects are the very ones the shipped .wasm links.
# Arguments go to the test binary (e.g. --gtest_filter=JsonNumbers.*).
set -euo pipefail
cd "$(dirname "$0")/.."

# Every emcc link step needs acorn & co. from Debian's node modules.
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}

build_dir=build/wasm
# emcmake would inject CROSSCOMPILING_EMULATOR="node;--experimental-wasm-threads", a flag Node 20 rejects.
emcmake cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node -DGDCONV_TESTS=ON >/dev/null
cmake --build "$build_dir" --target gdconv_unit_tests
node "$build_dir/unit-tests/gdconv_unit_tests.js" --gtest_brief=1 "$@"
