#include "store/sqlite/sqlite_rows.hpp"

#include "core/crypto.hpp"
#include "store/handles.hpp"

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

Stmt& bind_handle(Stmt& s, int at, Id id, const std::string& hash) {
  if (id != 0) {
    s.bind(at, id).bind_blob(at + 1, hash).bind_null(at + 2);
  } else {
    // A handle of the older shape (an access or client token minted by whole-handle hash): its
    // row still gets an increasing id, so the table itself stays append-only.
    s.bind(at, next_handle_id()).bind_null(at + 1).bind(at + 2, hash);
  }
  return s;
}

bool step_to_handle(Stmt& s, const HandleKey& key) {
  if (key.legacy()) return s.bind(1, key.hash).step();  // the legacy index matched the whole hash
  return s.bind(1, key.id).step() && !s.is_null(0) &&
         crypto::constant_time_equal(s.blob(0), key.hash);
}

int mark_handle(Connection& c, const HandleSql& sql, UnixSeconds now, const HandleKey& key) {
  auto s = c.prepare(sql.of(key));
  s.bind(1, now);
  if (key.legacy()) {
    s.bind(2, key.hash);
  } else {
    s.bind(2, key.id).bind_blob(3, key.hash);
  }
  s.run();
  return c.changes();
}

void insert_token_row(Connection& c, const Token& t, UnixSeconds now) {
  auto s = c.prepare(
      "INSERT INTO tokens(id, secret_hash, legacy_hash, kind, app_id, grant_id, scopes, "
      "api_version, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  bind_handle(s, 1, t.id, t.hash);
  s.bind(4, static_cast<int>(t.kind)).bind(5, t.app_id);
  if (t.grant_id) {
    s.bind(6, *t.grant_id);
  } else {
    s.bind_null(6);
  }
  s.bind(7, join_scopes(t.scopes)).bind(8, t.api_version).bind(9, t.expires_at).bind(10, now);
  s.run();
}

void insert_issued(Connection& c, const IssuedTokens& issued, UnixSeconds now) {
  for (const auto& t : issued.tokens) insert_token_row(c, t, now);
}

}  // namespace loginkit::sqlite
