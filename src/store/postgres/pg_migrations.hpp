#pragma once
#include <vector>

namespace loginkit::pg {
// Numbered schema migrations for PostgreSQL; entry i takes version i to i + 1. Append only.
const std::vector<const char*>& migrations();
}  // namespace loginkit::pg
