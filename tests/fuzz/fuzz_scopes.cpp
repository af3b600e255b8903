// Scope lists (SPEC §2.1: comma-separated, spaces and '+' accepted): parse_scopes, join_scopes and
// the set helpers. Properties: no crash; parsed lists are sorted, unique, non-empty items without
// separators; join → parse is the identity; union/intersection behave as sets.
#include <algorithm>
#include <string>

#include "core/scopes.hpp"
#include "fuzz_common.hpp"

using namespace loginkit;
using namespace loginkit::fuzz;

namespace {

void check_well_formed(const ScopeList& list) {
  FUZZ_CHECK(std::is_sorted(list.begin(), list.end()));
  FUZZ_CHECK(std::adjacent_find(list.begin(), list.end()) == list.end());
  for (const auto& s : list) {
    FUZZ_CHECK(!s.empty());
    FUZZ_CHECK(s.find_first_of(", +") == std::string::npos);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input = as_view(data, size);
  auto fields = split_fields(input, 2);
  ScopeList a = parse_scopes(fields[0]), b = parse_scopes(fields[1]), whole = parse_scopes(input);
  for (const auto* list : {&a, &b, &whole}) {
    check_well_formed(*list);
    FUZZ_CHECK(parse_scopes(join_scopes(*list)) == *list);  // round trip
    FUZZ_CHECK(contains_all(*list, *list));
    for (const auto& s : *list) {
      FUZZ_CHECK(contains(*list, s));
      FUZZ_CHECK(is_known_scope(s) == (std::find(known_scopes().begin(), known_scopes().end(), s) !=
                                       known_scopes().end()));
    }
  }
  // Every character outside the separators survives parsing.
  std::size_t kept = 0;
  for (const auto& s : whole) kept += s.size();
  FUZZ_CHECK(kept <= input.size());

  ScopeList u = scope_union(a, b), i = scope_intersection(a, b);
  check_well_formed(u);
  check_well_formed(i);
  FUZZ_CHECK(contains_all(u, a) && contains_all(u, b));
  FUZZ_CHECK(contains_all(a, i) && contains_all(b, i));
  FUZZ_CHECK(u.size() + i.size() == a.size() + b.size());
  for (const auto& s : a) FUZZ_CHECK(contains(b, s) == contains(i, s));
  // Separators are interchangeable.
  std::string commas(fields[0]);
  std::replace(commas.begin(), commas.end(), ' ', ',');
  std::replace(commas.begin(), commas.end(), '+', ',');
  FUZZ_CHECK(parse_scopes(commas) == a);
  return 0;
}
