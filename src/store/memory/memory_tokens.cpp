#include "store/memory/memory_tokens.hpp"

namespace loginkit {

void MemoryTokens::insert_token(const Token& t) {
  std::lock_guard lock(db_.mu);
  IssuedTokens one{{t}, 0};
  memory::check_new_tokens(db_, one);
  memory::put_tokens(db_, one);
}

std::optional<Token> MemoryTokens::find_token(const HandleKey& key) {
  std::lock_guard lock(db_.mu);
  const Token* found = memory::find_by_key(db_.tokens, db_.legacy_tokens, key);
  if (found == nullptr) return std::nullopt;
  Token t = *found;
  if (t.grant_id) {
    auto g = db_.grants.find(*t.grant_id);
    t.revoked = t.revoked || (g != db_.grants.end() && g->second.revoked);
  }
  return t;
}

// Like the SQL engines, only the token's own state decides: a grant's revocation reaches its
// existing tokens through revoke_grant.
RotateOutcome MemoryTokens::rotate_refresh(const HandleKey& old_key, UnixSeconds /*now*/,
                                           const IssuedTokens& issued) {
  std::lock_guard lock(db_.mu);
  Token* old = memory::find_by_key(db_.tokens, db_.legacy_tokens, old_key);
  if (old == nullptr || old->rotated || old->revoked) return RotateOutcome::kNotActive;
  memory::check_new_tokens(db_, issued);
  old->rotated = true;
  memory::put_tokens(db_, issued);
  return RotateOutcome::kRotated;
}

void MemoryTokens::revoke_token(const HandleKey& key, UnixSeconds /*now*/) {
  std::lock_guard lock(db_.mu);
  if (Token* t = memory::find_by_key(db_.tokens, db_.legacy_tokens, key)) t->revoked = true;
}

// The SQL engines' inner join: a token with a grant, whose app and user exist.
std::optional<AccessContext> MemoryTokens::find_access_context(const HandleKey& key) {
  std::lock_guard lock(db_.mu);
  const Token* t = memory::find_by_key(db_.tokens, db_.legacy_tokens, key);
  if (t == nullptr || !t->grant_id) return std::nullopt;
  auto g = db_.grants.find(*t->grant_id);
  if (g == db_.grants.end()) return std::nullopt;
  auto a = db_.apps.find(t->app_id);
  auto u = db_.users.find(g->second.user_id);
  if (a == db_.apps.end() || u == db_.users.end()) return std::nullopt;
  AccessContext out;
  out.token = *t;
  out.token.revoked = t->revoked || g->second.revoked;
  out.user_id = g->second.user_id;
  out.developer_id = a->second.developer_id;
  out.user = u->second;
  return out;
}

}  // namespace loginkit
