#include "store/postgres/pg_rows.hpp"

#include "core/utf8.hpp"

namespace loginkit::pg {

bool unmatchable(const std::string& key) {
  return !is_printable_utf8(key);
}

User read_user(const Rows& r, int at) {
  User u;
  u.id = r.i64(0, at);
  u.username = r.text(0, at + 1);
  u.password_hash = r.text(0, at + 2);
  u.display_name = r.text(0, at + 3);
  u.avatar_url = r.text(0, at + 4);
  u.bio_description = r.text(0, at + 5);
  u.is_verified = r.flag(0, at + 6);
  u.follower_count = r.i64(0, at + 7);
  u.following_count = r.i64(0, at + 8);
  u.likes_count = r.i64(0, at + 9);
  u.video_count = r.i64(0, at + 10);
  u.created_at = r.i64(0, at + 11);
  return u;
}

void insert_tokens(Connection& c, const IssuedTokens& issued, UnixSeconds now) {
  for (const auto& t : issued.tokens) {
    c.exec(
        "INSERT INTO tokens(hash, kind, app_id, grant_id, scopes, api_version, expires_at, "
        "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        {t.hash, str(static_cast<int>(t.kind)), str(t.app_id),
         t.grant_id ? Param(str(*t.grant_id)) : std::nullopt, join_scopes(t.scopes),
         str(t.api_version), str(t.expires_at), str(now)});
  }
}

}  // namespace loginkit::pg
