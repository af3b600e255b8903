#include "store/memory/memory_sessions.hpp"

namespace loginkit {

void MemorySessions::create_session(const Session& s) {
  std::lock_guard lock(db_.mu);
  if (!db_.sessions.emplace(s.hash, s).second) {
    throw DuplicateKey("UNIQUE constraint failed: sessions.hash");
  }
}

std::optional<Session> MemorySessions::find_session(const std::string& hash, UnixSeconds now) {
  std::lock_guard lock(db_.mu);
  auto it = db_.sessions.find(hash);
  if (it == db_.sessions.end() || it->second.expires_at <= now) return std::nullopt;
  return it->second;
}

void MemorySessions::delete_session(const std::string& hash) {
  std::lock_guard lock(db_.mu);
  db_.sessions.erase(hash);
}

}  // namespace loginkit
