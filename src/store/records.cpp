#include "store/records.hpp"

namespace loginkit {

const char* platform_name(Platform p) {
  switch (p) {
    case Platform::kWeb:
      return "web";
    case Platform::kDesktop:
      return "desktop";
    case Platform::kAndroid:
      return "android";
    case Platform::kIos:
      return "ios";
  }
  return "web";
}

std::optional<Platform> parse_platform(std::string_view name) {
  if (name == "web") return Platform::kWeb;
  if (name == "desktop") return Platform::kDesktop;
  if (name == "android") return Platform::kAndroid;
  if (name == "ios") return Platform::kIos;
  return std::nullopt;
}

}  // namespace loginkit
