#include "store/memory/memory_engine.hpp"

#include "core/crypto.hpp"
#include "store/handles.hpp"

namespace loginkit::memory {

bool hash_equal(const std::string& a, const std::string& b) {
  return crypto::constant_time_equal(a, b);
}

Id next_row_id() {
  return next_handle_id();
}

void check_new_tokens(const Engine& db, const IssuedTokens& issued) {
  for (std::size_t i = 0; i < issued.tokens.size(); ++i) {
    const Token& t = issued.tokens[i];
    bool twice = false;
    for (std::size_t j = 0; j < i; ++j) {
      const Token& u = issued.tokens[j];
      twice = twice || (t.id != 0 && u.id == t.id) || (t.id == 0 && u.id == 0 && u.hash == t.hash);
    }
    if (twice || (t.id != 0 && db.tokens.contains(t.id)) ||
        (t.id == 0 && db.legacy_tokens.contains(t.hash))) {
      throw DuplicateKey("UNIQUE constraint failed: tokens.id");
    }
  }
}

void put_tokens(Engine& db, const IssuedTokens& issued) {
  for (Token t : issued.tokens) {
    t.rotated = false;
    t.revoked = false;
    insert_row(db.tokens, db.legacy_tokens, std::move(t));
  }
}

}  // namespace loginkit::memory
