#pragma once
// Scope lists: comma-separated on the wire (SPEC §2.1); spaces also accepted (decided).
#include <string>
#include <string_view>
#include <vector>

namespace loginkit {

using ScopeList = std::vector<std::string>;  // sorted, unique

inline constexpr std::string_view kBasicScope = "user.info.basic";

ScopeList parse_scopes(std::string_view text);
std::string join_scopes(const ScopeList& scopes);
bool is_known_scope(std::string_view scope);
const std::vector<std::string>& known_scopes();
bool contains_all(const ScopeList& have, const ScopeList& want);
bool contains(const ScopeList& have, std::string_view scope);
ScopeList scope_union(const ScopeList& a, const ScopeList& b);
ScopeList scope_intersection(const ScopeList& a, const ScopeList& b);

}  // namespace loginkit
