#!/usr/bin/env bash
# Every test ring, in order; the node test runner's summary comes last.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-output
node --test --test-concurrency=2 tests/
