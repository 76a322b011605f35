#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `npm run lint` (and the lint step of `npm test`): every lint gate, one line each below. All gates
# run even when one fails, so that one run lists every finding; the exit status is 1 if any failed.
# The JS gates use the exact versions of package-lock.json (`npx --no-install`: never a download; `npm test`
# installs them first, scripts/setup.sh). Issue 19, item 5: ESLint's correctness rules (eslint.config.js),
# Prettier's layout (.prettierrc.json, .prettierignore; `npx prettier --write .` fixes it; formatting-only
# commits are listed in .git-blame-ignore-revs) and the type check of the facade, bindings/js/, against
# index.d.ts (bindings/tsconfig.json).
set -uo pipefail
cd "$(dirname "$0")/.."

failed=()
# gate NAME COMMAND...: runs one gate and reports its wall time.
gate() {
  local name=$1 start=$SECONDS
  shift
  echo "== lint: $name" >&2
  if "$@"; then
    echo "lint: $name passed ($((SECONDS - start)) s)" >&2
  else
    echo "lint: $name FAILED ($((SECONDS - start)) s)" >&2
    failed+=("$name")
  fi
}

gate "SPDX headers" bash scripts/spdx-check.sh
gate "clang-format (C++)" bash scripts/format-check.sh
gate "ESLint (JS)" npx --no-install eslint --max-warnings 0 .
gate "Prettier (JS)" npx --no-install prettier --check --log-level warn .
gate "tsc --checkJs (facade)" npx --no-install tsc -p bindings
gate "clang-tidy (C++)" bash scripts/lint-native.sh

if ((${#failed[@]})); then
  echo "lint: failed: ${failed[*]}" >&2
  exit 1
fi
echo "lint: every gate passed" >&2
