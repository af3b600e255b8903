#!/usr/bin/env bash
# Runs the third-party client tests (arctic's TikTok provider against a real loginkit).
# Usage: tests/thirdparty/run.sh            (LOGINKIT_BIN=path overrides the binary)
# Default binary: the first of build/debug, build/release, build/asan-ubsan that exists.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$here"

if [[ ! -d node_modules/arctic ]]; then
  if [[ -f package-lock.json ]]; then
    npm ci --no-audit --no-fund --loglevel=error
  else
    npm install --no-audit --no-fund --loglevel=error
  fi
fi

if [[ -z "${LOGINKIT_BIN:-}" ]]; then
  for preset in debug release asan-ubsan; do
    if [[ -x "$root/build/$preset/loginkit" ]]; then
      LOGINKIT_BIN="$root/build/$preset/loginkit"
      break
    fi
  done
fi
if [[ -z "${LOGINKIT_BIN:-}" || ! -x "$LOGINKIT_BIN" ]]; then
  echo "tests/thirdparty: no loginkit binary (set LOGINKIT_BIN or build a preset first)" >&2
  exit 1
fi
export LOGINKIT_BIN
echo "tests/thirdparty: using $LOGINKIT_BIN"

exec node --test --test-concurrency=1 --test-reporter=spec ./*.test.mjs
