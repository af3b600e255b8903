#!/usr/bin/env bash
# loginkit throughput benchmark against an nginx fixed-answer reference. See bench/README.md.
#
# Environment (all optional):
#   LOGINKIT_BIN           binary to measure (default build/release/loginkit; built if missing)
#   BENCH_DURATION         seconds per wrk run (default 10)
#   BENCH_CONNECTIONS      space-separated connection counts (default "16 64")
#   BENCH_THREADS          wrk threads (default 2)
#   BENCH_WARMUP           seconds of unrecorded warm-up per loginkit workload (default 2; 0 = none)
#   BENCH_WORKLOADS        space-separated subset of "token code refresh userinfo" (default all)
#   BENCH_SEED_RATE        codes / refresh tokens seeded per second of run (default 60000)
#   BENCH_SAMPLE_EVERY     durability sample: every Nth good token answer per thread (default 500)
#   BENCH_IDLE_CONNECTIONS idle keep-alive connections for the memory check (default 10000; 0 = skip)
#   BENCH_LIVE_TOKENS      live access tokens seeded before a second pass (default 0 = no second pass)
#   BENCH_NO_NGINX=1       skip the nginx reference (ratio column shows "-")
#   BENCH_KEEP=1           keep the temp dir (logs, configs) and print its path
#   BENCH_STORE            a postgresql://… URL: measure loginkit on PostgreSQL instead of SQLite
#                          (use a fresh database; it is written to); "postgres": start the local
#                          server (scripts/start-postgres.sh) and use a fresh database, dropped after
# Exit status: 0 all good, 3 a run (or the idle check) is INVALID, 4 the durability check failed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

duration="${BENCH_DURATION:-10}"
conns="${BENCH_CONNECTIONS:-16 64}"
threads="${BENCH_THREADS:-2}"
warmup="${BENCH_WARMUP:-2}"
workloads="${BENCH_WORKLOADS:-token code refresh userinfo}"
seed_rate="${BENCH_SEED_RATE:-60000}"
sample_every="${BENCH_SAMPLE_EVERY:-500}"
idle_n="${BENCH_IDLE_CONNECTIONS:-10000}"
live_n="${BENCH_LIVE_TOKENS:-0}"
store_arg="${BENCH_STORE:-}"

log() { echo "bench: $*" >&2; }
die() { echo "bench: error: $*" >&2; exit 1; }

for wl in $workloads; do
  [[ "$wl" =~ ^(token|code|refresh|userinfo)$ ]] || die "unknown workload '$wl' in BENCH_WORKLOADS"
done
for n in "$duration" "$threads" "$warmup" "$seed_rate" "$sample_every" "$idle_n" "$live_n"; do
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

# ---------------------------------------------------------------- temp dir and cleanup
work="$(mktemp -d "${TMPDIR:-/tmp}/loginkit-bench.XXXXXX")"
lk_pid=""
ngx_pid=""
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
  if [[ -n "$pg_fresh_db" ]]; then
    psql -X -q -d "$pg_admin_url" -c "DROP DATABASE IF EXISTS $pg_fresh_db WITH (FORCE)" >/dev/null 2>&1 ||
      log "could not drop database $pg_fresh_db"
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

# ---------------------------------------------------------------- nginx reference
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
    default '{"access_token":"clt.2b1f0c8a6e4d4b7f9a3c5e7d1f2a4b6c8e0d2f4a6b8c0e2d4f6a8b0c2e4d6f8a","expires_in":7200,"token_type":"Bearer"}';
    ~.      '{"access_token":"act.Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5d2Fs","expires_in":7200,"open_id":"-000Bench0pen1d-000000000000000000","refresh_expires_in":15552000,"refresh_token":"rft.cmVmcmVzaHJlZnJlc2hyZWZyZXNocmVmcmVzaHJlZnJl","scope":"user.info.basic,user.info.profile","token_type":"Bearer"}';
  }
  server {
    listen 127.0.0.1:$ngx_port;
    default_type application/json;
    location /v2/oauth/token/ {
      add_header Cache-Control no-store;
      return 200 \$token_answer;
    }
    location / {
      return 200 '{"data":{"user":{"open_id":"-000Bench0pen1d-000000000000000000","display_name":"Bench User"}},"error":{"code":"ok","message":"","log_id":"2024010100000000112233445566778899AA"}}';
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

# measure_pass TARGET_NAME WITH_NGINX: every workload and connection count once.
measure_pass() {
  local name="$1" with_nginx="$2"
  for wl in $workloads; do
    if ((warmup > 0)); then
      log "warm-up $name $wl (${warmup}s)"
      run_wrk "$name" "$lk_base" "$wl" 16 "$warmup" 0
    fi
    for c in $conns; do
      log "$name $wl c=$c (${duration}s)"
      run_wrk "$name" "$lk_base" "$wl" "$c" "$duration"
      if [[ -n "$ngx_base" && "$with_nginx" == 1 ]]; then
        log "nginx $wl c=$c (${duration}s)"
        run_wrk nginx "$ngx_base" "$wl" "$c" "$duration"
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
}

measure_pass loginkit 1
kill -0 "$lk_pid" 2>/dev/null || die "loginkit died during the benchmark (see $work/loginkit.err)"

if ((idle_n > 0)); then
  idle_check
fi

live_line=""
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
echo "loginkit bench: wrk -t$threads, ${duration}s per run, $(nproc) cores shared by client and server, store $store_kind"
set +e
awk -F'\t' '
  { key = $2 "\t" $3
    rps = ($5 > 0) ? $4 / ($5 / 1e6) : 0
    R[NR] = $0; RPS[NR] = rps
    if ($1 == "nginx") ref[key] = rps
    if ($1 == "loginkit") empty[key] = rps }
  END {
    fmt = "%-14s %-9s %5s %11s %9s %9s %8s %7s  %s\n"
    printf fmt, "target", "workload", "conns", "req/s", "p50 ms", "p99 ms", "non-2xx", "ratio", "status"
    invalid = 0
    for (i = 1; i <= NR; i++) {
      split(R[i], f, "\t"); key = f[2] "\t" f[3]
      status = "ok"
      if (f[8] + 0 > 0) status = "INVALID (non-2xx)"
      else if (f[9] + 0 > 0) status = "INVALID (" f[9] " bad bodies)"
      else if (f[10] + 0 > 0) status = "INVALID (" f[10] " socket errors)"
      else if (f[11] + 0 > 0) status = "INVALID (ran out of seeded secrets: raise BENCH_SEED_RATE)"
      else if (f[4] + 0 == 0) status = "INVALID (no requests)"
      if (status != "ok") invalid++
      # loginkit@N rows: ratio to the empty-store loginkit figure; all others: to nginx.
      if (f[1] ~ /@/) r = (key in empty && empty[key] > 0) ? sprintf("%.3f", RPS[i] / empty[key]) : "-"
      else r = (key in ref && ref[key] > 0) ? sprintf("%.3f", RPS[i] / ref[key]) : "-"
      printf fmt, f[1], f[2], f[3], sprintf("%.0f", RPS[i]), sprintf("%.2f", f[6] / 1000),
        sprintf("%.2f", f[7] / 1000), f[8], r, status
    }
    printf "ratio: req/s over nginx req/s (same workload and conns); loginkit@N rows to the empty-store loginkit row.\n"
    if (invalid) printf "\n%d run(s) INVALID: their numbers do not count.\n", invalid
    exit invalid ? 3 : 0
  }' "$results"
table_rc=$?
set -e
echo
[[ -n "$idle_line" ]] && echo "$idle_line"
[[ -n "$live_line" ]] && echo "$live_line"
[[ -n "$durability_line" ]] && echo "$durability_line"

((durability_failed)) && exit 4
((table_rc != 0 || idle_invalid)) && exit 3
exit 0
