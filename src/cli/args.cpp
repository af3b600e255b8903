#include "cli/args.hpp"

#include <set>

namespace loginkit::cli {
namespace {
// Flags that take no value.
const std::set<std::string> kSwitches = {"test-clock", "help",         "json",
                                         "no-web",     "no-login-kit", "require-pkce-web",
                                         "version",    "force",        "with-key"};
}  // namespace

Args::Args(int argc, char** argv, int first) {
  for (int i = first; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--", 0) != 0) {
      words_.push_back(a);
      continue;
    }
    a = a.substr(2);
    auto eq = a.find('=');
    if (eq != std::string::npos) {
      flags_.emplace(a.substr(0, eq), a.substr(eq + 1));
    } else if (kSwitches.count(a) || i + 1 >= argc) {
      flags_.emplace(a, "");
    } else {
      flags_.emplace(a, argv[++i]);
    }
  }
}

std::optional<std::string> Args::get(const std::string& flag) const {
  auto it = flags_.find(flag);
  if (it == flags_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> Args::all(const std::string& flag) const {
  std::vector<std::string> out;
  auto [b, e] = flags_.equal_range(flag);
  for (auto it = b; it != e; ++it) out.push_back(it->second);
  return out;
}

}  // namespace loginkit::cli
