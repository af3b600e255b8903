#!/usr/bin/env bash
# Brings up N loginkit nodes behind haproxy on one PostgreSQL, all on loopback ports of this machine.
#
#   deploy/multinode-up.sh [options] [-- extra `loginkit serve` arguments]
#
# Options (each also settable by the environment variable in brackets):
#   -n, --nodes N           number of loginkit nodes (LK_NODES, default 2)
#   -p, --base-port P       haproxy listens on P, node K on P+K, node K's operations listener
#                           (admin API, /metrics, /readyz) on P+N+K (LK_BASE_PORT, default 18080)
#       --host ADDR         address everything binds to (LK_HOST, default 127.0.0.1)
#       --pg CONNINFO       PostgreSQL URL, postgresql://user:pw@host:port/db[?…]
#                           (LK_PG, else LOGINKIT_TEST_PG,
#                            else postgresql://loginkit:loginkit@127.0.0.1:5432/loginkit).
#                           By default a fresh database is created through it (the role needs
#                           CREATEDB) and the nodes use that one; multinode-down.sh drops it.
#       --reuse-db          use the database named in CONNINFO as it is (LK_REUSE_DB=1)
#       --db-name NAME      name of the fresh database (LK_DB_NAME, default loginkit_mn_<time>_<rand>)
#       --run-dir DIR       pid files, logs, rendered haproxy.cfg (LK_RUN_DIR, default ./var/multinode
#                           of this checkout)
#       --admin-token T     admin API bearer token of every node (LK_ADMIN_TOKEN, default random)
#       --config FILE       TOML configuration passed to every node (LK_CONFIG)
#       --server-key-file F the server key file every node reads (LK_SERVER_KEY_FILE, default
#                           RUN_DIR/server.key, made once when absent)
#       --bin PATH          loginkit binary (LOGINKIT_BIN, default build/release/loginkit if it exists,
#                           else build/debug/loginkit)
#       --health MODE       haproxy health check (LK_HEALTH, default auto):
#                             http  GET LK_HEALTH_PATH, expect status LK_HEALTH_EXPECT
#                             tcp   connect check only
#                             none  no check
#                             auto  http on the first of /readyz (storage reachable, schema current)
#                                   and /healthz (process up) that node 1's operations listener
#                                   answers with 200, expect 200; for builds without them,
#                                   /v2/user/info/ expecting 401 (the node is up and answering; no
#                                   token is needed). /readyz, /healthz and /metrics are checked on
#                                   each node's operations port, other paths on its public port.
#       --health-path PATH  (LK_HEALTH_PATH; default /readyz, or as auto finds)
#       --health-expect N   expected HTTP status (LK_HEALTH_EXPECT; default 200, 401 for /v2/user/info/)
#       --timeout S         seconds to wait for nodes and haproxy (LK_TIMEOUT, default 30)
#       --foreground        stay in the foreground after start-up; Ctrl-C (SIGINT/SIGTERM) takes the
#                           whole cluster down (LK_FOREGROUND=1)
#
# On success prints shell-quoted KEY=VALUE lines on stdout (also written to RUN_DIR/env), e.g.
#   LOGINKIT_URL=http://127.0.0.1:18080
#   LOGINKIT_ADMIN_TOKEN=…
# so `eval "$(deploy/multinode-up.sh)"` works; progress goes to stderr.
# Stop with deploy/multinode-down.sh [--run-dir DIR].
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"

nodes="${LK_NODES:-2}"
base_port="${LK_BASE_PORT:-18080}"
host="${LK_HOST:-127.0.0.1}"
pg="${LK_PG:-${LOGINKIT_TEST_PG:-postgresql://loginkit:loginkit@127.0.0.1:5432/loginkit}}"
reuse_db="${LK_REUSE_DB:-0}"
db_name="${LK_DB_NAME:-}"
run_dir="${LK_RUN_DIR:-$repo/var/multinode}"
admin_token="${LK_ADMIN_TOKEN:-}"
config="${LK_CONFIG:-}"
bin="${LOGINKIT_BIN:-}"
health="${LK_HEALTH:-auto}"
health_path="${LK_HEALTH_PATH:-}"
health_expect="${LK_HEALTH_EXPECT:-}"
timeout_s="${LK_TIMEOUT:-30}"
foreground="${LK_FOREGROUND:-0}"
serve_extra=()

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }
die() { echo "multinode-up: $*" >&2; exit 1; }
log() { echo "multinode-up: $*" >&2; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    -n|--nodes) nodes="$2"; shift 2 ;;
    -p|--base-port) base_port="$2"; shift 2 ;;
    --host) host="$2"; shift 2 ;;
    --pg) pg="$2"; shift 2 ;;
    --reuse-db) reuse_db=1; shift ;;
    --db-name) db_name="$2"; shift 2 ;;
    --run-dir) run_dir="$2"; shift 2 ;;
    --admin-token) admin_token="$2"; shift 2 ;;
    --server-key-file) LK_SERVER_KEY_FILE="$2"; shift 2 ;;
    --config) config="$2"; shift 2 ;;
    --bin) bin="$2"; shift 2 ;;
    --health) health="$2"; shift 2 ;;
    --health-path) health_path="$2"; shift 2 ;;
    --health-expect) health_expect="$2"; shift 2 ;;
    --timeout) timeout_s="$2"; shift 2 ;;
    --foreground) foreground=1; shift ;;
    -h|--help) usage; exit 0 ;;
    --) shift; serve_extra=("$@"); break ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done

[[ "$nodes" =~ ^[0-9]+$ && "$nodes" -ge 1 && "$nodes" -le 64 ]] || die "--nodes must be 1..64"
[[ "$base_port" =~ ^[0-9]+$ && "$base_port" -ge 1 && $((base_port + 2 * nodes)) -le 65535 ]] ||
  die "--base-port must leave room for $((2 * nodes)) node ports below 65536"
[[ "$timeout_s" =~ ^[0-9]+$ ]] || die "--timeout must be a number of seconds"
case "$health" in auto|http|tcp|none) ;; *) die "--health must be auto, http, tcp or none" ;; esac
[[ "$pg" == postgres://* || "$pg" == postgresql://* ]] || die "--pg must be a postgresql:// URL"

if [[ -z "$bin" ]]; then
  if [[ -x "$repo/build/release/loginkit" ]]; then bin="$repo/build/release/loginkit"; else bin="$repo/build/debug/loginkit"; fi
fi
[[ -x "$bin" ]] || die "loginkit binary not found at $bin (build it, or pass --bin / LOGINKIT_BIN)"
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
[[ -z "$config" ]] || { [[ -r "$config" ]] || die "config $config not readable"; config="$(cd "$(dirname "$config")" && pwd)/$(basename "$config")"; }
command -v haproxy >/dev/null || die "haproxy is not installed (Debian: apt-get install haproxy)"
command -v curl >/dev/null || die "curl is not installed"

mkdir -p "$run_dir"
run_dir="$(cd "$run_dir" && pwd)"
chmod 700 "$run_dir"

# One cluster per run directory.
for f in "$run_dir"/*.pid; do
  [[ -e "$f" ]] || continue
  if kill -0 "$(cat "$f")" 2>/dev/null; then
    die "a cluster is already running from $run_dir ($(basename "$f") is alive); run deploy/multinode-down.sh --run-dir $run_dir"
  fi
  rm -f "$f"
done
rm -f "$run_dir"/node-*.log "$run_dir"/node-*.err "$run_dir"/haproxy.log "$run_dir"/haproxy.cfg "$run_dir"/env \
  "$run_dir"/created-db "$run_dir"/haproxy.sock

# Ports must be free (something answering a connect means taken).
port_taken() { (exec 3<>"/dev/tcp/$host/$1") 2>/dev/null; }
for ((k = 0; k <= 2 * nodes; k++)); do
  port_taken $((base_port + k)) && die "port $((base_port + k)) on $host is in use (pick another --base-port)"
done

# From here on, a failure takes down whatever was started.
started=0
cleanup_on_failure() {
  local rc=$?
  if [[ $started != done ]]; then
    log "start-up failed (exit $rc); logs in $run_dir:"
    for f in "$run_dir"/node-*.err "$run_dir"/haproxy.log; do
      [[ -s "$f" ]] && { echo "--- $(basename "$f") (last lines)" >&2; tail -n 15 "$f" >&2; }
    done
    "$here/multinode-down.sh" --run-dir "$run_dir" >&2 || true
  fi
}
trap cleanup_on_failure EXIT

# --- the database ---------------------------------------------------------------------------
# Split the URL into  prefix (scheme://authority)  database  query.
url_noquery="${pg%%\?*}"
query=""
[[ "$pg" == *\?* ]] && query="?${pg#*\?}"
scheme="${url_noquery%%://*}"
rest="${url_noquery#*://}"
if [[ "$rest" == */* ]]; then authority="${rest%%/*}"; else authority="$rest"; fi

if [[ "$reuse_db" == 1 ]]; then
  store="$pg"
  log "reusing the database of $scheme://…@${authority##*@}"
else
  command -v psql >/dev/null || die "psql is not installed (Debian: postgresql-client), needed to create the database"
  [[ -n "$db_name" ]] || db_name="loginkit_mn_$(date -u +%Y%m%d%H%M%S)_${RANDOM}"
  [[ "$db_name" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || die "--db-name must match [a-z_][a-z0-9_]* (at most 63 characters)"
  psql -X -q -v ON_ERROR_STOP=1 "$pg" -c "CREATE DATABASE \"$db_name\"" >&2 ||
    die "could not create database $db_name through $scheme://…@${authority##*@}"
  # multinode-down.sh drops it (unless --keep-db).
  printf '%s\n%s\n' "$pg" "$db_name" >"$run_dir/created-db"
  store="$scheme://$authority/$db_name$query"
  log "created database $db_name"
fi

[[ -n "$admin_token" ]] || admin_token="adm-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"

# --- the server key ---------------------------------------------------------------------------
# Every node must hold the same server key file (open_id, union_id and the sign-in form's CSRF
# value derive from it; a node with another key refuses to start). Made once here, unless given.
key_file="${LK_SERVER_KEY_FILE:-$run_dir/server.key}"
if [[ ! -s "$key_file" ]]; then
  (umask 077 && head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' >"$key_file")
fi

# --- the nodes --------------------------------------------------------------------------------
# All nodes start at once: each runs the schema migrations at start, serialised by a PostgreSQL
# advisory lock, so the first one migrates and the others find the schema current.
node_urls=()
node_ops_urls=()
for ((k = 1; k <= nodes; k++)); do
  port=$((base_port + k))
  ops_port=$((base_port + nodes + k))
  args=(serve --store "$store" --listen "$host:$port" --ops-listen "$host:$ops_port"
    --admin-token "$admin_token" --server-key-file "$key_file")
  [[ -z "$config" ]] || args+=(--config "$config")
  args+=("${serve_extra[@]}")
  # setsid: the node outlives this script and is not hit by a Ctrl-C aimed at the caller's terminal.
  (cd "$run_dir" && exec setsid "$bin" "${args[@]}" </dev/null >"$run_dir/node-$k.log" 2>"$run_dir/node-$k.err") &
  echo $! >"$run_dir/node-$k.pid"
  node_urls+=("http://$host:$port")
  node_ops_urls+=("http://$host:$ops_port")
done
started=nodes

deadline=$((SECONDS + timeout_s))
for ((k = 1; k <= nodes; k++)); do
  pid="$(cat "$run_dir/node-$k.pid")"
  until grep -q '^loginkit ops listening on ' "$run_dir/node-$k.log" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || die "node $k exited during start-up"
    ((SECONDS < deadline)) || die "node $k did not start listening within ${timeout_s}s"
    sleep 0.1
  done
done
# ...and answers HTTP.
for url in "${node_urls[@]}"; do
  until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url/v2/user/info/")" != 000 ]]; do
    ((SECONDS < deadline)) || die "$url does not answer HTTP"
    sleep 0.1
  done
done
log "${nodes} node(s) up: ${node_urls[*]}"

# --- haproxy ----------------------------------------------------------------------------------
if [[ "$health" == auto ]]; then
  if [[ -z "$health_path" ]]; then
    for p in /readyz /healthz; do
      if [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "${node_ops_urls[0]}$p")" == 200 ]]; then
        health_path=$p
        break
      fi
    done
    [[ -n "$health_path" ]] || health_path=/v2/user/info/
  fi
  health=http
fi
check_lines=""
check_opts=""
case "$health" in
  http)
    [[ -n "$health_path" ]] || health_path=/readyz
    if [[ -z "$health_expect" ]]; then
      if [[ "$health_path" == /v2/user/info/* ]]; then health_expect=401; else health_expect=200; fi
    fi
    [[ "$health_path" =~ ^/[^[:space:]]*$ ]] || die "--health-path must be an absolute path without spaces"
    [[ "$health_expect" =~ ^[1-5][0-9][0-9]$ ]] || die "--health-expect must be an HTTP status"
    check_lines="    option httpchk
    http-check send meth GET uri $health_path ver HTTP/1.1 hdr Host loginkit-health
    http-check expect status $health_expect"
    check_opts="check inter 1s fall 2 rise 1"
    log "haproxy health check: GET $health_path expecting $health_expect"
    # Readiness and metrics live on the operations listener, not where traffic goes.
    case "$health_path" in /readyz|/healthz|/metrics) check_on_ops=1 ;; esac
    ;;
  tcp) check_opts="check inter 1s fall 2 rise 1"; log "haproxy health check: TCP connect" ;;
  none) log "haproxy health check: none" ;;
esac
servers=""
for ((k = 1; k <= nodes; k++)); do
  port_opt=""
  [[ "${check_on_ops:-0}" != 1 ]] || port_opt=" port $((base_port + nodes + k))"
  servers+="    server node$k $host:$((base_port + k)) $check_opts$port_opt"$'\n'
done
tpl="$(cat "$here/haproxy.cfg.template")"
tpl="${tpl//@RUN_DIR@/$run_dir}"
tpl="${tpl//@BIND@/$host:$base_port}"
tpl="${tpl//@HEALTH_CHECK@/$check_lines}"
tpl="${tpl//@SERVERS@/$servers}"
printf '%s\n' "$tpl" >"$run_dir/haproxy.cfg"
haproxy -c -q -f "$run_dir/haproxy.cfg" >&2 || die "haproxy rejects $run_dir/haproxy.cfg"

# -db: foreground, no daemon; the pid file is ours.
(cd "$run_dir" && exec setsid haproxy -db -f "$run_dir/haproxy.cfg" </dev/null >"$run_dir/haproxy.log" 2>&1) &
echo $! >"$run_dir/haproxy.pid"
started=haproxy
lb_url="http://$host:$base_port"

# Ready when every node has answered through the balancer (X-Served-By names the node).
declare -A seen=()
until [[ ${#seen[@]} -eq $nodes ]]; do
  kill -0 "$(cat "$run_dir/haproxy.pid")" 2>/dev/null || die "haproxy exited during start-up"
  ((SECONDS < deadline)) || die "not every node answered through haproxy within ${timeout_s}s (seen: ${!seen[*]})"
  served="$(curl -s -o /dev/null -D - --max-time 2 "$lb_url/v2/user/info/" | tr -d '\r' |
    awk -F': ' 'tolower($1) == "x-served-by" {print $2}')" || true
  if [[ -n "$served" ]]; then seen[$served]=1; else sleep 0.1; fi
done
log "haproxy up on $lb_url, balancing over ${!seen[*]}"

{
  printf 'LOGINKIT_URL=%q\n' "$lb_url"
  printf 'LOGINKIT_ADMIN_TOKEN=%q\n' "$admin_token"
  printf 'LOGINKIT_NODE_URLS=%q\n' "${node_urls[*]}"
  printf 'LOGINKIT_NODE_OPS_URLS=%q\n' "${node_ops_urls[*]}"
  printf 'LOGINKIT_STORE=%q\n' "$store"
  printf 'LOGINKIT_RUN_DIR=%q\n' "$run_dir"
} >"$run_dir/env"
cat "$run_dir/env"
started=done

if [[ "$foreground" == 1 ]]; then
  log "running in the foreground; Ctrl-C takes the cluster down"
  stop() { trap - INT TERM; "$here/multinode-down.sh" --run-dir "$run_dir" >&2; exit 0; }
  trap stop INT TERM
  while :; do
    for f in "$run_dir"/haproxy.pid "$run_dir"/node-*.pid; do
      if ! kill -0 "$(cat "$f" 2>/dev/null || echo 0)" 2>/dev/null; then
        log "$(basename "$f" .pid) exited; taking the cluster down"
        "$here/multinode-down.sh" --run-dir "$run_dir" >&2
        exit 1
      fi
    done
    sleep 1 &
    wait $! || true
  done
fi
