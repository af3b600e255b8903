#include "store/memory/memory_engine.hpp"

namespace loginkit::memory {

void check_new_tokens(const Engine& db, const IssuedTokens& issued) {
  for (std::size_t i = 0; i < issued.tokens.size(); ++i) {
    const std::string& hash = issued.tokens[i].hash;
    bool twice = false;
    for (std::size_t j = 0; j < i; ++j) twice = twice || issued.tokens[j].hash == hash;
    if (twice || db.tokens.contains(hash)) {
      throw DuplicateKey("UNIQUE constraint failed: tokens.hash");
    }
  }
}

void put_tokens(Engine& db, const IssuedTokens& issued) {
  for (Token t : issued.tokens) {
    t.rotated = false;
    t.revoked = false;
    db.tokens.emplace(t.hash, std::move(t));
  }
}

}  // namespace loginkit::memory
