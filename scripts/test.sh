#!/usr/bin/env bash
# Installs what the tests need, builds, and runs every test:
#   1. debug build, clang-tidy with zero findings, then: unit tests, the storage contract suite
#      (SQLite and PostgreSQL), integration tests over loopback HTTP (SQLite and PostgreSQL), the
#      unchanged third-party client library, browser tests in Debian's chromium, two nodes behind
#      haproxy, crash durability and hostile clients;
#   2. the release build's Debian package: lintian, then the installed binary started
#      (tests/package/run.sh);
#   3. the unit and integration suites again under AddressSanitizer + UBSan;
#   4. every fuzz target for a short bounded time (scripts/fuzz.sh SECONDS for a long run).
# LOGINKIT_QUICK=1 runs step 1 only. Extra arguments go to the step-1 ctest.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh --test
# A real PostgreSQL server for the storage contract suite, the PostgreSQL integration run and the
# multi-node test.
if [[ -z "${LOGINKIT_TEST_PG:-}" && "${LOGINKIT_SKIP_PG:-}" != 1 ]]; then
  LOGINKIT_TEST_PG="$(scripts/start-postgres.sh)"
  export LOGINKIT_TEST_PG
fi

step() { printf '\n=== %s ===\n' "$*"; }

step "format"
scripts/check-format.sh

step "layers: includes, third-party headers and file sizes"
scripts/check-layers.sh

step "debug build"
cmake --preset debug >/dev/null
cmake --build --preset debug

step "clang-tidy over src (debug compile commands)"
scripts/clang-tidy.sh

step "debug build: every test"
ctest --preset debug --output-on-failure "$@"

[[ "${LOGINKIT_QUICK:-}" == 1 ]] && exit 0

step "release build: the Debian package, lintian, installed into a throwaway root and started"
tests/package/run.sh

step "asan-ubsan build: unit, contract and integration suites under sanitizers"
cmake --preset asan-ubsan >/dev/null
cmake --build --preset asan-ubsan
ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}" \
UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}" \
  ctest --preset asan-ubsan --output-on-failure -E '^(e2e_browser|multinode|resilience_.*)$'

step "fuzz: every target, bounded"
scripts/fuzz.sh "${LOGINKIT_FUZZ_SECONDS:-20}"
