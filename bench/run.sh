#!/usr/bin/env bash
# loginkit throughput benchmark against an nginx fixed-answer reference. See bench/README.md.
#
# Environment (all optional):
#   LOGINKIT_BIN        binary to measure (default build/release/loginkit; built if missing)
#   BENCH_DURATION      seconds per wrk run (default 10)
#   BENCH_CONNECTIONS   space-separated connection counts (default "16 64")
#   BENCH_THREADS       wrk threads (default 2)
#   BENCH_WARMUP        seconds of unrecorded warm-up per loginkit workload (default 2; 0 = none)
#   BENCH_WORKLOADS     space-separated subset of "token userinfo" (default both)
#   BENCH_NO_NGINX=1    skip the nginx reference (ratio column shows "-")
#   BENCH_KEEP=1        keep the temp dir (logs, configs) and print its path
#   BENCH_STORE         a postgresql://… URL: measure loginkit on PostgreSQL instead of SQLite
#                       (use a fresh database; it is written to)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

duration="${BENCH_DURATION:-10}"
conns="${BENCH_CONNECTIONS:-16 64}"
threads="${BENCH_THREADS:-2}"
warmup="${BENCH_WARMUP:-2}"
workloads="${BENCH_WORKLOADS:-token userinfo}"

log() { echo "bench: $*" >&2; }
die() { echo "bench: error: $*" >&2; exit 1; }

# ---------------------------------------------------------------- tools
need_apt=()
command -v wrk >/dev/null || need_apt+=(wrk)
command -v curl >/dev/null || need_apt+=(curl)
nginx_bin="$(command -v nginx || true)"
[[ -z "$nginx_bin" && -x /usr/sbin/nginx ]] && nginx_bin=/usr/sbin/nginx
[[ -z "$nginx_bin" && "${BENCH_NO_NGINX:-0}" != 1 ]] && need_apt+=(nginx)
if ((${#need_apt[@]})); then
  log "installing Debian packages: ${need_apt[*]}"
  sudo_cmd=""
  [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >&2
  nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"
fi
command -v node >/dev/null || die "node is required (bench/provision.mjs)"

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
cleanup() {
  local rc=$?
  if [[ -n "$lk_pid" ]] && kill -0 "$lk_pid" 2>/dev/null; then
    kill -TERM "$lk_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$lk_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$lk_pid" 2>/dev/null || true
  fi
  if [[ -n "$ngx_pid" ]] && kill -0 "$ngx_pid" 2>/dev/null; then
    kill -QUIT "$ngx_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$ngx_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$ngx_pid" 2>/dev/null || true
  fi
  if [[ "${BENCH_KEEP:-0}" == 1 || $rc -ne 0 ]]; then
    log "logs kept in $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- loginkit
admin_token="bench-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
# error_status = "rfc" makes token errors non-2xx, so wrk's non-2xx count catches them too
# (the Lua script also checks every 2xx body). It changes nothing on the success path.
cat >"$work/loginkit.toml" <<EOF
admin_token = "$admin_token"
store = "${BENCH_STORE:-}"
[oauth]
error_status = "rfc"
# One client and one token take all the load here: the per-client and per-token limits of a
# production config would (rightly) answer 429, so they are off for the measurement.
[limits]
token_per_client = 0
revoke_per_client = 0
userinfo_per_token = 0
EOF
mkdir -p "$work/data"
"$bin" serve --listen 127.0.0.1:0 --data "$work/data" --config "$work/loginkit.toml" \
  >"$work/loginkit.out" 2>"$work/loginkit.err" &
lk_pid=$!
lk_base=""
for _ in $(seq 150); do
  lk_base="$(sed -n 's#^loginkit listening on \(http://127\.0\.0\.1:[0-9]*\)\r\{0,1\}$#\1#p' "$work/loginkit.out" | head -n1)"
  [[ -n "$lk_base" ]] && break
  kill -0 "$lk_pid" 2>/dev/null || { cat "$work/loginkit.err" >&2; die "loginkit exited at start"; }
  sleep 0.1
done
[[ -n "$lk_base" ]] || die "loginkit printed no listening line within 15 s"
log "loginkit $bin at $lk_base (pid $lk_pid)"

eval "$(node "$here/provision.mjs" "$lk_base" "$admin_token")" || die "provisioning failed"
log "provisioned app $CLIENT_KEY and one user access token"

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
  server {
    listen 127.0.0.1:$ngx_port;
    default_type application/json;
    location /v2/oauth/token/ {
      add_header Cache-Control no-store;
      return 200 '{"access_token":"clt.2b1f0c8a6e4d4b7f9a3c5e7d1f2a4b6c8e0d2f4a6b8c0e2d4f6a8b0c2e4d6f8a","expires_in":7200,"token_type":"Bearer"}';
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
export BENCH_TOKEN_BODY="$TOKEN_BODY" BENCH_ACCESS_TOKEN="$ACCESS_TOKEN"
results="$work/results.tsv"
: >"$results"

# run_wrk TARGET_NAME BASE WORKLOAD CONNECTIONS DURATION [record]
run_wrk() {
  local name="$1" base="$2" wl="$3" c="$4" d="$5" record="${6:-1}"
  local out="$work/wrk-$name-$wl-c$c.out"
  local t="$threads"
  ((t > c)) && t="$c"
  BENCH_WORKLOAD="$wl" wrk -t"$t" -c"$c" -d"${d}s" --timeout 5s -s "$here/wrk.lua" "$base" >"$out" 2>&1 || true
  [[ "$record" == 1 ]] || return 0
  local line
  line="$(grep '^BENCH_RESULT ' "$out" | tail -n1 || true)"
  if [[ -z "$line" ]]; then
    log "wrk produced no result for $name $wl c=$c:"; cat "$out" >&2
    printf '%s\t%s\t%s\t0\t0\t0\t0\t0\t0\t0\n' "$name" "$wl" "$c" >>"$results"
    return 0
  fi
  local bad
  bad="$(grep '^BENCH_FIRST_BAD ' "$out" | head -n1 | cut -c17- || true)"
  [[ -n "$bad" ]] && log "$name $wl c=$c first bad response: $bad"
  # name wl c requests duration_us p50_us p99_us non2xx badbody sockerr
  echo "$line" | awk -v n="$name" -v w="$wl" -v c="$c" '{
    for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", n, w, c, v["requests"], v["duration_us"],
      v["p50_us"], v["p99_us"], v["non2xx"], v["badbody"], v["sockerr"] }' >>"$results"
}

for wl in $workloads; do
  if ((warmup > 0)); then
    log "warm-up loginkit $wl (${warmup}s)"
    run_wrk loginkit "$lk_base" "$wl" 16 "$warmup" 0
  fi
  for c in $conns; do
    log "loginkit $wl c=$c (${duration}s)"
    run_wrk loginkit "$lk_base" "$wl" "$c" "$duration"
    if [[ -n "$ngx_base" ]]; then
      log "nginx    $wl c=$c (${duration}s)"
      run_wrk nginx "$ngx_base" "$wl" "$c" "$duration"
    fi
  done
done

kill -0 "$lk_pid" 2>/dev/null || die "loginkit died during the benchmark (see $work/loginkit.err)"

# ---------------------------------------------------------------- table
echo
echo "loginkit bench: wrk -t$threads, ${duration}s per run, $(nproc) cores shared by client and server"
awk -F'\t' '
  { key = $2 "\t" $3
    rps = ($5 > 0) ? $4 / ($5 / 1e6) : 0
    R[NR] = $0; RPS[NR] = rps
    if ($1 == "nginx") ref[key] = rps }
  END {
    fmt = "%-9s %-9s %5s %11s %9s %9s %8s %7s  %s\n"
    printf fmt, "target", "workload", "conns", "req/s", "p50 ms", "p99 ms", "non-2xx", "ratio", "status"
    invalid = 0
    for (i = 1; i <= NR; i++) {
      split(R[i], f, "\t"); key = f[2] "\t" f[3]
      status = "ok"
      if (f[8] + 0 > 0) status = "INVALID (non-2xx)"
      else if (f[9] + 0 > 0) status = "INVALID (" f[9] " bad bodies)"
      else if (f[10] + 0 > 0) status = "INVALID (" f[10] " socket errors)"
      else if (f[4] + 0 == 0) status = "INVALID (no requests)"
      if (status != "ok") invalid++
      ratio = (key in ref && ref[key] > 0) ? sprintf("%.3f", RPS[i] / ref[key]) : "-"
      printf fmt, f[1], f[2], f[3], sprintf("%.0f", RPS[i]), sprintf("%.2f", f[6] / 1000),
        sprintf("%.2f", f[7] / 1000), f[8], ratio, status
    }
    if (invalid) printf "\n%d run(s) INVALID: their numbers do not count.\n", invalid
    exit invalid ? 3 : 0
  }' "$results"
