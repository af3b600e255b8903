#include "store/memory/memory_grants.hpp"

#include <algorithm>

namespace loginkit {

Id MemoryGrants::create_grant_with_code(const Grant& g, const AuthCode& code) {
  std::lock_guard lock(db_.mu);
  if ((code.id != 0 && db_.codes.contains(code.id)) ||
      (code.id == 0 && db_.legacy_codes.contains(code.hash))) {
    throw DuplicateKey("UNIQUE constraint failed: codes.id");
  }
  Grant saved = g;
  saved.id = ++db_.last_grant;
  saved.refresh_deadline = 0;
  saved.revoked = false;
  db_.grants.emplace(saved.id, saved);
  AuthCode stored = code;
  stored.grant_id = saved.id;
  stored.consumed = false;
  memory::insert_row(db_.codes, db_.legacy_codes, std::move(stored));
  return saved.id;
}

std::optional<Grant> MemoryGrants::find_grant(Id id) {
  std::lock_guard lock(db_.mu);
  return memory::row(db_.grants, id);
}

void MemoryGrants::revoke_grant(Id grant_id, UnixSeconds /*now*/) {
  std::lock_guard lock(db_.mu);
  revoke_locked(grant_id);
}

void MemoryGrants::disconnect(Id user_id, Id app_id, UnixSeconds /*now*/) {
  std::lock_guard lock(db_.mu);
  for (auto& [id, g] : db_.grants) {
    if (g.user_id == user_id && g.app_id == app_id && !g.revoked) revoke_locked(id);
  }
  db_.consents.erase({user_id, app_id});
}

// The grant and every token hanging off it, as the SQL engines' two UPDATEs do.
void MemoryGrants::revoke_locked(Id grant_id) {
  auto it = db_.grants.find(grant_id);
  if (it != db_.grants.end()) it->second.revoked = true;
  for (auto& [hash, t] : db_.tokens) {
    if (t.grant_id == grant_id) t.revoked = true;
  }
}

std::optional<Consent> MemoryGrants::find_consent(Id user_id, Id app_id) {
  std::lock_guard lock(db_.mu);
  return memory::row(db_.consents, {user_id, app_id});
}

void MemoryGrants::save_consent(const Consent& c) {
  std::lock_guard lock(db_.mu);
  db_.consents[{c.user_id, c.app_id}] = c;
}

std::vector<Consent> MemoryGrants::list_consents(Id user_id) {
  std::lock_guard lock(db_.mu);
  std::vector<Consent> out;
  for (const auto& [key, c] : db_.consents) {
    if (key.first == user_id) out.push_back(c);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Consent& a, const Consent& b) { return a.updated_at > b.updated_at; });
  return out;
}

// The SQL engines' inner join: a grant whose app and user exist.
std::optional<GrantContext> MemoryGrants::find_grant_context(Id grant_id,
                                                             const std::string& token_id) {
  std::lock_guard lock(db_.mu);
  auto g = db_.grants.find(grant_id);
  if (g == db_.grants.end()) return std::nullopt;
  auto a = db_.apps.find(g->second.app_id);
  auto u = db_.users.find(g->second.user_id);
  if (a == db_.apps.end() || u == db_.users.end()) return std::nullopt;
  return GrantContext{g->second, a->second.developer_id, u->second, db_.denied.contains(token_id)};
}

}  // namespace loginkit
