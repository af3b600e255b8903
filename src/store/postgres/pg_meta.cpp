#include "store/postgres/pg_meta.hpp"

namespace loginkit {

std::optional<std::string> PgMeta::read_meta(const std::string& key) {
  auto c = db_.pool.lease();
  auto r = c->exec("SELECT value FROM meta WHERE key = $1", {key});
  if (r.empty()) return std::nullopt;
  return r.text(0, 0);
}

std::string PgMeta::claim_meta(const std::string& key, const std::string& value) {
  auto c = db_.pool.lease();
  c->exec("INSERT INTO meta(key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
          {key, value});
  return c->exec("SELECT value FROM meta WHERE key = $1", {key}).text(0, 0);
}

void PgMeta::delete_meta(const std::string& key) {
  auto c = db_.pool.lease();
  c->exec("DELETE FROM meta WHERE key = $1", {key});
}

}  // namespace loginkit
