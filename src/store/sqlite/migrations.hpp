#pragma once
#include <vector>

namespace loginkit::sqlite {
// Numbered schema migrations; entry i takes the schema from version i to i + 1. Append only.
const std::vector<const char*>& migrations();
}  // namespace loginkit::sqlite
