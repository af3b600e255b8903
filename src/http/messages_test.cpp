#include "http/messages.hpp"

#include <gtest/gtest.h>

#include <boost/beast/http.hpp>
#include <sstream>

namespace loginkit::http {
namespace {

namespace bhttp = boost::beast::http;

// What the shell wrote before it formatted heads itself: Beast's message and serializer.
std::string beast_wire(const Response& res,
                       const std::vector<std::pair<std::string, std::string>>& always,
                       unsigned version, bool keep_alive, bool head) {
  bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(res.status), version};
  for (const auto& [k, v] : res.headers) out.insert(k, v);
  for (const auto& [k, v] : always) out.insert(k, v);
  out.body() = res.body;
  out.keep_alive(keep_alive);
  out.prepare_payload();
  if (head) out.body().clear();
  std::ostringstream wire;
  wire << out;
  return wire.str();
}

std::string shell_wire(const Response& res,
                       const std::vector<std::pair<std::string, std::string>>& always,
                       unsigned version, bool keep_alive, bool head) {
  std::string out = "stale bytes from the previous answer";
  bool body = format_head(out, res, always, version, keep_alive, head);
  if (body) out += res.body;
  return out;
}

TEST(FormatHead, SameBytesAsBeast) {
  Response json;
  json.status = 200;
  json.body = R"({"access_token":"x","token_type":"Bearer"})";
  json.set("Content-Type", "application/json")
      .set("Cache-Control", "no-store")
      .set("Pragma", "no-cache");
  Response redirect;
  redirect.status = 302;
  redirect.set("Location", "/account/apps");
  Response refused = refusal(413, "The request is too large.", "LOGID");
  Response odd;
  odd.status = 429;
  odd.body = "slow down";
  odd.set("Retry-After", "7");
  Response unusual;
  unusual.status = 599;  // no reason phrase Beast knows
  unusual.body = "x";
  const std::vector<std::pair<std::string, std::string>> none,
      hsts{{"Strict-Transport-Security", "max-age=31536000"}};
  for (const Response* r : {&json, &redirect, &refused, &odd, &unusual}) {
    for (const auto* always : {&none, &hsts}) {
      for (unsigned version : {10u, 11u}) {
        for (bool keep_alive : {true, false}) {
          for (bool head : {false, true}) {
            EXPECT_EQ(shell_wire(*r, *always, version, keep_alive, head),
                      beast_wire(*r, *always, version, keep_alive, head))
                << r->status << " v" << version << " keep_alive " << keep_alive << " head " << head;
          }
        }
      }
    }
  }
}

TEST(FormatHead, NoContentLengthNorBodyFor204And304) {
  Response none;
  none.status = 204;
  std::string out;
  EXPECT_FALSE(format_head(out, none, {}, 11, true, false));
  EXPECT_EQ(out, "HTTP/1.1 204 No Content\r\n\r\n");
  none.status = 304;
  EXPECT_FALSE(format_head(out, none, {}, 11, true, false));
  EXPECT_EQ(out, "HTTP/1.1 304 Not Modified\r\n\r\n");
}

bhttp::request<bhttp::string_body> beast_request(
    bhttp::verb verb, const char* target,
    const std::vector<std::pair<std::string, std::string>>& fields, std::string body = {}) {
  bhttp::request<bhttp::string_body> in{verb, target, 11};
  for (const auto& [k, v] : fields) in.insert(k, v);
  in.body() = std::move(body);
  return in;
}

// A connection reuses one Request: nothing of the previous request may show through.
TEST(ToRequest, ReusedRequestHoldsOnlyTheNewOne) {
  Request r;
  auto first = beast_request(bhttp::verb::post, "/v2/oauth/token/?a=1",
                             {{"Host", "x"},
                              {"Content-Type", "application/x-www-form-urlencoded"},
                              {"X-Forwarded-For", "10.0.0.1"}},
                             "grant_type=client_credentials");
  to_request(first, "127.0.0.1", true, r);
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.path, "/v2/oauth/token");
  EXPECT_EQ(r.query, "a=1");
  ASSERT_EQ(r.headers.size(), 3u);
  EXPECT_EQ(r.headers[1].first, "content-type");
  EXPECT_EQ(r.body, "grant_type=client_credentials");
  EXPECT_TRUE(r.tls);
  r.remote_address = "10.0.0.1";  // as a trusted proxy's header would set it

  auto second = beast_request(bhttp::verb::get, "/v2/user/info", {{"AUTHORIZATION", "Bearer t"}});
  to_request(second, "127.0.0.2", false, r);
  EXPECT_EQ(r.method, "GET");
  EXPECT_EQ(r.path, "/v2/user/info");
  EXPECT_EQ(r.query, "");
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0], (std::pair<std::string, std::string>{"authorization", "Bearer t"}));
  EXPECT_FALSE(r.header("x-forwarded-for"));
  EXPECT_EQ(r.body, "");
  EXPECT_EQ(r.remote_address, "127.0.0.2");
  EXPECT_FALSE(r.tls);
}

}  // namespace
}  // namespace loginkit::http
