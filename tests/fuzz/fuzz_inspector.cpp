// The sandbox's request inspector (issue 16): every API request a client sends, hostile or not,
// is parsed (query, form or JSON body, Basic header) and rendered into the portal page and JSON.
// Properties: no crash; a secret the request carries never appears in the page or the JSON,
// whatever else the request holds; the page is well-formed enough that no raw '<' from the
// request survives.
#include <boost/json/serialize.hpp>
#include <string>

#include "core/form.hpp"
#include "fuzz_common.hpp"
#include "sandbox/inspector.hpp"

using namespace loginkit;
using namespace loginkit::fuzz;

namespace {

constexpr const char* kPaths[] = {"/v2/oauth/token",    "/v2/oauth/revoke",       "/v2/user/info",
                                  "/v2/auth/authorize", "/oauth/access_token",    "/user/info",
                                  "/auth/authorize",    "/platform/oauth/connect"};
constexpr const char* kTypes[] = {"application/x-www-form-urlencoded", "application/json",
                                  "text/plain", ""};
// The secret planted beside whatever the input holds; it must be masked wherever it lands. A new
// one each run: a fixed marker is learnt by the fuzzer (it watches memmem) and then built from
// pieces that decoding or control-character removal joins, which is the input's own text, shown
// rightly.
std::string fresh_secret() {
  static std::uint64_t counter = 0;
  std::uint64_t x = ++counter + 0x9e3779b97f4a7c15ULL;  // splitmix64
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  x ^= x >> 31;
  std::string out = "S";
  for (int i = 0; i < 16; ++i) out += "0123456789abcdef"[(x >> (i * 4)) & 15];
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  auto f = split_fields(as_view(data + 2, size - 2), 4);
  const std::string secret = fresh_secret();
  Request req;
  req.method = (data[0] & 1) ? "POST" : "GET";
  req.path = kPaths[data[0] % std::size(kPaths)];
  std::string type = kTypes[data[1] % std::size(kTypes)];
  if (!type.empty()) req.headers.emplace_back("content-type", type);
  req.query = std::string(f[0]);
  if (type == "application/json") {
    req.body = R"({"client_secret":")" + secret + R"(",)" + std::string(f[1]);
  } else {
    req.body = "client_secret=" + secret + "&" + std::string(f[1]);
  }
  if (!f[2].empty()) req.headers.emplace_back("authorization", std::string(f[2]));
  Response res;
  res.status = 200 + (data[1] % 4) * 100;
  res.body = std::string(f[3]);
  auto record = sandbox::describe_request(req, res, 1709164800);
  if (!record) return 0;
  App app;
  app.client_key = "fuzzapp";
  app.name = "Fuzz <App>";
  std::vector<sandbox::RequestRecord> records{*record};
  std::string json = boost::json::serialize(sandbox::records_json(app.client_key, records));
  Request page;
  page.method = "GET";
  std::string html = sandbox::inspector_response(page, app, records).body;
  FUZZ_CHECK(json.find(secret) == std::string::npos);
  FUZZ_CHECK(html.find(secret) == std::string::npos);
  FUZZ_CHECK(html.find("<App>") == std::string::npos);
  return 0;
}
