#include "store/postgres/pg_migrations.hpp"

namespace loginkit::pg {

const std::vector<const char*>& migrations() {
  static const std::vector<const char*> kAll = {
      // 1: the v2 core.
      R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE developers(
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL, password_hash TEXT NOT NULL, created_at BIGINT NOT NULL);
CREATE TABLE users(
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL, display_name TEXT NOT NULL, avatar_url TEXT NOT NULL DEFAULT '',
  bio_description TEXT NOT NULL DEFAULT '', is_verified BOOLEAN NOT NULL DEFAULT FALSE,
  follower_count BIGINT NOT NULL DEFAULT 0, following_count BIGINT NOT NULL DEFAULT 0,
  likes_count BIGINT NOT NULL DEFAULT 0, video_count BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL);
CREATE TABLE apps(
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, client_key TEXT NOT NULL UNIQUE,
  secret_hash TEXT NOT NULL, developer_id BIGINT NOT NULL REFERENCES developers(id),
  name TEXT NOT NULL, scopes TEXT NOT NULL, login_kit BOOLEAN NOT NULL,
  web_enabled BOOLEAN NOT NULL, require_pkce_web BOOLEAN NOT NULL, created_at BIGINT NOT NULL);
CREATE TABLE redirect_uris(
  app_id BIGINT NOT NULL REFERENCES apps(id), platform TEXT NOT NULL, uri TEXT NOT NULL,
  position INTEGER NOT NULL, PRIMARY KEY(app_id, platform, uri));
CREATE TABLE grants(
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, app_id BIGINT NOT NULL REFERENCES apps(id),
  user_id BIGINT NOT NULL REFERENCES users(id), scopes TEXT NOT NULL,
  api_version INTEGER NOT NULL, platform TEXT NOT NULL, created_at BIGINT NOT NULL,
  refresh_deadline BIGINT NOT NULL DEFAULT 0, revoked_at BIGINT);
CREATE INDEX grants_by_user_app ON grants(user_id, app_id);
CREATE TABLE codes(
  hash TEXT PRIMARY KEY, grant_id BIGINT NOT NULL REFERENCES grants(id),
  redirect_uri TEXT NOT NULL, code_challenge TEXT NOT NULL, expires_at BIGINT NOT NULL,
  consumed_at BIGINT);
CREATE TABLE tokens(
  hash TEXT PRIMARY KEY, kind INTEGER NOT NULL, app_id BIGINT NOT NULL,
  grant_id BIGINT REFERENCES grants(id), scopes TEXT NOT NULL, api_version INTEGER NOT NULL,
  expires_at BIGINT NOT NULL, created_at BIGINT NOT NULL, rotated_at BIGINT, revoked_at BIGINT);
CREATE INDEX tokens_by_grant ON tokens(grant_id);
CREATE TABLE consents(
  user_id BIGINT NOT NULL, app_id BIGINT NOT NULL, scopes TEXT NOT NULL,
  updated_at BIGINT NOT NULL, PRIMARY KEY(user_id, app_id));
CREATE TABLE sessions(
  hash TEXT PRIMARY KEY, user_id BIGINT NOT NULL, csrf TEXT NOT NULL, expires_at BIGINT NOT NULL);
)sql",
      // 2: the legacy v1 API and its sunset (SPEC §3, §5).
      R"sql(
CREATE TABLE legacy_domains(
  app_id BIGINT NOT NULL REFERENCES apps(id), domain TEXT NOT NULL, position INTEGER NOT NULL,
  PRIMARY KEY(app_id, domain));
CREATE TABLE v1_calls(
  app_id BIGINT NOT NULL, day BIGINT NOT NULL, endpoint TEXT NOT NULL, platform TEXT NOT NULL,
  outcome TEXT NOT NULL, count BIGINT NOT NULL,
  PRIMARY KEY(app_id, day, endpoint, platform, outcome));
)sql",
      // 3: developer portal sessions beside end-user ones.
      R"sql(
ALTER TABLE sessions ADD COLUMN kind INTEGER NOT NULL DEFAULT 0;
)sql",
      // 4: the audit trail.
      R"sql(
CREATE TABLE audit_log(
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at BIGINT NOT NULL, actor TEXT NOT NULL,
  app_id BIGINT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL);
CREATE INDEX audit_by_app ON audit_log(app_id, id);
)sql",
      // 5: housekeeping finds expired rows through an index; without it every purge scanned
      // whole tables (seconds at ten million tokens, holding the write path all that time).
      R"sql(
CREATE INDEX codes_by_expiry ON codes(expires_at);
CREATE INDEX tokens_by_expiry ON tokens(expires_at);
CREATE INDEX sessions_by_expiry ON sessions(expires_at);
)sql",
      // 6: app rows carry a version so updates are compare-and-set (no lost updates).
      R"sql(
ALTER TABLE apps ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
)sql",
      // 7: codes and tokens keyed by the increasing id their handle carries (store/handles.hpp),
      // so an insert appends at the right edge of the primary key instead of a random leaf; the
      // hash of a new handle is 32 raw bytes. Rows from before keep their hex hash in
      // legacy_hash, found through a partial index that new rows never touch, until they expire.
      // They get small ids, below every minted one. The grant index skips client tokens.
      R"sql(
CREATE TABLE codes_v7(
  id BIGINT PRIMARY KEY, secret_hash BYTEA, legacy_hash TEXT,
  grant_id BIGINT NOT NULL REFERENCES grants(id), redirect_uri TEXT NOT NULL,
  code_challenge TEXT NOT NULL, expires_at BIGINT NOT NULL, consumed_at BIGINT);
INSERT INTO codes_v7(id, legacy_hash, grant_id, redirect_uri, code_challenge, expires_at,
                     consumed_at)
  SELECT row_number() OVER (ORDER BY expires_at, hash), hash, grant_id, redirect_uri,
         code_challenge, expires_at, consumed_at FROM codes;
DROP TABLE codes;
ALTER TABLE codes_v7 RENAME TO codes;
CREATE UNIQUE INDEX codes_by_legacy_hash ON codes(legacy_hash) WHERE legacy_hash IS NOT NULL;
CREATE INDEX codes_by_expiry ON codes(expires_at);
CREATE TABLE tokens_v7(
  id BIGINT PRIMARY KEY, secret_hash BYTEA, legacy_hash TEXT, kind INTEGER NOT NULL,
  app_id BIGINT NOT NULL, grant_id BIGINT REFERENCES grants(id), scopes TEXT NOT NULL,
  api_version INTEGER NOT NULL, expires_at BIGINT NOT NULL, created_at BIGINT NOT NULL,
  rotated_at BIGINT, revoked_at BIGINT);
INSERT INTO tokens_v7(id, legacy_hash, kind, app_id, grant_id, scopes, api_version, expires_at,
                      created_at, rotated_at, revoked_at)
  SELECT row_number() OVER (ORDER BY created_at, hash), hash, kind, app_id, grant_id, scopes,
         api_version, expires_at, created_at, rotated_at, revoked_at FROM tokens;
DROP TABLE tokens;
ALTER TABLE tokens_v7 RENAME TO tokens;
CREATE UNIQUE INDEX tokens_by_legacy_hash ON tokens(legacy_hash) WHERE legacy_hash IS NOT NULL;
CREATE INDEX tokens_by_grant ON tokens(grant_id) WHERE grant_id IS NOT NULL;
CREATE INDEX tokens_by_expiry ON tokens(expires_at);
)sql",
      // 8: self-validating access tokens revoked one by one, until they would have expired.
      R"sql(
CREATE TABLE revoked_tokens(token_id TEXT PRIMARY KEY, expires_at BIGINT NOT NULL);
CREATE INDEX revoked_tokens_by_expiry ON revoked_tokens(expires_at);
)sql",
  };
  return kAll;
}

}  // namespace loginkit::pg
