#pragma once
#include <string>

#include "core/clock.hpp"

namespace loginkit {
// SPEC §2.2: yyyyMMddHHmmss (UTC) + 20 uppercase hex characters.
std::string make_log_id(UnixSeconds now);
// The same into `out` (its capacity reused).
void make_log_id(UnixSeconds now, std::string& out);
}  // namespace loginkit
