#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Lint gate: every source file (C++, JS, TypeScript declarations, Python, Perl, shell, CSS, HTML,
# CMake) of the repository, tracked or new and not ignored, starts with its licence: a line holding
# "SPDX-License-Identifier: MIT", first, or second after a #! line or an HTML doctype. Arguments:
# files to check instead of all of them.
set -euo pipefail
cd "$(dirname "$0")/.."

if (($#)); then
  files=("$@")
else
  mapfile -t files < <(git ls-files --cached --others --exclude-standard -- \
    '*.cpp' '*.cc' '*.h' '*.hpp' '*.js' '*.mjs' '*.cjs' '*.ts' '*.py' '*.pl' '*.sh' '*.css' \
    '*.html' 'CMakeLists.txt' '*.cmake')
fi

checked=0
missing=()
for file in "${files[@]}"; do
  [[ -f $file ]] || continue # deleted in the working tree, still in the index
  checked=$((checked + 1))
  { IFS= read -r first || true; IFS= read -r second || true; } <"$file"
  header=$first
  if [[ $first == '#!'* || ${first,,} == '<!doctype'* ]]; then header=$second; fi
  [[ $header == *'SPDX-License-Identifier: MIT'* ]] || missing+=("$file")
done
if ((${#missing[@]})); then
  echo "spdx-check: ${#missing[@]} of $checked source files do not start with an" \
    "SPDX-License-Identifier: MIT line (first, or after #! / <!doctype>):" >&2
  printf '  %s\n' "${missing[@]}" >&2
  exit 1
fi
echo "spdx-check: every source file has its SPDX line, $checked files" >&2
