#pragma once
#include <map>
#include <string>
#include <string_view>

namespace loginkit::web {
// Generated at build time from src/web/templates/*.mustache (see src/web/CMakeLists.txt).
const std::map<std::string, std::string_view>& embedded_templates();
}  // namespace loginkit::web
