#!/usr/bin/env bash
# Installs what the tests need, builds, and runs every test: unit tests, integration tests over
# loopback HTTP against a real SQLite file, and the unchanged third-party client library test.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh --test
# A real PostgreSQL server for the storage contract suite and the PostgreSQL integration run.
if [[ -z "${LOGINKIT_TEST_PG:-}" && "${LOGINKIT_SKIP_PG:-}" != 1 ]]; then
  LOGINKIT_TEST_PG="$(scripts/start-postgres.sh)"
  export LOGINKIT_TEST_PG
fi
preset="${LOGINKIT_PRESET:-debug}"
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
ctest --preset "$preset" --output-on-failure "$@"
