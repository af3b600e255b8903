#!/usr/bin/env bash
# clang-tidy (.clang-tidy at the root) over every src/**/*.cpp, with the debug build's compile
# commands, in parallel. Any finding fails: .clang-tidy makes every warning an error.
# Usage: scripts/clang-tidy.sh [file-regex...]   (LOGINKIT_TIDY_JOBS, default: every core)
set -euo pipefail
cd "$(dirname "$0")/.."
build=build/debug
[[ -f "$build/compile_commands.json" ]] || cmake --preset debug >/dev/null
# The generated template table must exist for the files that include it.
cmake --build --preset debug --target lk_web >/dev/null
(($#)) || set -- "$PWD/src/.*\.cpp$"
run-clang-tidy -p "$build" -j "${LOGINKIT_TIDY_JOBS:-$(nproc)}" -quiet "$@" >"$build/clang-tidy.log" 2>&1 ||
  status=$?
# Only the findings: drop clang-tidy's own progress and suppressed-warning counts.
sed -E 's/\x1b\[[0-9;]*m//g' "$build/clang-tidy.log" | grep -E '^/.*: (warning|error): ' |
  sed -E "s|^$PWD/||; s/,-warnings-as-errors\]$/]/" | sort -u || true
if ((${status:-0})); then
  echo "clang-tidy: findings above (full log: $build/clang-tidy.log)" >&2
  exit 1
fi
echo "clang-tidy: ok"
