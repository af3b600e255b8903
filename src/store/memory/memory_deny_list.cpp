#include "store/memory/memory_deny_list.hpp"

#include <algorithm>

namespace loginkit {

void MemoryDenyList::deny_token(const std::string& token_id, UnixSeconds expires_at) {
  std::lock_guard lock(db_.mu);
  auto& until = db_.denied[token_id];
  until = std::max(until, expires_at);
}

bool MemoryDenyList::is_denied(const std::string& token_id) {
  std::lock_guard lock(db_.mu);
  return db_.denied.contains(token_id);
}

std::int64_t MemoryDenyList::purge_denied(UnixSeconds before, int limit) {
  std::lock_guard lock(db_.mu);
  std::int64_t gone = 0;
  for (auto it = db_.denied.begin(); it != db_.denied.end() && gone < limit;) {
    if (it->second < before) {
      it = db_.denied.erase(it);
      ++gone;
    } else {
      ++it;
    }
  }
  return gone;
}

}  // namespace loginkit
