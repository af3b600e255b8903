#!/usr/bin/env bash
# loginkit throughput benchmark against two fixed-answer references measured in the same run:
# nginx (the ceiling of the machine) and bench_beast_hello, a minimal server on loginkit's own
# Beast stack (the ceiling of that stack). See bench/README.md.
#
# Environment (all optional):
#   LOGINKIT_BIN           binary to measure (default build/release/loginkit; built if missing)
#   BENCH_SMOKE=1          a ~2-minute check of the script end to end: changes the defaults to
#                          2 s runs, 1 s warm-up, 1000 idle connections, 20000 seeds per second
#                          (run-long.sh: 100000 live tokens); any setting given explicitly wins
#   BENCH_DURATION         seconds per wrk run (default 10; "10s" is accepted too)
#   BENCH_CONNECTIONS      space-separated connection counts (default "16 64")
#   BENCH_THREADS          wrk threads (default 2)
#   BENCH_WARMUP           seconds of unrecorded warm-up per loginkit workload (default 2; 0 = none)
#   BENCH_WORKLOADS        space-separated subset of "token code refresh userinfo" (default all)
#   BENCH_SEED_RATE        codes / refresh tokens seeded per second of run (default 60000)
#   BENCH_SAMPLE_EVERY     durability sample: every Nth good token answer per thread (default 500)
#   BENCH_IDLE_CONNECTIONS idle keep-alive connections for the memory check (default 10000; 0 = skip)
#   BENCH_LIVE_TOKENS      live access tokens seeded before a second pass (default 0 = no second pass)
#   BENCH_NO_NGINX=1       skip the nginx reference (its ratio column shows "-")
#   BENCH_NO_BEAST=1       skip the Beast reference (its ratio column shows "-")
#   BENCH_BEAST_BIN        a prebuilt bench_beast_hello (default: built in build/release)
#   BENCH_BEAST_THREADS    the Beast reference's event loops (default: one per core, as loginkit)
#   BENCH_KEEP=1           keep the temp dir (logs, configs) and print its path
#   BENCH_STORE            a postgresql://… URL: measure loginkit on PostgreSQL instead of SQLite
#                          (use a fresh database; it is written to); "postgres": start the local
#                          server (scripts/start-postgres.sh) and use a fresh database, dropped after
# Exit status: 0 all good, 3 a run (or the idle check) is INVALID, 4 the durability check failed;
# a goal of the summary that is not met does not change it.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

smoke="${BENCH_SMOKE:-0}"
if [[ "$smoke" == 1 ]]; then
  def_duration=2 def_warmup=1 def_idle=1000 def_seed_rate=20000
else
  def_duration=10 def_warmup=2 def_idle=10000 def_seed_rate=60000
fi
duration="${BENCH_DURATION:-$def_duration}"
duration="${duration%s}"
conns="${BENCH_CONNECTIONS:-16 64}"
threads="${BENCH_THREADS:-2}"
warmup="${BENCH_WARMUP:-$def_warmup}"
warmup="${warmup%s}"
workloads="${BENCH_WORKLOADS:-token code refresh userinfo}"
seed_rate="${BENCH_SEED_RATE:-$def_seed_rate}"
sample_every="${BENCH_SAMPLE_EVERY:-500}"
idle_n="${BENCH_IDLE_CONNECTIONS:-$def_idle}"
beast_threads="${BENCH_BEAST_THREADS:-0}"
live_n="${BENCH_LIVE_TOKENS:-0}"
store_arg="${BENCH_STORE:-}"

log() { echo "bench: $*" >&2; }
die() { echo "bench: error: $*" >&2; exit 1; }

for wl in $workloads; do
  [[ "$wl" =~ ^(token|code|refresh|userinfo)$ ]] || die "unknown workload '$wl' in BENCH_WORKLOADS"
done
for n in "$duration" "$threads" "$warmup" "$seed_rate" "$sample_every" "$idle_n" "$live_n" \
  "$beast_threads" $conns; do
  [[ "$n" =~ ^[0-9]+$ ]] || die "'$n' is not a number (BENCH_* settings)"
done

store_kind=sqlite
[[ -n "$store_arg" ]] && store_kind=pg

# ---------------------------------------------------------------- tools
need_apt=()
command -v wrk >/dev/null || need_apt+=(wrk)
command -v curl >/dev/null || need_apt+=(curl)
nginx_bin="$(command -v nginx || true)"
[[ -z "$nginx_bin" && -x /usr/sbin/nginx ]] && nginx_bin=/usr/sbin/nginx
[[ -z "$nginx_bin" && "${BENCH_NO_NGINX:-0}" != 1 ]] && need_apt+=(nginx)
if [[ "$store_kind" == sqlite ]]; then
  command -v sqlite3 >/dev/null || need_apt+=(sqlite3)
else
  command -v psql >/dev/null || need_apt+=(postgresql-client)
fi
if ((${#need_apt[@]})); then
  log "installing Debian packages: ${need_apt[*]}"
  sudo_cmd=""
  [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >&2
  nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"
fi
command -v node >/dev/null || die "node is required (bench/*.mjs)"

# Idle connections: loginkit and node each hold one descriptor per connection. Raised here, so
# loginkit (started below) and node inherit it.
want_fds=$((idle_n + 4096))
hard_fds="$(ulimit -Hn)"
if [[ "$hard_fds" != unlimited ]] && ((hard_fds < want_fds)); then
  die "BENCH_IDLE_CONNECTIONS=$idle_n needs $want_fds descriptors; the hard limit is $hard_fds"
fi
[[ "$(ulimit -n)" != unlimited ]] && (($(ulimit -n) < want_fds)) && ulimit -n "$want_fds"

# ---------------------------------------------------------------- binary
bin="${LOGINKIT_BIN:-$root/build/release/loginkit}"
if [[ ! -x "$bin" ]]; then
  [[ -n "${LOGINKIT_BIN:-}" ]] && die "LOGINKIT_BIN=$bin is not executable"
  log "build/release/loginkit missing: building the release preset"
  (cd "$root" && cmake --preset release && cmake --build --preset release) >&2
  [[ -x "$bin" ]] || die "build finished but $bin does not exist"
fi

# The Beast reference is always an optimised build of bench/beast_hello (whatever LOGINKIT_BIN
# is): it is built (or found up to date) in the release build dir, outside `all`.
beast_bin=""
if [[ "${BENCH_NO_BEAST:-0}" != 1 ]]; then
  if [[ -n "${BENCH_BEAST_BIN:-}" ]]; then
    beast_bin="$BENCH_BEAST_BIN"
    [[ -x "$beast_bin" ]] || die "BENCH_BEAST_BIN=$beast_bin is not executable"
  else
    beast_bin="$root/build/release/bench/bench_beast_hello"
    log "building the Beast reference (bench_beast_hello, release preset)"
    (cd "$root" && { [[ -f build/release/CMakeCache.txt ]] || cmake --preset release; } &&
      cmake --build --preset release --target bench_beast_hello) >"${TMPDIR:-/tmp}/bench-beast-build.log" 2>&1 ||
      { cat "${TMPDIR:-/tmp}/bench-beast-build.log" >&2; die "building bench_beast_hello failed"; }
    [[ -x "$beast_bin" ]] || die "build finished but $beast_bin does not exist"
  fi
fi

# ---------------------------------------------------------------- temp dir and cleanup
work="$(mktemp -d "${TMPDIR:-/tmp}/loginkit-bench.XXXXXX")"
lk_pid=""
ngx_pid=""
beast_pid=""
idle_pid=""
pg_admin_url=""
pg_fresh_db=""
stop_loginkit() {
  if [[ -n "$lk_pid" ]] && kill -0 "$lk_pid" 2>/dev/null; then
    kill -TERM "$lk_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$lk_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$lk_pid" 2>/dev/null || true
    wait "$lk_pid" 2>/dev/null || true
  fi
  lk_pid=""
}
cleanup() {
  local rc=$?
  [[ -n "$idle_pid" ]] && kill -KILL "$idle_pid" 2>/dev/null || true
  stop_loginkit
  if [[ -n "$ngx_pid" ]] && kill -0 "$ngx_pid" 2>/dev/null; then
    kill -QUIT "$ngx_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$ngx_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$ngx_pid" 2>/dev/null || true
  fi
  if [[ -n "$beast_pid" ]] && kill -0 "$beast_pid" 2>/dev/null; then
    kill -TERM "$beast_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$beast_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$beast_pid" 2>/dev/null || true
  fi
  if [[ -n "$pg_fresh_db" ]]; then
    # FORCE cannot end an autovacuum worker (another role) that has just started on the database:
    # a few tries, a moment apart.
    local dropped=0
    for _ in 1 2 3 4 5 6 7 8 9 10; do
      if psql -X -q -d "$pg_admin_url" -c "DROP DATABASE IF EXISTS $pg_fresh_db WITH (FORCE)" >/dev/null 2>&1; then
        dropped=1
        break
      fi
      sleep 0.5
    done
    ((dropped)) || log "could not drop database $pg_fresh_db"
  fi
  if [[ "${BENCH_KEEP:-0}" == 1 || $rc -ne 0 ]]; then
    log "logs kept in $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- store
store_db="$work/data/loginkit.db"
store_url=""
if [[ "$store_arg" == postgres ]]; then
  pg_admin_url="$("$root/scripts/start-postgres.sh")"
  pg_fresh_db="loginkit_bench_$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
  psql -X -q -v ON_ERROR_STOP=1 -d "$pg_admin_url" -c "CREATE DATABASE $pg_fresh_db" >/dev/null
  store_url="${pg_admin_url%/*}/$pg_fresh_db"
  log "PostgreSQL: fresh database $pg_fresh_db"
elif [[ -n "$store_arg" ]]; then
  store_url="$store_arg"
fi
# With autogroups the kernel gives each session an equal share of the CPU: PostgreSQL (a daemon,
# its own session) against loginkit and wrk (this one). On this shared 2-core machine its
# backends then wait in the run queue for up to a second (perf sched), and the figures measure the
# scheduler, not loginkit. Said, not changed: it is a setting of the machine.
if [[ -n "$store_url" && "$(cat /proc/sys/kernel/sched_autogroup_enabled 2>/dev/null)" == 1 ]]; then
  log "note: kernel.sched_autogroup_enabled=1 starves PostgreSQL's backends beside loginkit and wrk;"
  log "      for figures comparable with docs/performance.md: sysctl -w kernel.sched_autogroup_enabled=0"
fi
# shellcheck source=bench/store.sh
source "$here/store.sh"

# ---------------------------------------------------------------- loginkit
admin_token="bench-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
# error_status = "rfc" makes token errors non-2xx, so wrk's non-2xx count catches them too
# (the Lua script also checks every 2xx body). It changes nothing on the success path.
cat >"$work/loginkit.toml" <<EOF
admin_token = "$admin_token"
store = "$store_url"
[http]
# The idle-connections check keeps its connections open across a whole wrk run.
idle_timeout = 3600
[oauth]
error_status = "rfc"
# One client and one token take all the load here: the per-client and per-token limits of a
# production config would (rightly) answer 429, so they are off for the measurement.
[limits]
token_per_client = 0
revoke_per_client = 0
userinfo_per_token = 0
# limits.wrong_secret_per_client_address stays at its default: a request holds a slot of it only
# until its secret matches, so one busy client at 64 connections is not refused.
EOF
mkdir -p "$work/data" "$work/samples"

# start_loginkit LOGNAME: starts loginkit on the data dir and config; sets lk_pid, lk_base and
# lk_ops (the operations listener: admin API, /metrics).
start_loginkit() {
  local out="$work/$1.out" err="$work/$1.err"
  "$bin" serve --listen 127.0.0.1:0 --ops-listen 127.0.0.1:0 --data "$work/data" \
    --config "$work/loginkit.toml" >"$out" 2>"$err" &
  lk_pid=$!
  lk_base=""
  lk_ops=""
  for _ in $(seq 150); do
    lk_base="$(sed -n 's#^loginkit listening on \(http://127\.0\.0\.1:[0-9]*\)\r\{0,1\}$#\1#p' "$out" | head -n1)"
    lk_ops="$(sed -n 's#^loginkit ops listening on \(http://127\.0\.0\.1:[0-9]*\)\r\{0,1\}$#\1#p' "$out" | head -n1)"
    [[ -n "$lk_base" && -n "$lk_ops" ]] && break
    kill -0 "$lk_pid" 2>/dev/null || { cat "$err" >&2; die "loginkit exited at start ($1)"; }
    sleep 0.1
  done
  [[ -n "$lk_base" ]] || die "loginkit printed no listening line within 15 s ($1)"
}
start_loginkit loginkit
log "loginkit $bin at $lk_base (pid $lk_pid, $store_kind)"

eval "$(node "$here/provision.mjs" "$lk_base" "$admin_token" "$lk_ops")" || die "provisioning failed"
store_template "$ACCESS_TOKEN"
log "provisioned app $CLIENT_KEY and one user access token (grant $tpl_grant, app $tpl_app, user $tpl_user)"

# ---------------------------------------------------------------- references
# Both references answer these same strings: shaped like loginkit's answers (a client token; a
# user token with refresh token, for code and refresh, which send X-Bench-Workload; user info),
# with loginkit's headers (Content-Type: application/json, Cache-Control: no-store, and Pragma:
# no-cache on the token endpoint). nginx adds Server, Date and Connection; Beast adds nothing.
body_client_token='{"access_token":"clt.2b1f0c8a6e4d4b7f9a3c5e7d1f2a4b6c8e0d2f4a6b8c0e2d4f6a8b0c2e4d6f8a","expires_in":7200,"token_type":"Bearer"}'
body_user_token='{"access_token":"act.Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5d2Fs","expires_in":7200,"open_id":"-000Bench0pen1d-000000000000000000","refresh_expires_in":15552000,"refresh_token":"rft.cmVmcmVzaHJlZnJlc2hyZWZyZXNocmVmcmVzaHJlZnJl","scope":"user.info.basic,user.info.profile","token_type":"Bearer"}'
body_user_info='{"data":{"user":{"open_id":"-000Bench0pen1d-000000000000000000","display_name":"Bench User"}},"error":{"code":"ok","message":"","log_id":"2024010100000000112233445566778899AA"}}'

ngx_base=""
if [[ "${BENCH_NO_NGINX:-0}" != 1 ]]; then
  ngx_port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
  mkdir -p "$work/nginx/logs" "$work/nginx/body"
  cat >"$work/nginx/nginx.conf" <<EOF
# Reference: the cheapest possible HTTP/1.1 answer, same machine, same wrk method.
daemon off;
master_process on;
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body;
  keepalive_timeout 75s;
  keepalive_requests 10000000;
  # code and refresh (wrk.lua sends X-Bench-Workload) get a user-token-shaped body.
  map \$http_x_bench_workload \$token_answer {
    default '$body_client_token';
    ~.      '$body_user_token';
  }
  server {
    listen 127.0.0.1:$ngx_port;
    default_type application/json;
    add_header Cache-Control no-store;
    location /v2/oauth/token/ {
      add_header Cache-Control no-store;
      add_header Pragma no-cache;
      return 200 \$token_answer;
    }
    location / {
      return 200 '$body_user_info';
    }
  }
}
EOF
  "$nginx_bin" -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/logs/error.log" \
    >"$work/nginx/stdout" 2>&1 &
  ngx_pid=$!
  ngx_base="http://127.0.0.1:$ngx_port"
  for _ in $(seq 100); do
    curl -fsS -o /dev/null "$ngx_base/" 2>/dev/null && break
    kill -0 "$ngx_pid" 2>/dev/null || { cat "$work/nginx/stdout" "$work/nginx/logs/error.log" >&2 || true; die "nginx exited at start"; }
    sleep 0.1
  done
  curl -fsS -o /dev/null "$ngx_base/" || die "nginx does not answer on $ngx_base"
  log "nginx reference at $ngx_base (pid $ngx_pid)"
fi

beast_base=""
if [[ -n "$beast_bin" ]]; then
  "$beast_bin" 127.0.0.1:0 "$body_client_token" "$body_user_token" "$body_user_info" "$beast_threads" \
    >"$work/beast.out" 2>&1 &
  beast_pid=$!
  for _ in $(seq 100); do
    beast_base="$(sed -n 's#^bench_beast_hello listening on \(http://127\.0\.0\.1:[0-9]*\)$#\1#p' "$work/beast.out" | head -n1)"
    [[ -n "$beast_base" ]] && break
    kill -0 "$beast_pid" 2>/dev/null || { cat "$work/beast.out" >&2; die "bench_beast_hello exited at start"; }
    sleep 0.1
  done
  [[ -n "$beast_base" ]] || die "bench_beast_hello printed no listening line within 10 s"
  log "Beast reference at $beast_base (pid $beast_pid)"
fi

# reference_answer BASE KIND: the status line, the headers that matter and the body of one answer.
reference_answer() {
  local args=(-sS -D - -o "$work/ref.body")
  case "$2" in
    client_token) args+=(-X POST -d x=1 "$1/v2/oauth/token/") ;;
    user_token) args+=(-X POST -d x=1 -H 'X-Bench-Workload: code' "$1/v2/oauth/token/") ;;
    user_info) args+=("$1/v2/user/info/?fields=open_id,display_name") ;;
  esac
  curl "${args[@]}" | tr -d '\r' | grep -iE '^(HTTP/|content-type:|cache-control:|pragma:)' |
    tr '[:upper:]' '[:lower:]' | sort
  cat "$work/ref.body"; echo
}
# The two references must give the same answers, or their ratio compares different work.
if [[ -n "$ngx_base" && -n "$beast_base" ]]; then
  for kind in client_token user_token user_info; do
    [[ "$(reference_answer "$ngx_base" "$kind")" == "$(reference_answer "$beast_base" "$kind")" ]] ||
      die "nginx and bench_beast_hello answer $kind differently:
$(reference_answer "$ngx_base" "$kind")
$(reference_answer "$beast_base" "$kind")"
  done
fi

# The fixed bodies should stay the size of loginkit's real answers (token formats change): one
# real client-token and one real user-info answer, for the line after the table.
size_of() { curl -sS -o /dev/null -w '%{size_download}' "$@" || echo "?"; }
sizes_line="answer bodies (bytes, loginkit / references): client token $(size_of -X POST \
  -H 'Content-Type: application/x-www-form-urlencoded' --data "$TOKEN_BODY" "$lk_base/v2/oauth/token/") / ${#body_client_token}, user info $(size_of \
  -H "Authorization: Bearer $ACCESS_TOKEN" "$lk_base/v2/user/info/?fields=open_id,display_name") / ${#body_user_info}"
log "$sizes_line"

# ---------------------------------------------------------------- measuring
export BENCH_TOKEN_BODY="$TOKEN_BODY" BENCH_ACCESS_TOKEN="$ACCESS_TOKEN" BENCH_SAMPLE_EVERY="$sample_every"
results="$work/results.tsv"
: >"$results"

# run_wrk TARGET_NAME BASE WORKLOAD CONNECTIONS DURATION [record]
# Against loginkit, code / refresh first get seed_rate × DURATION fresh secrets in the database
# (the nginx run that follows reuses that file, wrapping around); token / code / refresh answers
# of recorded loginkit runs are sampled for the durability check.
run_wrk() {
  local name="$1" base="$2" wl="$3" c="$4" d="$5" record="${6:-1}"
  local out="$work/wrk-$name-$wl-c$c.out"
  ((record == 1)) || out="$work/wrk-warmup-$name-$wl.out"
  local t="$threads"
  ((t > c)) && t="$c"
  local secrets="$work/secrets-$wl.txt" wrap=0 sample_prefix=""
  if [[ "$wl" == code || "$wl" == refresh ]]; then
    if [[ "$name" == loginkit* ]]; then
      local count=$((seed_rate * d + 1000)) t0=$SECONDS
      seed_secrets "$wl" "$count" "$secrets"
      log "  seeded $count ${wl} secrets in $((SECONDS - t0)) s"
    else
      wrap=1
    fi
  fi
  if [[ "$name" == loginkit* && "$record" == 1 && "$wl" != userinfo ]]; then
    sample_prefix="$work/samples/$name-$wl-c$c"
  fi
  BENCH_WORKLOAD="$wl" BENCH_WRK_THREADS="$t" BENCH_SECRETS="$secrets" BENCH_SECRETS_WRAP="$wrap" \
    BENCH_SAMPLE_PREFIX="$sample_prefix" BENCH_BODY_PREFIX="$([[ "$wl" == code ]] && echo "$CODE_BODY_PREFIX" || echo "$REFRESH_BODY_PREFIX")" \
    wrk -t"$t" -c"$c" -d"${d}s" --timeout 5s -s "$here/wrk.lua" "$base" >"$out" 2>&1 || true
  [[ "$record" == 1 ]] || return 0
  local line
  line="$(grep '^BENCH_RESULT ' "$out" | tail -n1 || true)"
  if [[ -z "$line" ]]; then
    log "wrk produced no result for $name $wl c=$c:"; cat "$out" >&2
    printf '%s\t%s\t%s\t0\t0\t0\t0\t0\t0\t0\t0\n' "$name" "$wl" "$c" >>"$results"
    return 0
  fi
  local bad
  bad="$(grep '^BENCH_FIRST_BAD ' "$out" | head -n1 | cut -c17- || true)"
  [[ -n "$bad" ]] && log "$name $wl c=$c first bad response: $bad"
  # name wl c requests duration_us p50_us p99_us non2xx badbody sockerr exhausted
  echo "$line" | awk -v n="$name" -v w="$wl" -v c="$c" '{
    for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", n, w, c, v["requests"], v["duration_us"],
      v["p50_us"], v["p99_us"], v["non2xx"], v["badbody"], v["sockerr"], v["exhausted"] }' >>"$results"
}

# measure_pass TARGET_NAME WITH_REFS: every workload and connection count once, each followed by
# the nginx and Beast references when WITH_REFS is 1.
measure_pass() {
  local name="$1" with_refs="$2"
  for wl in $workloads; do
    if ((warmup > 0)); then
      log "warm-up $name $wl (${warmup}s)"
      run_wrk "$name" "$lk_base" "$wl" 16 "$warmup" 0
    fi
    for c in $conns; do
      log "$name $wl c=$c (${duration}s)"
      run_wrk "$name" "$lk_base" "$wl" "$c" "$duration"
      if [[ -n "$ngx_base" && "$with_refs" == 1 ]]; then
        log "nginx $wl c=$c (${duration}s)"
        run_wrk nginx "$ngx_base" "$wl" "$c" "$duration"
      fi
      if [[ -n "$beast_base" && "$with_refs" == 1 ]]; then
        log "beast $wl c=$c (${duration}s)"
        run_wrk beast "$beast_base" "$wl" "$c" "$duration"
      fi
    done
  done
}

# Anonymous memory only: SQLite reads the database through a memory map, and the mapped file
# pages (the OS page cache) would otherwise count as loginkit's memory.
rss_kib() { awk '/^RssAnon:/ {print $2}' "/proc/$lk_pid/status"; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

# idle_check: loginkit's RSS before, with idle_n idle keep-alive connections open, after a
# userinfo run beside them (recorded as target "loginkit+idle"), and after closing them.
idle_line=""
idle_goal_line=""
idle_invalid=0
idle_check() {
  local ready="$work/idle.ready" c
  c="$(echo "$conns" | awk '{print $NF}')"
  local before open after_run after_close
  sleep 1
  before="$(rss_kib)"
  node "$here/idle_connections.mjs" "$lk_base" "$idle_n" "$ACCESS_TOKEN" "$ready" >"$work/idle.out" 2>&1 &
  idle_pid=$!
  for _ in $(seq 1200); do
    [[ -s "$ready" ]] && break
    kill -0 "$idle_pid" 2>/dev/null || { cat "$work/idle.out" >&2; die "idle_connections.mjs exited"; }
    sleep 0.1
  done
  [[ -s "$ready" ]] || die "idle connections not open within 120 s"
  sleep 1
  open="$(rss_kib)"
  log "loginkit+idle userinfo c=$c (${duration}s) beside $(cat "$ready")"
  run_wrk loginkit+idle "$lk_base" userinfo "$c" "$duration"
  after_run="$(rss_kib)"
  kill -TERM "$idle_pid"
  wait "$idle_pid" || true
  idle_pid=""
  sleep 2
  after_close="$(rss_kib)"
  local stats opened failed dropped
  stats="$(tail -n1 "$work/idle.out")"
  opened="$(sed -n 's/.*opened=\([0-9]*\).*/\1/p' <<<"$stats")"
  failed="$(sed -n 's/.*failed=\([0-9]*\).*/\1/p' <<<"$stats")"
  dropped="$(sed -n 's/.*dropped=\([0-9]*\).*/\1/p' <<<"$stats")"
  local status=ok
  if [[ "${opened:-0}" != "$idle_n" || "${failed:-1}" != 0 || "${dropped:-1}" != 0 ]]; then
    status="INVALID ($(cat "$ready" | tr -d '\n'); dropped=${dropped:-?})"
    idle_invalid=1
  fi
  idle_line="idle connections: ${opened:-0}/$idle_n open: loginkit anonymous RSS $(mib "$before") MiB before, $(mib "$open") MiB with them open, $(mib "$after_run") MiB after a ${duration}s userinfo run beside them, $(mib "$after_close") MiB after closing; $(awk -v a="$before" -v b="$open" -v n="$idle_n" 'BEGIN { printf "%+.2f", (b - a) / n }') KiB per idle connection  [$status]"
  log "$idle_line"
  # The goal: memory flat under idle connections, i.e. serving load beside them grows loginkit's
  # anonymous RSS by no more than 5% (or 1 MiB) over what it was with them open.
  local verdict
  verdict="$(awk -v o="$open" -v r="$after_run" 'BEGIN { print (r - o <= (o * 0.05 > 1024 ? o * 0.05 : 1024)) ? "met" : "not met" }')"
  [[ "$status" == ok ]] || verdict="INVALID"
  idle_goal_line="goal: memory flat beside $idle_n idle connections: $(awk -v o="$open" -v r="$after_run" 'BEGIN { printf "%+.1f MiB (%+.1f%%)", (r - o) / 1024, (o > 0 ? (r - o) * 100 / o : 0) }') under a ${duration}s userinfo run beside them, $(awk -v a="$before" -v b="$open" -v n="$idle_n" 'BEGIN { printf "%+.2f", (b - a) / n }') KiB per idle connection (flat: <= 5% or 1 MiB): $verdict"
}

measure_pass loginkit 1
kill -0 "$lk_pid" 2>/dev/null || die "loginkit died during the benchmark (see $work/loginkit.err)"

if ((idle_n > 0)); then
  idle_check
fi

live_line=""
live_label=""
if ((live_n > 0)); then
  if ((live_n % 1000000 == 0)); then live_label="$((live_n / 1000000))M"
  elif ((live_n % 1000 == 0)); then live_label="$((live_n / 1000))k"
  else live_label="$live_n"; fi
  log "seeding $live_n live access tokens ($store_kind)"
  t0=$SECONDS
  seed_live_tokens "$live_n"
  live_line="live tokens: $live_n seeded in $((SECONDS - t0)) s ($store_kind), then every workload measured again as loginkit@$live_label"
  log "$live_line"
  measure_pass "loginkit@$live_label" 0
fi

kill -0 "$lk_pid" 2>/dev/null || die "loginkit died during the benchmark (see $work/loginkit.err)"

# ---------------------------------------------------------------- durability
# Every sampled token had a 2xx answer; after SIGKILL and a restart on the same store, each must
# still be active.
durability_line=""
durability_failed=0
shopt -s nullglob
samples=("$work"/samples/*.txt)
shopt -u nullglob
if ((${#samples[@]})); then
  log "SIGKILL loginkit (pid $lk_pid) and restart it on the same store"
  kill -KILL "$lk_pid"
  wait "$lk_pid" 2>/dev/null || true
  lk_pid=""
  start_loginkit loginkit-restart
  set +e
  node "$here/durability.mjs" "$lk_base" "$CLIENT_KEY" "$CLIENT_SECRET" "${samples[@]}" >"$work/durability.out"
  drc=$?
  set -e
  counts="$(head -n1 "$work/durability.out")"
  valid="$(sed -n 's/^valid=\([0-9]*\) .*/\1/p' <<<"$counts")"
  total="$(sed -n 's/.* total=\([0-9]*\)$/\1/p' <<<"$counts")"
  if ((drc != 0)) || [[ -z "$valid" || "$valid" != "$total" || "$total" == 0 ]]; then
    durability_failed=1
    durability_line="durability: FAILED: ${valid:-?}/${total:-?} acknowledged tokens valid after SIGKILL and restart"
    grep '^missing ' "$work/durability.out" | head -n 20 >&2 || true
  else
    durability_line="durability: $valid/$total acknowledged tokens valid after SIGKILL and restart"
  fi
elif [[ " $workloads " =~ \ (token|code|refresh)\  ]]; then
  durability_failed=1
  durability_line="durability: FAILED: no token answer was sampled"
fi

# ---------------------------------------------------------------- table
echo
echo "loginkit bench: wrk -t$threads, ${duration}s per run, $(nproc) cores shared by client and servers, store $store_kind"
# The summary is at 64 connections (the goals' figure) or, if 64 was not measured, the most.
sum_conns=64
[[ " $conns " == *" 64 "* ]] || sum_conns="$(tr ' ' '\n' <<<"$conns" | sort -n | tail -n1)"
set +e
awk -v store="$store_kind" -v sumc="$sum_conns" -v live="${live_label:+loginkit@$live_label}" \
  -f "$here/report.awk" "$results"
table_rc=$?
set -e
echo
echo "$sizes_line"
[[ -n "$idle_line" ]] && echo "$idle_line"
[[ -n "$live_line" ]] && echo "$live_line"
[[ -n "$durability_line" ]] && echo "$durability_line"
if [[ -n "$idle_goal_line" || -n "$durability_line" ]]; then
  echo
  [[ -n "$idle_goal_line" ]] && echo "$idle_goal_line"
  if [[ -n "$durability_line" ]]; then
    if ((durability_failed)); then
      echo "goal: 100% of sampled acknowledged tokens valid after SIGKILL and restart: not met"
    else
      echo "goal: 100% of sampled acknowledged tokens valid after SIGKILL and restart: met"
    fi
  fi
fi

((durability_failed)) && exit 4
((table_rc != 0 || idle_invalid)) && exit 3
exit 0
