#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan: the "fuzz" preset, build/fuzz) and runs every
# one of them for a bounded time on a working copy of its seed corpus (tests/fuzz/corpus/<target>).
#   scripts/fuzz.sh              20 s per target (CI)
#   scripts/fuzz.sh 3600         the long mode: an hour per target
#   FUZZ_TARGETS="fuzz_form fuzz_pkce" scripts/fuzz.sh 600     some targets only
#   FUZZ_JOBS=2 scripts/fuzz.sh  two targets at a time
# Exits non-zero when any target crashed, printing each crash input's path. Inputs found meanwhile
# accumulate under build/fuzz/fuzz-work/<target>/corpus; the repository's seeds are never touched.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}"
jobs="${FUZZ_JOBS:-1}"
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "usage: scripts/fuzz.sh [seconds per target]" >&2; exit 2; }

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz

targets="${FUZZ_TARGETS:-$(ls tests/fuzz/corpus)}"
work="build/fuzz/fuzz-work"
failed=()
declare -A pids=()
run() {
  tests/fuzz/run_one.sh "build/fuzz/tests/fuzz/$1" "tests/fuzz/corpus/$1" "$work/$1" "$seconds"
}
for t in $targets; do
  while (( ${#pids[@]} >= jobs )); do
    for name in "${!pids[@]}"; do
      if ! kill -0 "${pids[$name]}" 2>/dev/null; then
        wait "${pids[$name]}" || failed+=("$name")
        unset "pids[$name]"
      fi
    done
    (( ${#pids[@]} >= jobs )) && sleep 1
  done
  run "$t" &
  pids[$t]=$!
done
for name in "${!pids[@]}"; do
  wait "${pids[$name]}" || failed+=("$name")
done

if (( ${#failed[@]} )); then
  echo "fuzz: ${#failed[@]} target(s) crashed: ${failed[*]}" >&2
  for name in "${failed[@]}"; do
    find "$work/$name/artifacts" -type f -newer "$work/$name/.started" | sed 's/^/  crash input: /' >&2
  done
  exit 1
fi
echo "fuzz: every target ran ${seconds}s without a crash"
