#!/usr/bin/env bash
# Makes a local PostgreSQL server ready for loginkit's tests and prints its conninfo on stdout.
# Debian 12: installs the `postgresql` package if missing, starts the default cluster, waits for it,
# and creates (if missing) the role `loginkit` (password `loginkit`, CREATEDB) and the database
# `loginkit` owned by it. Idempotent; runs as root (CI) or as a user with sudo.
# Usage: export LOGINKIT_TEST_PG="$(scripts/start-postgres.sh)"
set -euo pipefail

role=loginkit
password=loginkit
database=loginkit

log() { echo "start-postgres: $*" >&2; }

sudo_cmd=""
[[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"

# 1. The server package, only when missing (same style as install-deps.sh).
if ! dpkg-query -W -f='${Status}' postgresql 2>/dev/null | grep -q "install ok installed"; then
  log "installing postgresql"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends postgresql >&2
fi

# Runs a command as the postgres superuser (peer authentication over the Unix socket).
as_postgres() {
  if [[ $(id -un) == postgres ]]; then
    "$@"
  elif [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    sudo -u postgres -- "$@"
  fi
}

# 2. The default cluster: the newest installed major version, "main".
version="$(ls /usr/lib/postgresql | sort -V | tail -n1)"
[[ -n "$version" ]] || { log "no PostgreSQL server under /usr/lib/postgresql"; exit 1; }
cluster=main
if ! pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c {f = 1} END {exit !f}'; then
  log "creating cluster $version/$cluster"
  $sudo_cmd pg_createcluster "$version" "$cluster" >&2
fi
status="$(pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c {print $4}')"
port="$(pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c {print $3}')"
if [[ "$status" != online* ]]; then
  log "starting cluster $version/$cluster on port $port"
  # pg_ctlcluster exits 2 with "Cluster is already running." when another starter won the race.
  $sudo_cmd pg_ctlcluster "$version" "$cluster" start >&2 || {
    rc=$?
    pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c {print $4}' |
      grep -q '^online' || { log "pg_ctlcluster failed ($rc)"; exit "$rc"; }
  }
fi

# 3. Wait until it accepts TCP connections on loopback.
for _ in $(seq 1 60); do
  pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 0.5
done
pg_isready -q -h 127.0.0.1 -p "$port" || { log "server not ready on 127.0.0.1:$port"; exit 1; }

# 4. Role and database, created only when missing; the password is (re)set every time.
psql_admin() { as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$port" -d postgres "$@"; }
if [[ "$(psql_admin -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$role'")" != 1 ]]; then
  log "creating role $role"
  psql_admin -c "CREATE ROLE $role LOGIN CREATEDB PASSWORD '$password'"
else
  psql_admin -c "ALTER ROLE $role LOGIN CREATEDB PASSWORD '$password'"
fi
if [[ "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$database'")" != 1 ]]; then
  log "creating database $database"
  psql_admin -c "CREATE DATABASE $database OWNER $role"
fi

echo "postgresql://$role:$password@127.0.0.1:$port/$database"
