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

source scripts/wasm-build-dir.sh
configure_wasm ON
cmake --build "$wasm_build_dir" --target gdconv_unit_tests
node "$wasm_build_dir/unit-tests/gdconv_unit_tests.js" --gtest_brief=1 "$@"
