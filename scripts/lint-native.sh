#!/usr/bin/env bash
# Lint gate: clang-tidy over the core (src/core/*.cpp and the src/core headers they include) with the
# checks of .clang-tidy, where every finding is an error. One clang-tidy per file, $(nproc) at a time;
# a file's findings are printed when it fails. Arguments: files to lint instead of all of src/core.
set -euo pipefail
cd "$(dirname "$0")/.."

tidy=$(command -v clang-tidy || command -v clang-tidy-14 || true)
if [[ -z $tidy ]]; then
  echo "lint-native: clang-tidy is missing (scripts/setup.sh installs it)" >&2
  exit 1
fi

# Compile flags come from compile_commands.json; configuring is enough, nothing is built.
build_dir=build/lint
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DGDCONV_TESTS=OFF \
  -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null

if (($#)); then
  files=("$@")
else
  files=(src/core/*.cpp)
fi

lint_one() {
  local out
  if out=$("$tidy" -p "$build_dir" --quiet "$1" 2>&1); then return 0; fi
  grep -v -E '^[0-9]+ warnings? (generated|treated as errors?)\.$' <<<"$out" >&2 || true
  echo "lint-native: FAILED $1" >&2
  return 1
}
export -f lint_one
export tidy build_dir

start=$SECONDS
status=0
printf '%s\n' "${files[@]}" | xargs -P "$(nproc)" -n 1 bash -c 'lint_one "$0"' || status=$?
elapsed=$((SECONDS - start))
if ((status)); then
  echo "lint-native: clang-tidy found problems (${elapsed} s); fix them, or see .clang-tidy on NOLINT" >&2
  exit 1
fi
echo "lint-native: clang-tidy clean, ${#files[@]} files (${elapsed} s)" >&2
