#!/usr/bin/env bash
# Takes down what deploy/multinode-up.sh started, by its pid files: haproxy first (no new
# requests), then every loginkit node (SIGTERM: they finish in-flight requests and exit; SIGKILL
# after --grace seconds). Drops the database multinode-up.sh created, unless --keep-db.
# Logs stay in the run directory.
#
#   deploy/multinode-down.sh [--run-dir DIR] [--keep-db] [--grace S]
#   (LK_RUN_DIR, default ./var/multinode of this checkout; LK_KEEP_DB=1; LK_GRACE, default 10)
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
run_dir="${LK_RUN_DIR:-$repo/var/multinode}"
keep_db="${LK_KEEP_DB:-0}"
grace="${LK_GRACE:-10}"

while [[ $# -gt 0 ]]; do
  case "$1" in
    --run-dir) run_dir="$2"; shift 2 ;;
    --keep-db) keep_db=1; shift ;;
    --grace) grace="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -uo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "multinode-down: unknown argument: $1" >&2; exit 2 ;;
  esac
done
log() { echo "multinode-down: $*" >&2; }
[[ -d "$run_dir" ]] || { log "no run directory $run_dir: nothing to stop"; exit 0; }

# True when PID is alive and still the program we started (not a recycled pid).
ours() {
  local pid="$1" what="$2" cmd
  kill -0 "$pid" 2>/dev/null || return 1
  [[ -r "/proc/$pid/cmdline" ]] || return 0
  cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline")"
  case "$what" in
    haproxy) [[ "$cmd" == *haproxy* && "$cmd" == *"$run_dir/haproxy.cfg"* ]] ;;
    node) [[ "$cmd" == *" serve "* && "$cmd" == *--listen* ]] ;;
  esac
}

# stop_group KIND PIDFILE...: SIGTERM to all, wait up to $grace s, then SIGKILL the rest.
stop_group() {
  local what="$1"; shift
  local pids=() f pid
  for f in "$@"; do
    [[ -e "$f" ]] || continue
    pid="$(cat "$f" 2>/dev/null)"
    if [[ "$pid" =~ ^[0-9]+$ ]] && ours "$pid" "$what"; then
      kill -TERM "$pid" 2>/dev/null && pids+=("$pid") && log "stopping $(basename "$f" .pid) (pid $pid)"
    fi
    rm -f "$f"
  done
  local deadline=$((SECONDS + grace)) alive
  while :; do
    alive=()
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive+=("$pid"); done
    [[ ${#alive[@]} -eq 0 ]] && return 0
    if ((SECONDS >= deadline)); then
      log "still alive after ${grace}s, killing: ${alive[*]}"
      kill -KILL "${alive[@]}" 2>/dev/null
      return 0
    fi
    sleep 0.1
  done
}

stop_group haproxy "$run_dir/haproxy.pid"
stop_group node "$run_dir"/node-*.pid
rm -f "$run_dir/haproxy.sock" "$run_dir/env"

if [[ -f "$run_dir/created-db" ]]; then
  { read -r pg && read -r db; } <"$run_dir/created-db"
  if [[ "$keep_db" == 1 ]]; then
    log "keeping database $db"
  elif psql -X -q -v ON_ERROR_STOP=1 "$pg" -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >&2; then
    log "dropped database $db"
  else
    log "could not drop database $db"
    exit 1
  fi
  rm -f "$run_dir/created-db"
fi
exit 0
