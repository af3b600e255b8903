#!/usr/bin/env bash
# Runs the whole integration suite against PostgreSQL: a fresh database per run, created from the
# conninfo in LOGINKIT_TEST_PG (scripts/start-postgres.sh prints one) and dropped afterwards.
# Exits 77 (ctest: skipped) when no PostgreSQL is configured.
set -euo pipefail
if [[ -z "${LOGINKIT_TEST_PG:-}" ]]; then
  echo "LOGINKIT_TEST_PG is not set: skipping the PostgreSQL run" >&2
  exit 77
fi
db="lk_it_$$_$RANDOM"
base="${LOGINKIT_TEST_PG%/*}"
psql -qX "$LOGINKIT_TEST_PG" -c "CREATE DATABASE $db" >/dev/null
# Every server of the run shares the database, so they share its server key file too (as the
# nodes of a deployment do): without it the second server would refuse to start.
key_dir="$(mktemp -d)"
trap 'psql -qX "$LOGINKIT_TEST_PG" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null; rm -rf "$key_dir"' EXIT
(umask 077 && head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' >"$key_dir/server.key")
LOGINKIT_SERVER_KEY_FILE="$key_dir/server.key" LOGINKIT_STORE="$base/$db" "$(dirname "$0")/run.sh" "$@"
