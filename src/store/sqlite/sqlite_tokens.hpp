#pragma once
#include "store/sqlite/sqlite_engine.hpp"
#include "store/store.hpp"

namespace loginkit {

// Access, refresh and client tokens, with their grant's revocation folded in on every read.
class SqliteTokens final : public TokenStore {
 public:
  explicit SqliteTokens(sqlite::Engine& db) : db_(db) {}

  void insert_token(const Token& t) override;
  std::optional<Token> find_token(const HandleKey& key) override;
  RotateOutcome rotate_refresh(const HandleKey& old_key, UnixSeconds now,
                               const IssuedTokens& issued) override;
  void revoke_token(const HandleKey& key, UnixSeconds now) override;
  std::optional<AccessContext> find_access_context(const HandleKey& key) override;

 private:
  sqlite::Engine& db_;
};

}  // namespace loginkit
