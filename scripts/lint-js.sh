#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Lint gates for the JavaScript (issue 19, item 5), each failing on any finding: ESLint's correctness rules
# (eslint.config.js), Prettier's layout (.prettierrc.json, .prettierignore; `npx prettier --write .` fixes
# it) and the type check of the facade, bindings/js/, against index.d.ts (bindings/tsconfig.json). All three
# run, so that one run shows every finding.
set -uo pipefail
cd "$(dirname "$0")/.."

start=$SECONDS
failed=()
npx --no-install eslint --max-warnings 0 . || failed+=(eslint)
npx --no-install prettier --check --log-level warn . || failed+=(prettier)
npx --no-install tsc -p bindings || failed+=(tsc)
elapsed=$((SECONDS - start))
if ((${#failed[@]})); then
  echo "lint-js: ${failed[*]} found problems (${elapsed} s)" >&2
  exit 1
fi
echo "lint-js: ESLint, Prettier and tsc clean (${elapsed} s)" >&2
