#include "store/postgres/pg_grants.hpp"

#include "store/postgres/pg_rows.hpp"

namespace loginkit {
namespace {

using pg::Connection;
using pg::str;

// Built once: exec looks prepared statements up by their text. read_grant reads the first nine
// columns of both.
const std::string kGrantColumns =
    "SELECT g.id, g.app_id, g.user_id, g.scopes, g.api_version, g.platform, g.created_at, "
    "g.refresh_deadline, g.revoked_at IS NOT NULL";
const std::string kFindGrant = kGrantColumns + " FROM grants g WHERE g.id = $1";
const std::string kFindGrantContext =
    kGrantColumns +
    ", a.developer_id, u.id, u.username, u.password_hash, u.display_name, u.avatar_url, "
    "u.bio_description, u.is_verified, u.follower_count, u.following_count, u.likes_count, "
    "u.video_count, u.created_at, EXISTS(SELECT 1 FROM revoked_tokens WHERE token_id = $1) "
    "FROM grants g JOIN apps a ON a.id = g.app_id JOIN users u ON u.id = g.user_id "
    "WHERE g.id = $2";

Grant read_grant(const pg::Rows& r) {
  Grant g;
  g.id = r.i64(0, 0);
  g.app_id = r.i64(0, 1);
  g.user_id = r.i64(0, 2);
  g.scopes = parse_scopes(r.text(0, 3));
  g.api_version = static_cast<int>(r.i64(0, 4));
  g.platform = parse_platform(r.text(0, 5)).value_or(Platform::kWeb);
  g.created_at = r.i64(0, 6);
  g.refresh_deadline = r.i64(0, 7);
  g.revoked = r.flag(0, 8);
  return g;
}

void revoke_grant_rows(Connection& c, Id grant_id, UnixSeconds now) {
  c.exec("UPDATE grants SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
         {str(now), str(grant_id)});
  c.exec("UPDATE tokens SET revoked_at = $1 WHERE grant_id = $2 AND revoked_at IS NULL",
         {str(now), str(grant_id)});
}

}  // namespace

Id PgGrants::create_grant_with_code(const Grant& g, const AuthCode& code) {
  auto c = db_.pool.lease();
  pg::Txn txn(*c);
  Id id = c->exec(
               "INSERT INTO grants(app_id, user_id, scopes, api_version, platform, created_at) "
               "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
               {str(g.app_id), str(g.user_id), join_scopes(g.scopes), str(g.api_version),
                std::string(platform_name(g.platform)), str(g.created_at)})
              .i64(0, 0);
  std::vector<pg::Param> params = pg::handle_params(code.id, code.hash);
  params.insert(params.end(),
                {str(id), code.redirect_uri, code.code_challenge, str(code.expires_at)});
  c->exec(
      "INSERT INTO codes(id, secret_hash, legacy_hash, grant_id, redirect_uri, code_challenge, "
      "expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
      params);
  txn.commit();
  return id;
}

std::optional<Grant> PgGrants::find_grant(Id id) {
  auto c = db_.pool.lease();
  auto r = c->exec(kFindGrant, {str(id)});
  if (r.empty()) return std::nullopt;
  return read_grant(r);
}

// One round trip: the deny-list check rides along as a subquery.
std::optional<GrantContext> PgGrants::find_grant_context(Id grant_id, const std::string& token_id) {
  auto c = db_.pool.lease();
  auto r = c->exec(kFindGrantContext,
                   {pg::unmatchable(token_id) ? std::string() : token_id, str(grant_id)});
  if (r.empty()) return std::nullopt;
  return GrantContext{read_grant(r), r.i64(0, 9), pg::read_user(r, 10), r.flag(0, 22)};
}

void PgGrants::revoke_grant(Id grant_id, UnixSeconds now) {
  auto c = db_.pool.lease();
  pg::Txn txn(*c);
  revoke_grant_rows(*c, grant_id, now);
  txn.commit();
}

void PgGrants::disconnect(Id user_id, Id app_id, UnixSeconds now) {
  auto c = db_.pool.lease();
  pg::Txn txn(*c);
  auto ids =
      c->exec("SELECT id FROM grants WHERE user_id = $1 AND app_id = $2 AND revoked_at IS NULL",
              {str(user_id), str(app_id)});
  for (int i = 0; i < ids.size(); ++i) revoke_grant_rows(*c, ids.i64(i, 0), now);
  c->exec("DELETE FROM consents WHERE user_id = $1 AND app_id = $2", {str(user_id), str(app_id)});
  txn.commit();
}

std::optional<Consent> PgGrants::find_consent(Id user_id, Id app_id) {
  auto c = db_.pool.lease();
  auto r = c->exec("SELECT scopes, updated_at FROM consents WHERE user_id = $1 AND app_id = $2",
                   {str(user_id), str(app_id)});
  if (r.empty()) return std::nullopt;
  return Consent{user_id, app_id, parse_scopes(r.text(0, 0)), r.i64(0, 1)};
}

void PgGrants::save_consent(const Consent& consent) {
  auto c = db_.pool.lease();
  c->exec(
      "INSERT INTO consents(user_id, app_id, scopes, updated_at) VALUES ($1, $2, $3, $4) "
      "ON CONFLICT(user_id, app_id) DO UPDATE SET scopes = excluded.scopes, "
      "updated_at = excluded.updated_at",
      {str(consent.user_id), str(consent.app_id), join_scopes(consent.scopes),
       str(consent.updated_at)});
}

std::vector<Consent> PgGrants::list_consents(Id user_id) {
  auto c = db_.pool.lease();
  auto r = c->exec(
      "SELECT app_id, scopes, updated_at FROM consents WHERE user_id = $1 "
      "ORDER BY updated_at DESC",
      {str(user_id)});
  std::vector<Consent> out;
  out.reserve(static_cast<std::size_t>(r.size()));
  for (int i = 0; i < r.size(); ++i) {
    out.push_back({user_id, r.i64(i, 0), parse_scopes(r.text(i, 1)), r.i64(i, 2)});
  }
  return out;
}

}  // namespace loginkit
