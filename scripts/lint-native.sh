#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Lint gate: clang-tidy with the checks of .clang-tidy, where every finding is an error, over the
# core (src/core/*.cpp, compiled natively) and the wasm side (src/transport/*.cpp and
# bindings/embind.cpp, compiled as em++ compiles them, against Emscripten's sysroot), plus the
# src/core and src/transport headers they include. One clang-tidy per file, $(nproc) at a time; a
# file's findings are printed when it fails. Arguments: files to lint instead of all of them.
set -euo pipefail
cd "$(dirname "$0")/.."

tidy=$(command -v clang-tidy || command -v clang-tidy-14 || true)
if [[ -z $tidy ]]; then
  echo "lint-native: clang-tidy is missing (scripts/setup.sh installs it)" >&2
  exit 1
fi
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH} # emcc's JS helpers

# Compile flags come from compile_commands.json; configuring is enough, nothing is built.
native_dir=build/lint
wasm_dir=build/lint-wasm
cmake -S . -B "$native_dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DGDCONV_TESTS=OFF >/dev/null
# emcmake announces itself on stderr: shown only when configuring fails.
if ! out=$(emcmake cmake -S . -B "$wasm_dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node 2>&1); then
  echo "$out" >&2
  exit 1
fi

# compile_commands.json names em++, which clang-tidy takes for a plain clang++: em++ --cflags gives
# what em++ adds (wasm32 target, the sysroot, its defines), prepended to each command. The sysroot
# has no /usr/include: only nlohmann/ is visible, through the shim folder CMakeLists.txt makes.
wasm_args=()
for flag in $(em++ --cflags); do wasm_args+=("--extra-arg-before=$flag"); done

if (($#)); then
  files=("$@")
else
  files=(src/core/*.cpp src/transport/*.cpp bindings/embind.cpp)
fi

lint_one() {
  local out
  local args=(-p "$native_dir")
  case $1 in
    src/transport/* | bindings/*) args=(-p "$wasm_dir" "${wasm_args[@]}") ;;
  esac
  if out=$("$tidy" "${args[@]}" --quiet "$1" 2>&1); then return 0; fi
  grep -v -E '^[0-9]+ warnings? (generated|treated as errors?)\.$' <<<"$out" >&2 || true
  echo "lint-native: FAILED $1" >&2
  return 1
}
export -f lint_one
export tidy native_dir wasm_dir
# Arrays do not cross into the xargs shells: pass the flags as one newline-separated string.
wasm_args_lines=$(printf '%s\n' "${wasm_args[@]}")
export wasm_args_lines

start=$SECONDS
status=0
printf '%s\n' "${files[@]}" |
  xargs -P "$(nproc)" -n 1 bash -c 'mapfile -t wasm_args <<<"$wasm_args_lines"; lint_one "$0"' ||
  status=$?
elapsed=$((SECONDS - start))
if ((status)); then
  echo "lint-native: clang-tidy found problems (${elapsed} s); fix them, or see .clang-tidy on NOLINT" >&2
  exit 1
fi
echo "lint-native: clang-tidy clean, ${#files[@]} files (${elapsed} s)" >&2
