#!/usr/bin/env bash
# Multi-node integration test: two loginkit nodes behind haproxy on one PostgreSQL.
# Usable from any directory and from ctest:  LOGINKIT_TEST_PG=postgresql://… bash tests/multinode/run.sh
# Needs: node, haproxy, psql, curl; a PostgreSQL role allowed to CREATE DATABASE (a fresh database is
# made from the LOGINKIT_TEST_PG conninfo and dropped afterwards).
# Binary: $LOGINKIT_BIN, default build/debug/loginkit of this checkout.
# Tuning: MULTINODE_ITERATIONS (default 500 per concurrency case), MULTINODE_PARALLEL (default 4).
# Exit code: 77 (ctest: skipped) without LOGINKIT_TEST_PG, else node's.
set -euo pipefail

if [[ -z "${LOGINKIT_TEST_PG:-}" ]]; then
  echo "LOGINKIT_TEST_PG is not set: skipping the multi-node test" >&2
  exit 77
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tests_dir="$(cd "$here/.." && pwd)"
repo="$(cd "$tests_dir/.." && pwd)"

for tool in node haproxy psql curl; do
  command -v "$tool" >/dev/null || {
    echo "run.sh: $tool is not installed (Debian: apt-get install nodejs haproxy postgresql-client curl)" >&2
    exit 1
  }
done

# The run directory is ours, so the cluster comes down even if node dies without its after() hook.
run_dir="$(mktemp -d "${TMPDIR:-/tmp}/loginkit-multinode-XXXXXX")"
cleanup() {
  local rc=$?
  "$repo/deploy/multinode-down.sh" --run-dir "$run_dir" >/dev/null 2>&1 || true
  if [[ $rc -ne 0 || -n "${LOGINKIT_KEEP_TMP:-}" ]]; then
    echo "run.sh: logs kept in $run_dir" >&2
  else
    rm -rf "$run_dir"
  fi
}
trap cleanup EXIT
export MULTINODE_RUN_DIR="$run_dir"

cd "$tests_dir"
set +e
node --test --test-concurrency=1 "$@" multinode/
rc=$?
set -e
exit "$rc"
