#!/usr/bin/env bash
# The long benchmark: 30 s runs, 10,000 idle connections, and a second pass of every workload
# after ten million live access tokens were seeded into the store. About 25 minutes on SQLite
# on the 2-core machine; BENCH_STORE=postgres bench/run-long.sh for PostgreSQL. Any BENCH_*
# setting given here wins over these defaults.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export BENCH_DURATION="${BENCH_DURATION:-30}"
export BENCH_WARMUP="${BENCH_WARMUP:-5}"
export BENCH_IDLE_CONNECTIONS="${BENCH_IDLE_CONNECTIONS:-10000}"
export BENCH_LIVE_TOKENS="${BENCH_LIVE_TOKENS:-10000000}"
exec "$here/run.sh" "$@"
