# Direct database access for bench/run.sh (sourced, not run): bulk seeding of authorization
# codes, refresh tokens and live access tokens, in SQL, beside the running server.
#
# SQLite: the sqlite3 CLI on DATA/loginkit.db. The server keeps the database in WAL mode with a
# busy timeout, so a second writer process is safe; each seed is one transaction (BEGIN
# IMMEDIATE, .timeout 60 s) and is only ever run while no load is applied.
# PostgreSQL: psql on the same URL, \copy into a temporary table, one transaction.
#
# Every seeded row copies app_id, user_id, scopes, api_version and platform from the grant that
# provision.mjs obtained through the real code flow (the "template grant": the provisioned app's
# latest grant), and the redirect URI from that grant's code, so the rows look exactly like ones
# the server made. Codes and refresh tokens have the server's shape (src/store/handles.hpp): the
# row is keyed by the id the handle carries and stores the 32-byte SHA-256 of the whole handle.
#
# Needs: store_kind (sqlite|pg), store_db (SQLite file) or store_url (PostgreSQL URL), here, work.

sql() {  # sql "SQL": runs statements, prints rows as a|b|c
  if [[ "$store_kind" == sqlite ]]; then
    sqlite3 -batch -bail -noheader -cmd '.timeout 60000' "$store_db" "$1"
  else
    psql -X -q -tA -v ON_ERROR_STOP=1 -d "$store_url" -c "$1"
  fi
}

sql_file() {  # sql_file FILE: runs a script (sqlite3 dot-commands / psql meta-commands allowed)
  if [[ "$store_kind" == sqlite ]]; then
    sqlite3 -batch -bail "$store_db" <"$1" >/dev/null
  else
    psql -X -q -v ON_ERROR_STOP=1 -d "$store_url" -f "$1" >/dev/null
  fi
}

# store_template [CLIENT_KEY]: sets tpl_grant, tpl_app, tpl_user from the latest grant of the
# provisioned app (CLIENT_KEY from provision.mjs; the variable wins over the argument, so an older
# caller that passes the access token still works). Access tokens need not be rows for this.
store_template() {
  local key="${CLIENT_KEY:-$1}" row
  [[ "$key" =~ ^[A-Za-z0-9_.-]+$ ]] || die "template: unexpected client key '$key'"
  row="$(sql "SELECT g.id, g.app_id, g.user_id FROM grants g JOIN apps a ON a.id = g.app_id
              WHERE a.client_key = '$key' ORDER BY g.id DESC LIMIT 1")"
  [[ "$row" =~ ^([0-9]+)\|([0-9]+)\|([0-9]+)$ ]] || die "template grant not found (got '$row')"
  tpl_grant="${BASH_REMATCH[1]}" tpl_app="${BASH_REMATCH[2]}" tpl_user="${BASH_REMATCH[3]}"
}

# seed_secrets code|refresh COUNT SECRETS_FILE: COUNT fresh single-use secrets, one grant each.
#   code:    grants(app_id, user_id, scopes, api_version, platform from the template;
#            created_at = now; refresh_deadline = 0, as create_grant_with_code leaves it)
#            codes(id, secret_hash, grant_id, redirect_uri of the template's code,
#            code_challenge = '', expires_at = now + 3600, consumed_at NULL)
#   refresh: grants(as above but refresh_deadline = now + 180 days, as after redemption)
#            tokens(id, secret_hash, kind = 1 (refresh), app_id, grant_id, scopes, api_version,
#            expires_at = refresh_deadline, created_at = now, rotated_at/revoked_at NULL)
# id and secret_hash (the SHA-256 of the whole handle) come from bench/seed.mjs.
seed_secrets() {
  local kind="$1" count="$2" secrets="$3"
  local csv="$work/seed-$kind.csv" rows_sql="$work/seed-$kind-rows.sql" script="$work/seed-$kind.sql"
  local now deadline expires
  now="$(date +%s)"
  deadline=$((now + 180 * 86400))
  expires=$((now + 3600))
  if [[ "$store_kind" == sqlite ]]; then
    node "$here/seed.mjs" "$kind" "$count" "$secrets" "$rows_sql" sql
  else
    node "$here/seed.mjs" "$kind" "$count" "$secrets" "$csv" csv
  fi

  local grant_cols="app_id, user_id, scopes, api_version, platform, created_at, refresh_deadline"
  local grant_vals="t.app_id, t.user_id, t.scopes, t.api_version, t.platform, $now"
  local rows
  if [[ "$kind" == code ]]; then
    grant_vals+=", 0"
    rows="INSERT INTO codes(id, secret_hash, grant_id, redirect_uri, code_challenge, expires_at)
  SELECT s.id, s.hash, s.gid, (SELECT redirect_uri FROM codes WHERE grant_id = $tpl_grant LIMIT 1), '', $expires
  FROM seed_ids s ORDER BY s.id;"
  else
    grant_vals+=", $deadline"
    rows="INSERT INTO tokens(id, secret_hash, kind, app_id, grant_id, scopes, api_version, expires_at, created_at)
  SELECT s.id, s.hash, 1, t.app_id, s.gid, t.scopes, t.api_version, $deadline, $now
  FROM seed_ids s, grants t WHERE t.id = $tpl_grant ORDER BY s.id;"
  fi

  if [[ "$store_kind" == sqlite ]]; then
    # Grant ids are assigned explicitly (max(id) + n) inside the write transaction, so each
    # code / token row knows its grant; later server inserts continue after the largest id.
    cat >"$script" <<EOF
.timeout 60000
.bail on
.read $rows_sql
BEGIN IMMEDIATE;
CREATE TEMP TABLE seed_ids AS
  SELECT s.id, s.hash, (SELECT coalesce(max(id), 0) FROM main.grants) + s.n AS gid FROM temp.seed s;
INSERT INTO grants(id, $grant_cols)
  SELECT s.gid, $grant_vals FROM seed_ids s, grants t WHERE t.id = $tpl_grant;
$rows
COMMIT;
EOF
  else
    # Grant ids come from the identity column's own sequence (nextval), so the server's later
    # inserts never collide with them.
    cat >"$script" <<EOF
BEGIN;
CREATE TEMP TABLE seed(id BIGINT NOT NULL, hex TEXT NOT NULL, n BIGINT NOT NULL) ON COMMIT DROP;
\\copy seed FROM '$csv' WITH (FORMAT csv)
CREATE TEMP TABLE seed_ids ON COMMIT DROP AS
  SELECT id, decode(hex, 'hex') AS hash, nextval(pg_get_serial_sequence('grants', 'id')) AS gid
  FROM seed ORDER BY n;
INSERT INTO grants(id, $grant_cols) OVERRIDING SYSTEM VALUE
  SELECT s.gid, $grant_vals FROM seed_ids s, grants t WHERE t.id = $tpl_grant;
$rows
COMMIT;
EOF
  fi
  sql_file "$script"
}

# seed_live_tokens N: the durable state of N live authorizations, as the server leaves it after
# each one's code exchange: N grants like the template (created_at = now, refresh_deadline = now +
# 180 days), each with one live refresh token (kind = 1, expires_at = refresh_deadline). Ids have
# the server's layout (milliseconds << 21, counting up), below every id it mints later; the
# secret_hash is random (no handle is ever presented for these). No access-token rows: a
# self-validating access token writes none. Generated inside the database (SQLite recursive CTE +
# randomblob; PostgreSQL generate_series + sha256), in id order so the B-trees fill by appending.
seed_live_tokens() {
  local n="$1" script="$work/seed-live.sql" now deadline id_base salt
  now="$(date +%s)"
  deadline=$((now + 180 * 86400))
  id_base="$(($(date +%s%3N) << 21))"
  salt="$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
  local grant_cols="app_id, user_id, scopes, api_version, platform, created_at, refresh_deadline"
  if [[ "$store_kind" == sqlite ]]; then
    cat >"$script" <<EOF
.timeout 60000
.bail on
PRAGMA cache_size = -1048576;
BEGIN IMMEDIATE;
CREATE TEMP TABLE live AS
  WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < $n)
  SELECT n, (SELECT coalesce(max(id), 0) FROM main.grants) + n AS gid FROM c;
INSERT INTO grants(id, $grant_cols)
  SELECT l.gid, t.app_id, t.user_id, t.scopes, t.api_version, t.platform, $now, $deadline
  FROM temp.live l, grants t WHERE t.id = $tpl_grant ORDER BY l.gid;
INSERT INTO tokens(id, secret_hash, kind, app_id, grant_id, scopes, api_version, expires_at,
                   created_at)
  SELECT $id_base + l.n, randomblob(32), 1, t.app_id, l.gid, t.scopes, t.api_version, $deadline,
         $now
  FROM temp.live l, grants t WHERE t.id = $tpl_grant ORDER BY l.n;
COMMIT;
PRAGMA wal_checkpoint(TRUNCATE);
EOF
  else
    cat >"$script" <<EOF
SET work_mem = '1GB';
SET maintenance_work_mem = '1GB';
BEGIN;
CREATE TEMP TABLE live ON COMMIT DROP AS
  SELECT n, nextval(pg_get_serial_sequence('grants', 'id')) AS gid
  FROM generate_series(1, $n) n ORDER BY n;
INSERT INTO grants(id, $grant_cols) OVERRIDING SYSTEM VALUE
  SELECT l.gid, t.app_id, t.user_id, t.scopes, t.api_version, t.platform, $now, $deadline
  FROM live l, grants t WHERE t.id = $tpl_grant ORDER BY l.gid;
INSERT INTO tokens(id, secret_hash, kind, app_id, grant_id, scopes, api_version, expires_at,
                   created_at)
  SELECT $id_base + l.n, sha256(convert_to('bench-live-$salt-' || l.n, 'UTF8')), 1, t.app_id,
         l.gid, t.scopes, t.api_version, $deadline, $now
  FROM live l, grants t WHERE t.id = $tpl_grant ORDER BY l.n;
COMMIT;
ANALYZE grants;
ANALYZE tokens;
EOF
  fi
  sql_file "$script"
}
