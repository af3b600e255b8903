#include "store/postgres/pg_rows.hpp"

#include "core/crypto.hpp"
#include "core/utf8.hpp"
#include "store/handles.hpp"

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

std::string bytea(const std::string& raw) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\\x";
  out.reserve(2 + raw.size() * 2);
  for (unsigned char ch : raw) {
    out.push_back(kHex[ch >> 4]);
    out.push_back(kHex[ch & 15]);
  }
  return out;
}

std::vector<Param> handle_params(Id id, const std::string& hash) {
  // An older-shape handle (whole-handle hash) still gets an increasing row id.
  if (id == 0) return {str(next_handle_id()), std::nullopt, hash};
  return {str(id), bytea(hash), std::nullopt};
}

std::vector<Param> key_params(const HandleKey& key) {
  if (key.legacy()) return {key.hash};
  return {str(key.id), bytea(key.hash)};
}

namespace {

// `now` as $1 and the key's parameters after it.
std::vector<Param> now_and_key(UnixSeconds now, const HandleKey& key) {
  std::vector<Param> params{str(now)};
  auto k = key_params(key);
  params.insert(params.end(), k.begin(), k.end());
  return params;
}

}  // namespace

bool matches(const Rows& r, int secret_col, const HandleKey& key) {
  if (key.legacy()) return true;  // the legacy index matched the whole hash
  return !r.is_null(0, secret_col) &&
         crypto::constant_time_equal(r.text(0, secret_col), bytea(key.hash));
}

void insert_tokens(Connection& c, const IssuedTokens& issued, UnixSeconds now) {
  for (const auto& t : issued.tokens) {
    std::vector<Param> params = handle_params(t.id, t.hash);
    params.insert(params.end(),
                  {str(static_cast<int>(t.kind)), str(t.app_id),
                   t.grant_id ? Param(str(*t.grant_id)) : std::nullopt, join_scopes(t.scopes),
                   str(t.api_version), str(t.expires_at), str(now)});
    c.exec(
        "INSERT INTO tokens(id, secret_hash, legacy_hash, kind, app_id, grant_id, scopes, "
        "api_version, expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        params);
  }
}

std::int64_t mark_handle(Connection& c, const HandleSql& mark, UnixSeconds now,
                         const HandleKey& key) {
  if (key.legacy() && unmatchable(key.hash)) return 0;
  return c.exec(mark.of(key), now_and_key(now, key)).affected();
}

bool mark_then_issue(Connection& c, const HandleSql& mark, UnixSeconds now, const HandleKey& key,
                     const IssuedTokens& issued, bool set_deadline) {
  if (key.legacy() && unmatchable(key.hash)) return false;
  std::vector<Param> params = now_and_key(now, key);
  auto next = [&params](Param p) {
    params.push_back(std::move(p));
    std::string placeholder(1, '$');  // one append: GCC 12 misreports "$" + temporary (-Wrestrict)
    placeholder += std::to_string(params.size());
    return placeholder;
  };
  std::string sql = "WITH marked AS (";
  sql.append(mark.of(key)).append(" RETURNING 1)");
  if (!issued.tokens.empty()) {
    sql +=
        ", issued AS (INSERT INTO tokens(id, secret_hash, legacy_hash, kind, app_id, grant_id, "
        "scopes, api_version, expires_at, created_at) SELECT * FROM (VALUES ";
    for (std::size_t i = 0; i < issued.tokens.size(); ++i) {
      const Token& t = issued.tokens[i];
      auto handle = handle_params(t.id, t.hash);
      sql += i == 0 ? "(" : ", (";
      sql += next(handle[0]) + "::bigint, " + next(handle[1]) + "::bytea, " + next(handle[2]);
      sql += "::text, " + next(str(static_cast<int>(t.kind))) + "::integer, ";
      sql += next(str(t.app_id)) + "::bigint, ";
      sql += next(t.grant_id ? Param(str(*t.grant_id)) : std::nullopt) + "::bigint, ";
      sql += next(join_scopes(t.scopes)) + "::text, " + next(str(t.api_version)) + "::integer, ";
      sql += next(str(t.expires_at)) + "::bigint, " + next(str(now)) + "::bigint)";
    }
    sql += ") AS v WHERE EXISTS (SELECT 1 FROM marked) RETURNING 1)";
  }
  if (set_deadline && !issued.tokens.empty() && issued.tokens.front().grant_id) {
    sql += ", deadline AS (UPDATE grants SET refresh_deadline = ";
    sql += next(str(issued.refresh_deadline)) + "::bigint WHERE id = ";
    sql += next(str(*issued.tokens.front().grant_id));
    sql += "::bigint AND EXISTS (SELECT 1 FROM marked) RETURNING 1)";
  }
  sql += " SELECT count(*) FROM marked";
  return c.exec(sql, params).i64(0, 0) > 0;
}

}  // namespace loginkit::pg
