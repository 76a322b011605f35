#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Ring 1: the core's GoogleTest suite, natively, under AddressSanitizer + UndefinedBehaviorSanitizer
# (any finding aborts the test: -fno-sanitize-recover), in one process. Arguments go to the test binary
# (e.g. --gtest_filter=ConvertCleanup*).
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=build/native
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DGDCONV_SANITIZERS=address,undefined >/dev/null
cmake --build "$build_dir"
"$build_dir/gdconv_unit_tests" --gtest_brief=1 "$@"
