#include "store/sqlite/sqlite_rows.hpp"

namespace loginkit::sqlite {

User read_user(const Stmt& s, int at) {
  User u;
  u.id = s.i64(at);
  u.username = s.text(at + 1);
  u.password_hash = s.text(at + 2);
  u.display_name = s.text(at + 3);
  u.avatar_url = s.text(at + 4);
  u.bio_description = s.text(at + 5);
  u.is_verified = s.i64(at + 6) != 0;
  u.follower_count = s.i64(at + 7);
  u.following_count = s.i64(at + 8);
  u.likes_count = s.i64(at + 9);
  u.video_count = s.i64(at + 10);
  u.created_at = s.i64(at + 11);
  return u;
}

void insert_token_row(Connection& c, const Token& t, UnixSeconds now) {
  auto s = c.prepare(
      "INSERT INTO tokens(hash, kind, app_id, grant_id, scopes, api_version, expires_at, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  s.bind_all(t.hash, static_cast<int>(t.kind), t.app_id);
  if (t.grant_id) {
    s.bind(4, *t.grant_id);
  } else {
    s.bind_null(4);
  }
  s.bind(5, join_scopes(t.scopes)).bind(6, t.api_version).bind(7, t.expires_at).bind(8, now);
  s.run();
}

void insert_issued(Connection& c, const IssuedTokens& issued, UnixSeconds now) {
  for (const auto& t : issued.tokens) insert_token_row(c, t, now);
}

}  // namespace loginkit::sqlite
