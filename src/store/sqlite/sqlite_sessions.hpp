#pragma once
#include "store/sqlite/sqlite_engine.hpp"
#include "store/store.hpp"

namespace loginkit {

// Signed-in browser sessions of end users and developers.
class SqliteSessions final : public SessionStore {
 public:
  explicit SqliteSessions(sqlite::Engine& db) : db_(db) {}

  void create_session(const Session& s) override;
  std::optional<Session> find_session(const std::string& hash, UnixSeconds now) override;
  void delete_session(const std::string& hash) override;

 private:
  sqlite::Engine& db_;
};

}  // namespace loginkit
