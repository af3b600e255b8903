#pragma once
// Handles (refresh tokens, authorization codes) that carry their row's id beside their secret:
// `<prefix><id>.<secret>`, e.g. `rft.1880218003734528001.Qx…` or a code `1880218003734528001.Qx…`.
// The id is minted here, increasing with time, so a new row goes to the right edge of its table's
// B-tree instead of a random leaf (one dirtied page shared by a whole group commit, not a page per
// token). The row stores only the SHA-256 of the whole handle (SPEC §4): the id finds the row, the
// hash proves the secret. Handles of the older shape (`rft.<secret>`, `<secret>`) have no id and
// are found through a legacy index until they expire.
#include <string>
#include <string_view>

#include "store/records.hpp"
#include "store/store.hpp"

namespace loginkit {

// A 63-bit id: milliseconds since the epoch in the high bits, then a random per-process tag and
// a counter, so ids increase within a process and across restarts (the clock permitting) and
// several nodes on one database collide only by rare chance (DuplicateKey; see retry below).
Id next_handle_id();
// The same, from a given millisecond (tests; never below the last id this process minted).
Id next_handle_id_at(std::int64_t unix_ms);

// `<prefix><id>.<32 random bytes, base64url>`: URL-safe characters only (SPEC §2.1).
std::string mint_handle(std::string_view prefix, Id id);
// How a presented handle finds its row: the id and raw SHA-256 when it has the current shape,
// else a legacy key (hex SHA-256 of the whole of it). Parsed once, never throws.
HandleKey handle_key(std::string_view presented);
// The key a freshly minted handle is stored under.
inline HandleKey new_handle_key(std::string_view handle, Id id) {
  return HandleKey{id, handle_key(handle).hash};
}

// Runs `attempt` once more if it hit a unique key: another node minted the same id in the same
// millisecond. `attempt` must mint fresh handles each time it runs.
template <typename F>
auto retry_on_duplicate_id(F&& attempt) {
  try {
    return attempt();
  } catch (const DuplicateKey&) {
    return attempt();
  }
}

}  // namespace loginkit
