#!/usr/bin/env bash
# Runs loginkit's resilience tests: crash durability under SIGKILL and
# hostile clients. Usable from any directory and from ctest:
#   bash tests/resilience/run.sh                             # every resilience test (CI mode)
#   bash tests/resilience/run.sh crash_durability.test.mjs   # one file (name or path)
#   CRASH_KILLS=500 tests/resilience/run.sh                  # long mode of the crash test
#   bash tests/resilience/run.sh --test-name-pattern=SQLite crash_durability   # node --test options: --opt=value
# Environment: LOGINKIT_BIN (default build/debug/loginkit of this checkout), LOGINKIT_TEST_PG (adds
# the PostgreSQL run of the crash test), CRASH_KILLS, CRASH_SECONDS, CRASH_WORKERS, LOGINKIT_KEEP_TMP.
# Files run one after another (the hostile-client test measures latency and memory).
# Exit code: node's.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"   # tests/resilience
repo="$(cd "$here/../.." && pwd)"

command -v node >/dev/null || { echo "run.sh: node is not installed (see scripts/install-deps.sh --test)" >&2; exit 1; }
export LOGINKIT_BIN="${LOGINKIT_BIN:-$repo/build/debug/loginkit}"
[[ -x "$LOGINKIT_BIN" ]] || { echo "run.sh: no loginkit binary at $LOGINKIT_BIN (build it, or set LOGINKIT_BIN)" >&2; exit 1; }
LOGINKIT_BIN="$(cd "$(dirname "$LOGINKIT_BIN")" && pwd)/$(basename "$LOGINKIT_BIN")"   # we cd below

files=()
opts=()
for arg in "$@"; do
  if [[ "$arg" == -* ]]; then
    opts+=("$arg")
  elif [[ -f "$here/$arg" ]]; then
    files+=("$here/$arg")
  elif [[ -f "$here/$arg.test.mjs" ]]; then
    files+=("$here/$arg.test.mjs")
  else
    files+=("$(cd "$(dirname "$arg")" && pwd)/$(basename "$arg")")
  fi
done
if [[ ${#files[@]} -eq 0 ]]; then
  files=("$here"/*.test.mjs)
fi

# The hostile-client test opens thousands of sockets (the server gets the same limit).
if [[ "$(ulimit -n)" != unlimited && "$(ulimit -n)" -lt 8192 ]]; then
  ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
fi

cd "$here"
set +e
node --test --test-concurrency=1 "${opts[@]}" "${files[@]}"
rc=$?
set -e
exit "$rc"
