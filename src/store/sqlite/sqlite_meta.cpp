#include "store/sqlite/sqlite_meta.hpp"

namespace loginkit {

std::optional<std::string> SqliteMeta::read_meta(const std::string& key) {
  auto c = db_.pool.lease();
  auto s = c->prepare("SELECT value FROM meta WHERE key = ?");
  s.bind(1, key);
  if (!s.step()) return std::nullopt;
  return s.text(0);
}

std::string SqliteMeta::claim_meta(const std::string& key, const std::string& value) {
  return db_.writer.run([&](sqlite::Connection& c) {
    c.prepare("INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)").bind_all(key, value).run();
    auto s = c.prepare("SELECT value FROM meta WHERE key = ?");
    s.bind(1, key);
    s.step();
    return s.text(0);
  });
}

void SqliteMeta::delete_meta(const std::string& key) {
  db_.writer.run([&](sqlite::Connection& c) {
    c.prepare("DELETE FROM meta WHERE key = ?").bind(1, key).run();
  });
}

}  // namespace loginkit
