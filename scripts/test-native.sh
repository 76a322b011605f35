#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Ring 1: the core's GoogleTest suite, natively, under AddressSanitizer + UndefinedBehaviorSanitizer
# (any finding aborts the test: -fno-sanitize-recover).
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=build/native
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DGDCONV_SANITIZERS=address,undefined >/dev/null
cmake --build "$build_dir"
ctest --test-dir "$build_dir" --output-on-failure -j"$(nproc)" "$@"
