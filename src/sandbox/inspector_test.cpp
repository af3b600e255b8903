// The inspector: what it records of a request and its answer, what it hides, the hints, the
// bounds, and the page.
#include "sandbox/inspector.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "api/responses.hpp"

namespace loginkit::sandbox {
namespace {

namespace json = boost::json;

constexpr UnixSeconds kEndOfLife = 1709164800;  // 2024-02-29
constexpr const char* kSecret = "s3cr3t-VALUE-never-shown";
constexpr const char* kCode = "1880218003734528001.CODEabcdefghijklmnopWXYZ";

Request post(std::string path, std::string body, std::string type) {
  Request r;
  r.method = "POST";
  r.path = std::move(path);
  r.body = std::move(body);
  if (!type.empty()) r.headers.emplace_back("content-type", std::move(type));
  r.log_id = "L1";
  return r;
}

Request get(std::string path, std::string query) {
  Request r;
  r.method = "GET";
  r.path = std::move(path);
  r.query = std::move(query);
  return r;
}

RequestRecord describe(const Request& req, const Response& res = json_response(200, {})) {
  auto r = describe_request(req, res, kEndOfLife);
  EXPECT_TRUE(r);
  return r.value_or(RequestRecord{});
}

std::string param(const RequestRecord& r, std::string_view name) {
  for (const auto& p : r.params) {
    if (p.name == name) return p.value;
  }
  return "<absent>";
}

TEST(InspectorRecord, MasksSecretsWholeAndCodesAndTokensToTheirLastFourCharacters) {
  std::string form = std::string("client_key=ck&client_secret=") + kSecret + "&code=" + kCode +
                     "&code_verifier=verifier-verifier-verifier-verifier-verifier-x"
                     "&refresh_token=rft.1.abcdefghijklmnop&grant_type=authorization_code";
  auto req = post("/v2/oauth/token", form, "application/x-www-form-urlencoded");
  req.headers.emplace_back("authorization", "Basic Y2s6czNjcjN0");  // ck:s3cr3t
  auto r = describe(req);
  EXPECT_EQ(r.endpoint, "token");
  EXPECT_EQ(r.api_version, "v2");
  EXPECT_EQ(param(r, "client_key"), "ck");
  EXPECT_EQ(param(r, "grant_type"), "authorization_code");
  EXPECT_EQ(param(r, "client_secret"), "••••");
  EXPECT_EQ(param(r, "code_verifier"), "••••");
  EXPECT_EQ(param(r, "code"), "••••WXYZ");
  EXPECT_EQ(param(r, "refresh_token"), "••••mnop");
  EXPECT_EQ(param(r, "Authorization"), "Basic ck:••••");
  auto all = json::serialize(records_json("ck", {r}));
  EXPECT_EQ(all.find(kSecret), std::string::npos);
  EXPECT_EQ(all.find("CODEabcdefgh"), std::string::npos);
  EXPECT_EQ(all.find("s3cr3t"), std::string::npos);
}

TEST(InspectorRecord, MasksBearerTokensPasswordsAndCsrfAndShortTokensWhole) {
  auto req = post("/v2/auth/authorize", "csrf=abcdefghijklmnopqrstuvwx&password=hunter2hunter2",
                  "application/x-www-form-urlencoded");
  req.query = "client_key=ck&access_token=short";
  req.headers.emplace_back("authorization", "Bearer act.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA1234");
  auto r = describe(req);
  EXPECT_EQ(param(r, "csrf"), "••••");
  EXPECT_EQ(param(r, "password"), "••••");
  EXPECT_EQ(param(r, "access_token"), "••••");
  EXPECT_EQ(param(r, "Authorization"), "Bearer ••••1234");
}

TEST(InspectorRecord, OnlyApiEndpointsAreRecorded) {
  EXPECT_FALSE(describe_request(get("/portal/apps", ""), json_response(200, {}), kEndOfLife));
  EXPECT_FALSE(describe_request(get("/account/signin", ""), json_response(200, {}), kEndOfLife));
  EXPECT_TRUE(
      describe_request(get("/platform/oauth/connect", ""), json_response(200, {}), kEndOfLife));
}

TEST(InspectorRecord, ReadsTheErrorWhereverEachWireFormatPutsIt) {
  auto v2 = describe(post("/v2/oauth/token", "", ""),
                     json_response(200, json::object{{"error", "invalid_grant"},
                                                     {"error_description", "bad code"},
                                                     {"log_id", "x"}}));
  EXPECT_EQ(v2.error, "invalid_grant");
  EXPECT_EQ(v2.error_description, "bad code");
  auto info = describe(
      get("/v2/user/info", ""),
      json_response(401, json::parse(R"({"data":{},"error":{"code":"access_token_invalid",)"
                                     R"("message":"m","log_id":"x"}})")));
  EXPECT_EQ(info.status, 401);
  EXPECT_EQ(info.error, "access_token_invalid");
  auto ok = describe(get("/v2/user/info", ""),
                     json_response(200, json::parse(R"({"data":{"user":{}},"error":)"
                                                    R"({"code":"ok","message":""}})")));
  EXPECT_EQ(ok.error, "");
  auto v1 = describe(post("/oauth/access_token", "", ""),
                     json_response(200, json::parse(R"({"data":{"error_code":10007,)"
                                                    R"("description":"d"},"message":"error"})")));
  EXPECT_EQ(v1.error, "10007");
  EXPECT_EQ(v1.error_description, "d");
  auto v1_info = describe(post("/user/info", "", ""),
                          json_response(200, json::parse(R"({"data":{},"error":{"code":10008,)"
                                                         R"("message":"m"}})")));
  EXPECT_EQ(v1_info.error, "10008");
  auto denied = describe(get("/v2/auth/authorize", "client_key=ck"),
                         redirect("https://a.example/cb?error=access_denied&error_description="
                                  "The+user+denied&state=s"));
  EXPECT_EQ(denied.status, 302);
  EXPECT_EQ(denied.error, "access_denied");
  EXPECT_EQ(denied.error_description, "The user denied");
  auto page = describe(get("/v2/auth/authorize", "client_key=ck"),
                       error_page(400, "t", "The \"redirect_uri\" is <bad>.", "x"));
  EXPECT_EQ(page.error_description, "The \"redirect_uri\" is <bad>.");
}

TEST(InspectorHints, EachV1EndpointNamesItsEndOfLifeAndTheV2CallToUse) {
  struct Case {
    const char* path;
    const char* instead;
  } cases[] = {
      {"/oauth/access_token", "use POST /v2/oauth/token/ with grant_type=authorization_code"},
      {"/oauth/refresh_token", "use POST /v2/oauth/token/ with grant_type=refresh_token"},
      {"/oauth/revoke", "use POST /v2/oauth/revoke/"},
      {"/user/info", "use GET /v2/user/info/"},
      {"/auth/authorize", "use GET /v2/auth/authorize/"},
      {"/platform/oauth/connect", "use GET /v2/auth/authorize/"},
  };
  for (const auto& c : cases) {
    auto r = describe(post(c.path, "", ""));
    ASSERT_EQ(r.hints.size(), 1U) << c.path;
    EXPECT_EQ(r.hints[0].find(std::string("v1 ") + c.path + " ends on 2024-02-29 for web apps"), 0U)
        << r.hints[0];
    EXPECT_NE(r.hints[0].find(c.instead), std::string::npos) << r.hints[0];
  }
  EXPECT_TRUE(describe(post("/v2/oauth/token", "", "")).hints.empty());
}

TEST(InspectorHints, AnUnregisteredRedirectUriSaysTheMatchingRule) {
  auto page = error_page(400, "This app cannot sign you in",
                         "The redirect_uri is not registered for this app.", "x");
  auto v2 = describe(get("/v2/auth/authorize", "client_key=ck"), page);
  ASSERT_EQ(v2.hints.size(), 1U);
  EXPECT_NE(v2.hints[0].find("must match a registered URI exactly (scheme, host, port, path; no "
                             "query"),
            std::string::npos);
  auto v1 = describe(get("/auth/authorize", "client_key=ck"), page);
  ASSERT_EQ(v1.hints.size(), 2U);  // and the v1 end of life
  EXPECT_NE(v1.hints[1].find("registered redirect domain"), std::string::npos);
  // Another failure of authorize gets no redirect hint.
  auto other = describe(get("/v2/auth/authorize", ""),
                        error_page(400, "t", "This app has not added Login Kit.", "x"));
  EXPECT_TRUE(other.hints.empty());
}

TEST(InspectorHints, AJsonBodyAtTheTokenEndpointIsToldToBeAForm) {
  auto r = describe(
      post("/v2/oauth/token", R"({"client_key":"ck","client_secret":"x"})", "application/json"));
  EXPECT_TRUE(r.json_body);
  EXPECT_EQ(param(r, "client_key"), "ck");
  EXPECT_EQ(param(r, "client_secret"), "••••");
  ASSERT_EQ(r.hints.size(), 1U);
  EXPECT_EQ(r.hints[0],
            "the token endpoint reads application/x-www-form-urlencoded; send the parameters as "
            "a form, not JSON");
  // v1 user info takes JSON (SPEC §3): no such hint there.
  auto v1 = describe(post("/user/info", R"({"access_token":"act.x","fields":["open_id"]})", ""));
  EXPECT_TRUE(v1.json_body);
  EXPECT_EQ(param(v1, "fields"), "open_id");
  EXPECT_EQ(v1.hints.size(), 1U);
}

TEST(InspectorLog, KeepsTheNewest500PerAppNewestFirst) {
  Inspector log;
  for (int i = 0; i < 510; ++i) {
    RequestRecord r;
    r.log_id = std::to_string(i);
    log.add("ck", std::move(r));
  }
  log.add("other", RequestRecord{});
  auto records = log.records("ck");
  ASSERT_EQ(records.size(), Inspector::kPerApp);
  EXPECT_EQ(records.front().log_id, "509");
  EXPECT_EQ(records.back().log_id, "10");
  EXPECT_EQ(log.records("other").size(), 1U);
  EXPECT_TRUE(log.records("nobody").empty());
}

TEST(InspectorLog, KeepsABoundedNumberOfAppsDroppingTheLeastRecentlyWritten) {
  Inspector log;
  for (std::size_t i = 0; i < Inspector::kMaxApps; ++i) log.add("app" + std::to_string(i), {});
  log.add("app0", {});  // app1 is now the oldest
  log.add("new", {});
  EXPECT_EQ(log.records("app0").size(), 2U);
  EXPECT_TRUE(log.records("app1").empty());
  EXPECT_EQ(log.records("new").size(), 1U);
}

class InspectorPage : public ::testing::Test {
 protected:
  void SetUp() override {
    app_.client_key = "ck";
    app_.name = "Demo <b>app</b>";
    auto hostile = get("/v2/oauth/token", "state=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
    hostile.body = std::string("client_secret=") + kSecret;
    hostile.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
    records_.push_back(
        describe(hostile, json_response(200, json::object{{"error", "invalid_client"},
                                                          {"error_description", "<img src=x>"}})));
    records_.push_back(describe(post("/oauth/access_token", "", "")));
  }
  App app_;
  std::vector<RequestRecord> records_;
};

TEST_F(InspectorPage, ListsRecordsWithStableHooksAndRefreshesItself) {
  auto page = inspector_response(get("/portal/apps/ck/inspector", ""), app_, records_);
  EXPECT_EQ(page.status, 200);
  const auto& html = page.body;
  EXPECT_NE(html.find(R"(<meta http-equiv="refresh" content="2">)"), std::string::npos);
  EXPECT_NE(html.find(R"(<table id="inspector">)"), std::string::npos);
  auto first = html.find(R"(data-endpoint="token" data-status="200" data-error="invalid_client")");
  auto second = html.find(R"(data-endpoint="v1_access_token" data-status="200" data-error="")");
  EXPECT_NE(first, std::string::npos);
  EXPECT_NE(second, std::string::npos);
  EXPECT_LT(first, second);  // in the order given: newest first
  EXPECT_NE(html.find("ends on 2024-02-29"), std::string::npos);
}

TEST_F(InspectorPage, EscapesEveryValueAndNeverShowsASecret) {
  auto page = inspector_response(get("/portal/apps/ck/inspector", ""), app_, records_);
  const auto& html = page.body;
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<b>app</b>"), std::string::npos);
  EXPECT_EQ(html.find(kSecret), std::string::npos);
}

TEST_F(InspectorPage, AnswersJsonForTests) {
  auto page = inspector_response(get("/portal/apps/ck/inspector", "format=json"), app_, records_);
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.body.find(kSecret), std::string::npos);
  auto body = json::parse(page.body).as_object();
  EXPECT_EQ(body.at("client_key"), "ck");
  const auto& list = body.at("records").as_array();
  ASSERT_EQ(list.size(), 2U);
  EXPECT_EQ(list[0].at("endpoint"), "token");
  EXPECT_EQ(list[0].at("error"), "invalid_client");
  EXPECT_EQ(list[1].at("api_version"), "v1");
}

}  // namespace
}  // namespace loginkit::sandbox
