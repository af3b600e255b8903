#!/usr/bin/env bash
# The long benchmark: 30 s runs, 10,000 idle connections, and a second pass of every workload
# after ten million live access tokens were seeded into the store (its summary gives each
# workload's ratio to the empty-store figure, and the idle-connection memory). About 40 minutes
# on SQLite on the 2-core machine, much of it seeding codes and refresh tokens;
# BENCH_STORE=postgres bench/run-long.sh for PostgreSQL.
# BENCH_SMOKE=1 checks the script end to end in about 3 minutes (2 s runs, 1,000 idle
# connections, 100,000 live tokens). Any BENCH_* setting given here wins over these defaults.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ "${BENCH_SMOKE:-0}" == 1 ]]; then
  export BENCH_DURATION="${BENCH_DURATION:-2}"
  export BENCH_WARMUP="${BENCH_WARMUP:-1}"
  export BENCH_IDLE_CONNECTIONS="${BENCH_IDLE_CONNECTIONS:-1000}"
  export BENCH_LIVE_TOKENS="${BENCH_LIVE_TOKENS:-100000}"
else
  export BENCH_DURATION="${BENCH_DURATION:-30}"
  export BENCH_WARMUP="${BENCH_WARMUP:-5}"
  export BENCH_IDLE_CONNECTIONS="${BENCH_IDLE_CONNECTIONS:-10000}"
  export BENCH_LIVE_TOKENS="${BENCH_LIVE_TOKENS:-10000000}"
fi
exec "$here/run.sh" "$@"
