#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Lint gate: every C++ file of the repository (tracked, or new and not ignored) is as clang-format
# writes it with .clang-format. The version matters (each major version formats a little
# differently): the one scripts/setup.sh installs, Debian 12's clang-format 14. Arguments: files to
# check instead of all of them. To fix: clang-format -i <file>.
set -euo pipefail
cd "$(dirname "$0")/.."

format=$(command -v clang-format-14 || command -v clang-format || true)
if [[ -z $format ]]; then
  echo "format-check: clang-format is missing (scripts/setup.sh installs it)" >&2
  exit 1
fi

if (($#)); then
  files=("$@")
else
  mapfile -t files < <(git ls-files --cached --others --exclude-standard -- \
    '*.cpp' '*.cc' '*.h' '*.hpp')
fi

start=$SECONDS
existing=()
for file in "${files[@]}"; do
  if [[ -f $file ]]; then existing+=("$file"); fi # not deleted in the working tree
done
# One clang-format for all files; it names each file that differs in its error lines.
status=0
out=$("$format" --dry-run --Werror "${existing[@]}" 2>&1) || status=$?
elapsed=$((SECONDS - start))
if ((status)); then
  mapfile -t differ < <(grep -oE '^[^:]+:[0-9]+:[0-9]+: error:' <<<"$out" | cut -d: -f1 | uniq)
  if ((${#differ[@]} == 0)); then # not a formatting difference: clang-format itself failed
    echo "$out" >&2
    exit 1
  fi
  grep -E -A2 '^[^:]+:[0-9]+:[0-9]+: error:' <<<"$out" | head -n 60 >&2
  version=$("$format" --version | sed 's/.*version //')
  echo "format-check: ${#differ[@]} of ${#existing[@]} C++ files differ from clang-format $version" \
    "with .clang-format (${elapsed} s):" >&2
  printf '  %s\n' "${differ[@]}" >&2
  echo "format-check: fix with: clang-format -i ${differ[*]}" >&2
  exit 1
fi
echo "format-check: clang-format clean, ${#existing[@]} files (${elapsed} s)" >&2
