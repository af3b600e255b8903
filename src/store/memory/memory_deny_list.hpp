#pragma once
#include "store/memory/memory_engine.hpp"
#include "store/store.hpp"

namespace loginkit {

// Access tokens revoked one by one, kept until they would have expired.
class MemoryDenyList final : public RevokedTokenStore {
 public:
  explicit MemoryDenyList(memory::Engine& db) : db_(db) {}

  void deny_token(const std::string& token_id, UnixSeconds expires_at) override;
  bool is_denied(const std::string& token_id) override;
  std::int64_t purge_denied(UnixSeconds before, int limit) override;

 private:
  memory::Engine& db_;
};

}  // namespace loginkit
