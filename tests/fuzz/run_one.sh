#!/usr/bin/env bash
# Runs one libFuzzer target for a bounded time on a working copy of its seed corpus.
#   run_one.sh <fuzzer binary> <seed corpus dir> <work dir> <seconds>
# The seeds are copied into <work dir>/corpus (new inputs the fuzzer finds stay there, outside the
# repository); crash/leak/timeout/oom inputs land in <work dir>/artifacts/. Exit status is the
# fuzzer's: non-zero on any crash, and the crash file paths are printed.
set -uo pipefail
bin="$1" seeds="$2" work="$3" seconds="${4:-20}"
name="$(basename "$bin")"
mkdir -p "$work/corpus" "$work/artifacts"
stamp="$work/.started"
touch "$stamp"
cp -n "$seeds"/* "$work/corpus/" 2>/dev/null || true
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:symbolize=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
"$bin" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=4096 \
  -print_final_stats=1 -artifact_prefix="$work/artifacts/" "$work/corpus" \
  >"$work/log.txt" 2>&1
rc=$?
execs="$(grep -m1 'stat::number_of_executed_units' "$work/log.txt" | awk '{print $2}')"
if [[ $rc -ne 0 ]]; then
  tail -n 60 "$work/log.txt" >&2
  # Only this run's findings (earlier ones stay in the directory too).
  find "$work/artifacts" -type f -newer "$stamp" | while read -r f; do
    echo "FUZZ CRASH [$name]: $f   (reproduce: $bin $f)" >&2
  done
  echo "$name: FAILED (exit $rc) after ${execs:-?} executions; log: $work/log.txt" >&2
  exit "$rc"
fi
echo "$name: ok, ${execs:-?} executions in ${seconds}s, corpus $(ls "$work/corpus" | wc -l) inputs"
