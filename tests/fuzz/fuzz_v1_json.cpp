// The v1 user-info request (SPEC §3): the production reader, oauth/dialects/v1_request.hpp's
// read_v1_user_info (query string, then a JSON object parsed whatever the Content-Type, with
// access_token, open_id and fields picked out of it). Boost.JSON is compiled into this target
// from its header-only source so that the parser itself is coverage-instrumented.
// Properties: no crash, no exception; parse → serialize → parse is the identity; only string
// members are picked out; the query-string half of the request parses as a form.
#include <algorithm>
#include <boost/json/src.hpp>  // NOLINT: header-only Boost.JSON, instrumented with the target
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "core/form.hpp"
#include "core/scopes.hpp"
#include "fuzz_common.hpp"
#include "oauth/dialects/v1_request.hpp"

using namespace loginkit;
using namespace loginkit::fuzz;
namespace json = boost::json;

namespace {

// Boost.JSON 1.81 turns an out-of-range number (1e999) into ±inf and serializes it as "Infinity",
// which is not JSON; loginkit never echoes a parsed number back, so such values skip the
// round-trip property.
bool has_non_finite(const json::value& v) {
  if (v.is_double()) return !std::isfinite(v.get_double());
  if (v.is_array()) {
    for (const auto& x : v.get_array()) {
      if (has_non_finite(x)) return true;
    }
  }
  if (v.is_object()) {
    for (const auto& kv : v.get_object()) {
      if (has_non_finite(kv.value())) return true;
    }
  }
  return false;
}

// Value equality, except that doubles may differ in the last bits: Boost.JSON 1.81's default
// number parsing is not correctly rounded (e.g. 99218438218438438424 re-reads one ULP off after a
// serialize), and loginkit reads no numbers, so that is no concern of ours.
bool same_json(const json::value& a, const json::value& b) {
  if (a.kind() != b.kind()) return false;
  if (a.is_double()) {
    double x = a.get_double(), y = b.get_double();
    return x == y || std::fabs(x - y) <= 1e-14 * std::max(std::fabs(x), std::fabs(y));
  }
  if (a.is_array()) {
    const auto &p = a.get_array(), &q = b.get_array();
    if (p.size() != q.size()) return false;
    for (std::size_t i = 0; i < p.size(); ++i) {
      if (!same_json(p[i], q[i])) return false;
    }
    return true;
  }
  if (a.is_object()) {
    const auto &p = a.get_object(), &q = b.get_object();
    if (p.size() != q.size()) return false;
    auto it = q.begin();
    for (const auto& kv : p) {
      if (kv.key() != it->key() || !same_json(kv.value(), it->value())) return false;
      ++it;
    }
    return true;
  }
  return a == b;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input = as_view(data, size);
  auto parts = split_fields(input, 2);
  std::string_view body = parts.size() > 1 && !parts[1].empty() ? parts[1] : input;

  // The query half, as the endpoint reads it first.
  auto query = parse_form(parts[0]);
  V1UserInfoRequest in;
  if (query) {
    in.access_token = query->get_or("access_token");
    if (auto o = query->get("open_id")) in.open_id = std::string(*o);
    for (auto f : parse_scopes(query->get_or("fields"))) in.fields.push_back(f);
  }

  boost::system::error_code ec;
  json::value parsed = json::parse(body, ec);
  V1UserInfoRequest from_body = in;
  bool ok = read_v1_user_info_body(body, from_body);
  FUZZ_CHECK(ok == (!ec && parsed.is_object()));
  // The whole request as the endpoint reads it: both halves must be readable.
  auto whole = read_v1_user_info(parts[0], body);
  FUZZ_CHECK(whole.has_value() == (query.has_value() && (body.empty() || ok)));
  if (whole && ok) {
    FUZZ_CHECK(whole->access_token == from_body.access_token);
    FUZZ_CHECK(whole->open_id == from_body.open_id);
    FUZZ_CHECK(whole->fields == from_body.fields);
  }
  if (ec) return 0;

  // Round trip: what we parsed serializes to JSON that parses back to the same value.
  if (!has_non_finite(parsed)) {
    std::string text = json::serialize(parsed);
    boost::system::error_code ec2;
    json::value again = json::parse(text, ec2);
    FUZZ_CHECK(!ec2);
    FUZZ_CHECK(same_json(again, parsed));
  }

  if (ok) {
    const auto& o = parsed.as_object();
    auto* t = o.if_contains("access_token");
    if (t && t->is_string()) FUZZ_CHECK(from_body.access_token == t->as_string());
    if (!t || !t->is_string()) FUZZ_CHECK(from_body.access_token == in.access_token);
    auto* oid = o.if_contains("open_id");
    if (oid && oid->is_string()) FUZZ_CHECK(from_body.open_id == std::string(oid->as_string()));
    if (!oid || !oid->is_string()) FUZZ_CHECK(from_body.open_id == in.open_id);
    std::size_t strings = 0;
    if (auto* f = o.if_contains("fields"); f && f->is_array()) {
      for (const auto& x : f->as_array()) strings += x.is_string();
    }
    FUZZ_CHECK(from_body.fields.size() == in.fields.size() + strings);
  }
  return 0;
}
