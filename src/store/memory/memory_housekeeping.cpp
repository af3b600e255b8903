#include "store/memory/memory_housekeeping.hpp"

namespace loginkit {

namespace {

// Erases up to `limit` rows (all of them when negative) that expired before `before`.
template <typename Map>
std::int64_t erase_expired(Map& rows, UnixSeconds before, int limit) {
  std::int64_t gone = 0;
  for (auto it = rows.begin(); it != rows.end() && (limit < 0 || gone < limit);) {
    if (it->second.expires_at < before) {
      it = rows.erase(it);
      ++gone;
    } else {
      ++it;
    }
  }
  return gone;
}

// The same for codes and tokens, whose rows of the older shape are also in a legacy index.
template <typename Row>
std::int64_t erase_expired(std::map<Id, Row>& rows, std::unordered_map<std::string, Id>& legacy,
                           UnixSeconds before, int limit) {
  std::int64_t gone = 0;
  for (auto it = rows.begin(); it != rows.end() && (limit < 0 || gone < limit);) {
    if (it->second.expires_at < before) {
      if (it->second.id == 0) legacy.erase(it->second.hash);
      it = rows.erase(it);
      ++gone;
    } else {
      ++it;
    }
  }
  return gone;
}

}  // namespace

// One process holds the whole engine, so there is no other node to leave the purge to.
std::int64_t MemoryHousekeeping::purge_expired(UnixSeconds before, int limit) {
  std::lock_guard lock(db_.mu);
  return erase_expired(db_.codes, db_.legacy_codes, before, limit) +
         erase_expired(db_.tokens, db_.legacy_tokens, before, limit) +
         erase_expired(db_.sessions, before, limit);
}

}  // namespace loginkit
