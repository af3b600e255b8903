#include "store/memory/memory_tokens.hpp"

namespace loginkit {

void MemoryTokens::insert_token(const Token& t) {
  std::lock_guard lock(db_.mu);
  IssuedTokens one{{t}, 0};
  memory::check_new_tokens(db_, one);
  memory::put_tokens(db_, one);
}

std::optional<Token> MemoryTokens::find_token(const std::string& hash) {
  std::lock_guard lock(db_.mu);
  auto it = db_.tokens.find(hash);
  if (it == db_.tokens.end()) return std::nullopt;
  Token t = it->second;
  if (t.grant_id) {
    auto g = db_.grants.find(*t.grant_id);
    t.revoked = t.revoked || (g != db_.grants.end() && g->second.revoked);
  }
  return t;
}

// Like the SQL engines, only the token's own state decides: a grant's revocation reaches its
// existing tokens through revoke_grant.
RotateOutcome MemoryTokens::rotate_refresh(const std::string& old_hash, UnixSeconds /*now*/,
                                           const IssuedTokens& issued) {
  std::lock_guard lock(db_.mu);
  auto it = db_.tokens.find(old_hash);
  if (it == db_.tokens.end() || it->second.rotated || it->second.revoked) {
    return RotateOutcome::kNotActive;
  }
  memory::check_new_tokens(db_, issued);
  it->second.rotated = true;
  memory::put_tokens(db_, issued);
  return RotateOutcome::kRotated;
}

void MemoryTokens::revoke_token(const std::string& hash, UnixSeconds /*now*/) {
  std::lock_guard lock(db_.mu);
  auto it = db_.tokens.find(hash);
  if (it != db_.tokens.end()) it->second.revoked = true;
}

// The SQL engines' inner join: a token with a grant, whose app and user exist.
std::optional<AccessContext> MemoryTokens::find_access_context(const std::string& hash) {
  std::lock_guard lock(db_.mu);
  auto t = db_.tokens.find(hash);
  if (t == db_.tokens.end() || !t->second.grant_id) return std::nullopt;
  auto g = db_.grants.find(*t->second.grant_id);
  if (g == db_.grants.end()) return std::nullopt;
  auto a = db_.apps.find(t->second.app_id);
  auto u = db_.users.find(g->second.user_id);
  if (a == db_.apps.end() || u == db_.users.end()) return std::nullopt;
  AccessContext out;
  out.token = t->second;
  out.token.revoked = t->second.revoked || g->second.revoked;
  out.user_id = g->second.user_id;
  out.developer_id = a->second.developer_id;
  out.user = u->second;
  return out;
}

}  // namespace loginkit
