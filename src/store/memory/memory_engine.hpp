#pragma once
// The in-memory engine's tables (memory_store.hpp). One mutex guards all of them: every verb takes
// it for its whole length, so the verbs that span tables (redeem a code and store its tokens,
// revoke a grant and its tokens, rotate a refresh token) are atomic as they are in SQL, and a
// reader never sees half of a write. Callers hold `mu` around every use of the helpers below.
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "store/store.hpp"

namespace loginkit::memory {

struct Engine {
  std::mutex mu;

  Id last_developer = 0;
  std::map<Id, Developer> developers;
  Id last_user = 0;
  std::map<Id, User> users;
  Id last_app = 0;
  std::map<Id, App> apps;  // with redirect URIs and legacy domains
  Id last_grant = 0;
  std::map<Id, Grant> grants;  // `revoked` is the grant's own
  // Codes and tokens by row id, as in SQL: the id a handle carries, or one minted for a row of
  // the older shape (its `id` field stays 0), which the legacy_* maps find by its hex hash.
  std::map<Id, AuthCode> codes;
  std::unordered_map<std::string, Id> legacy_codes;
  std::map<Id, Token> tokens;  // `revoked` is the token's own, not its grant's
  std::unordered_map<std::string, Id> legacy_tokens;
  std::map<std::pair<Id, Id>, Consent> consents;  // by (user, app)
  std::unordered_map<std::string, Session> sessions;
  using V1Key = std::tuple<Id, UnixSeconds, std::string, std::string, std::string>;
  std::map<V1Key, std::int64_t> v1_calls;  // (app, day, endpoint, platform, outcome) -> count
  Id last_audit = 0;
  std::vector<AuditEvent> audit;  // oldest first
  std::map<std::string, std::string> meta;
  std::unordered_map<std::string, UnixSeconds> denied;  // token id -> its expiry
};

// The row under `key`, copied out, or none.
template <typename Map>
std::optional<typename Map::mapped_type> row(const Map& rows, const typename Map::key_type& key) {
  auto it = rows.find(key);
  if (it == rows.end()) return std::nullopt;
  return it->second;
}

// The row whose `field` equals `value` (a unique column), or null.
template <typename Row, typename Field, typename Value>
const Row* row_where(const std::map<Id, Row>& rows, Field Row::*field, const Value& value) {
  for (const auto& [id, each] : rows) {
    if (each.*field == value) return &each;
  }
  return nullptr;
}

template <typename Row>
std::optional<Row> copy_of(const Row* row) {
  if (row == nullptr) return std::nullopt;
  return *row;
}

bool hash_equal(const std::string& a, const std::string& b);  // constant time
Id next_row_id();  // store/handles.hpp's ids, for rows of the older shape

// The row `key` names in `rows` (found through `legacy` for a key of the older shape), if its
// hash matches, compared in constant time; or null.
template <typename Row>
Row* find_by_key(std::map<Id, Row>& rows, const std::unordered_map<std::string, Id>& legacy,
                 const HandleKey& key) {
  Id row_id = key.id;
  if (key.legacy()) {
    auto it = legacy.find(key.hash);
    if (it == legacy.end()) return nullptr;
    row_id = it->second;
  }
  auto it = rows.find(row_id);
  if (it == rows.end()) return nullptr;
  if (!key.legacy() && (it->second.id == 0 || !hash_equal(it->second.hash, key.hash))) {
    return nullptr;
  }
  return &it->second;
}

// Stores a new code or token row under its id (minting one for a row of the older shape);
// throws DuplicateKey, changing nothing, when the id or legacy hash is taken.
template <typename Row>
void insert_row(std::map<Id, Row>& rows, std::unordered_map<std::string, Id>& legacy, Row row) {
  Id row_id = row.id != 0 ? row.id : next_row_id();
  if (rows.contains(row_id) || (row.id == 0 && legacy.contains(row.hash))) {
    throw DuplicateKey("UNIQUE constraint failed: id or legacy_hash");
  }
  if (row.id == 0) legacy.emplace(row.hash, row_id);
  rows.emplace(row_id, std::move(row));
}

// Throws DuplicateKey, changing nothing, when one of `issued` is stored already (a primary key).
void check_new_tokens(const Engine& db, const IssuedTokens& issued);
// Stores tokens as an INSERT does: neither rotated nor revoked, whatever the input says.
void put_tokens(Engine& db, const IssuedTokens& issued);

}  // namespace loginkit::memory
