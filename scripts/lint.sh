#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `npm run lint` (and the lint step of `npm test`): every lint gate, one line each below. All gates
# run even when one fails, so that one run lists every finding; the exit status is 1 if any failed.
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
gate "clang-tidy (C++)" bash scripts/lint-native.sh

if ((${#failed[@]})); then
  echo "lint: failed: ${failed[*]}" >&2
  exit 1
fi
echo "lint: every gate passed" >&2
