#include "store/memory/memory_meta.hpp"

namespace loginkit {

std::optional<std::string> MemoryMeta::read_meta(const std::string& key) {
  std::lock_guard lock(db_.mu);
  return memory::row(db_.meta, key);
}

std::string MemoryMeta::claim_meta(const std::string& key, const std::string& value) {
  std::lock_guard lock(db_.mu);
  return db_.meta.emplace(key, value).first->second;
}

void MemoryMeta::delete_meta(const std::string& key) {
  std::lock_guard lock(db_.mu);
  db_.meta.erase(key);
}

}  // namespace loginkit
