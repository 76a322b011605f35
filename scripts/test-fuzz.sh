#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Ring 4: every libFuzzer target (tests/fuzz/fuzz_*.cpp) built with clang under ASan + UBSan and run for a
# bounded time, seeded with the recorded API answers (tests/unit/fixtures) and a JSON dictionary. Any
# crash, sanitizer finding or broken round-trip property fails the run and leaves the input in
# build/fuzz/artifacts/. The corpus grows in build/fuzz/corpus/ from run to run.
#   GDCONV_FUZZ_SECONDS=N   seconds per target (default 10); tests/fuzz/README.md has a longer run
#   scripts/test-fuzz.sh fuzz_multipart ...   only these targets
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${GDCONV_FUZZ_SECONDS:-10}
build_dir=build/fuzz
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DGDCONV_FUZZ=ON -DGDCONV_TESTS=OFF >/dev/null
cmake --build "$build_dir"

if [ "$#" -gt 0 ]; then
  targets=("$@")
else
  targets=()
  for source in tests/fuzz/fuzz_*.cpp; do targets+=("$(basename "$source" .cpp)"); done
fi

mkdir -p "$build_dir/artifacts"
# fuzz_one TARGET: runs one target for its seconds; says how it went. One target a core at a time.
fuzz_one() {
  local target=$1 corpus="$build_dir/corpus/$1" log="$build_dir/$1.log"
  mkdir -p "$corpus"
  if ! "$build_dir/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
       -dict=tests/fuzz/json.dict -artifact_prefix="$build_dir/artifacts/$target-" -print_final_stats=1 \
       "$corpus" tests/unit/fixtures >"$log" 2>&1; then
    echo "fuzz: $target FAILED (input in $build_dir/artifacts/, log $log):" >&2
    grep -E 'ERROR|SUMMARY|runtime error|deadly signal' "$log" | head -20 >&2 || tail -30 "$log" >&2
    return 1
  fi
  local execs cov
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
  echo "fuzz: $target ok: $execs runs in ${seconds} s, $cov, corpus $(ls "$corpus" | wc -l)" >&2
}
export -f fuzz_one
export build_dir seconds
printf '%s\n' "${targets[@]}" | xargs -P "$(nproc)" -n 1 bash -c 'fuzz_one "$0"'
