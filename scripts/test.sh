#!/usr/bin/env bash
# Installs what the tests need, builds, and runs every test: unit tests, integration tests over
# loopback HTTP against a real SQLite file, and the unchanged third-party client library test.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh --test
preset="${LOGINKIT_PRESET:-debug}"
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
ctest --preset "$preset" --output-on-failure "$@"
