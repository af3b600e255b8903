#!/usr/bin/env bash
# Runs loginkit's integration tests (node:test) against the server binary.
# Usable from any directory and from ctest:  bash tests/integration/run.sh
# Binary: $LOGINKIT_BIN, default build/debug/loginkit of this checkout.
# Exit code: node's.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tests_dir="$(cd "$here/.." && pwd)"   # tests/ (holds package.json)

command -v node >/dev/null || { echo "run.sh: node is not installed (see scripts/install-deps.sh --test)" >&2; exit 1; }

if [[ ! -d "$tests_dir/node_modules" ]]; then
  if [[ -f "$tests_dir/package-lock.json" ]]; then
    (cd "$tests_dir" && npm ci --no-audit --no-fund --loglevel=error)
  else
    (cd "$tests_dir" && npm install --no-audit --no-fund --loglevel=error)
  fi
  mkdir -p "$tests_dir/node_modules"   # no runtime dependencies yet: remember that install ran
fi

cd "$tests_dir"
set +e
node --test --test-concurrency=2 "$@" integration/
rc=$?
set -e
exit "$rc"
