#pragma once
// SPEC §2.4: open_id is stable per (user, app); union_id per (user, developer account). Both are
// keyed HMACs of the ids, so they reveal nothing and need no table.
#include <string>

#include "store/records.hpp"

namespace loginkit {
std::string open_id(const std::string& server_key, Id app_id, Id user_id);
std::string union_id(const std::string& server_key, Id developer_id, Id user_id);
}  // namespace loginkit
