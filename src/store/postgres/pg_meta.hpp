#pragma once
#include "store/postgres/pg_engine.hpp"
#include "store/store.hpp"

namespace loginkit {

// Server-wide settings; a claim keeps the first value written, across nodes.
class PgMeta final : public MetaStore {
 public:
  explicit PgMeta(pg::Engine& db) : db_(db) {}

  std::optional<std::string> read_meta(const std::string& key) override;
  std::string claim_meta(const std::string& key, const std::string& value) override;
  void delete_meta(const std::string& key) override;

 private:
  pg::Engine& db_;
};

}  // namespace loginkit
