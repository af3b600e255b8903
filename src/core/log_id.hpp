#pragma once
#include <string>

#include "core/clock.hpp"

namespace loginkit {
// SPEC §2.2: yyyyMMddHHmmss (UTC) + 20 uppercase hex characters.
std::string make_log_id(UnixSeconds now);
}  // namespace loginkit
