#include "core/scopes.hpp"

#include <algorithm>

namespace loginkit {

ScopeList parse_scopes(std::string_view text) {
  ScopeList out;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) out.push_back(std::move(cur));
    cur.clear();
  };
  for (char c : text) {
    if (c == ',' || c == ' ' || c == '+') {
      flush();
    } else {
      cur.push_back(c);
    }
  }
  flush();
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string join_scopes(const ScopeList& scopes) {
  std::string out;
  for (const auto& s : scopes) {
    if (!out.empty()) out.push_back(',');
    out += s;
  }
  return out;
}

const std::vector<std::string>& known_scopes() {
  static const std::vector<std::string> kAll = {"user.info.basic", "user.info.profile",
                                                "user.info.stats", "video.list",
                                                "video.publish",   "video.upload"};
  return kAll;
}

bool is_known_scope(std::string_view scope) {
  const auto& all = known_scopes();
  return std::find(all.begin(), all.end(), scope) != all.end();
}

bool contains(const ScopeList& have, std::string_view scope) {
  return std::binary_search(have.begin(), have.end(), scope);
}

bool contains_all(const ScopeList& have, const ScopeList& want) {
  return std::includes(have.begin(), have.end(), want.begin(), want.end());
}

ScopeList scope_union(const ScopeList& a, const ScopeList& b) {
  ScopeList out;
  std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

ScopeList scope_intersection(const ScopeList& a, const ScopeList& b) {
  ScopeList out;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

}  // namespace loginkit
