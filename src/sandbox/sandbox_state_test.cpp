// SandboxState behind the real router on a memory store: faults armed through the admin routes
// answer real requests, revoke-grant and expire-token make real tokens fail the server's own
// validation, headless consent, and what the inspector records of real traffic.
#include "sandbox/sandbox_state.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <chrono>

#include "api/router.hpp"
#include "core/clock.hpp"
#include "oauth/app_registry.hpp"
#include "oauth/userinfo.hpp"
#include "store/memory/memory_store.hpp"

namespace loginkit::sandbox {
namespace {

namespace json = boost::json;

class SandboxStateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    api_.sandbox = &state_;
    User alice;
    alice.username = "alice";
    alice.password_hash = "h";
    store_.users().create_user(alice);
    Id dev = store_.developers().create_developer(Developer{0, "d@x", "d", "h", 0});
    auto out = create_app(api_.oauth, "test",
                          NewApp{"App",
                                 dev,
                                 parse_scopes("user.info.profile"),
                                 true,
                                 true,
                                 false,
                                 {{Platform::kWeb, "https://a.example/cb"}}});
    ASSERT_TRUE(out.ok());
    key_ = out.app.client_key;
    secret_ = out.client_secret;
  }

  Response send(Request req) {
    req.log_id = "LOG" + std::to_string(++requests_);
    return route_public(api_, req);
  }
  Response get(const std::string& path, const std::string& query) {
    Request r;
    r.method = "GET";
    r.path = path;
    r.query = query;
    return send(std::move(r));
  }
  Response post_form(const std::string& path, const std::string& body) {
    Request r;
    r.method = "POST";
    r.path = path;
    r.body = body;
    r.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
    return send(std::move(r));
  }
  Response admin(const std::string& method, const std::string& op, const std::string& body = "") {
    Request r;
    r.method = method;
    r.path = "/admin/v1/sandbox/" + op;
    r.body = body;
    return state_.admin(api_, r);
  }
  std::string authorize_query(const std::string& extra = "login_hint=sandbox:alice") const {
    return "client_key=" + key_ +
           "&response_type=code&scope=user.info.basic&redirect_uri=https%3A%2F%2Fa.example%2Fcb"
           "&state=s&" +
           extra;
  }
  static std::string location(const Response& r) {
    for (const auto& [k, v] : r.headers) {
      if (k == "Location") return v;
    }
    return "";
  }
  static json::object body(const Response& r) { return json::parse(r.body).as_object(); }

  // A real code flow: headless consent at authorize, then the token endpoint.
  std::pair<std::string, std::string> tokens() {
    auto at = location(get("/v2/auth/authorize", authorize_query()));
    auto start = at.find("code=") + 5;
    std::string code = at.substr(start, at.find('&', start) - start);
    auto r = post_form("/v2/oauth/token", "client_key=" + key_ + "&client_secret=" + secret_ +
                                              "&grant_type=authorization_code&code=" + code +
                                              "&redirect_uri=https%3A%2F%2Fa.example%2Fcb");
    auto b = body(r);
    EXPECT_TRUE(b.contains("access_token")) << r.body;
    if (!b.contains("access_token")) return {};
    return {std::string(b.at("access_token").as_string()),
            std::string(b.at("refresh_token").as_string())};
  }
  Response refresh(const std::string& token) {
    return post_form("/v2/oauth/token", "client_key=" + key_ + "&client_secret=" + secret_ +
                                            "&grant_type=refresh_token&refresh_token=" + token);
  }
  bool access_valid(const std::string& token) {
    return live_access_token(api_.oauth, v2_dialect(), token).ok();
  }
  std::string bogus_code_exchange_error() {
    auto r = post_form("/v2/oauth/token", "client_key=" + key_ + "&client_secret=" + secret_ +
                                              "&grant_type=authorization_code&code=nope"
                                              "&redirect_uri=https%3A%2F%2Fa.example%2Fcb");
    return std::string(body(r).at("error").as_string());
  }

  MemoryStore store_;
  AdjustableClock clock_;
  Config config_;
  ApiContext api_{OAuthContext{store_, clock_, config_.oauth, nullptr, "sandbox-test-key-0123"},
                  config_};
  SandboxState state_;
  std::string key_, secret_;
  int requests_ = 0;
};

TEST_F(SandboxStateTest, AFaultAnswersCountRequestsToItsEndpointOnly) {
  auto armed = admin("POST", "faults", R"({"endpoint":"token","count":2,"status":503})");
  ASSERT_EQ(armed.status, 201) << armed.body;
  EXPECT_EQ(body(armed).at("remaining"), 2);
  // Another endpoint meanwhile: served for real (RFC 7009: unknown token, 200 {}).
  auto revoke = post_form("/v2/oauth/revoke",
                          "client_key=" + key_ + "&client_secret=" + secret_ + "&token=x");
  EXPECT_EQ(revoke.status, 200);
  EXPECT_EQ(revoke.body, "{}");
  for (int i = 0; i < 2; ++i) {
    auto r = post_form("/v2/oauth/token", "grant_type=client_credentials");
    EXPECT_EQ(r.status, 503);
    EXPECT_EQ(body(r).at("error"), "temporarily_unavailable");
    EXPECT_TRUE(body(r).at("log_id").as_string().starts_with("LOG"));
  }
  EXPECT_EQ(bogus_code_exchange_error(), "invalid_grant");  // the real answer again
  EXPECT_TRUE(body(admin("GET", "faults")).at("faults").as_array().empty());
}

TEST_F(SandboxStateTest, FaultsOnOneEndpointApplyInTheOrderArmed) {
  admin("POST", "faults", R"({"endpoint":"token","error":"invalid_client"})");
  admin("POST", "faults", R"({"endpoint":"token","error":"server_error","status":500})");
  auto listed = body(admin("GET", "faults")).at("faults").as_array();
  ASSERT_EQ(listed.size(), 2U);
  EXPECT_EQ(listed[0].at("error"), "invalid_client");
  EXPECT_EQ(bogus_code_exchange_error(), "invalid_client");
  EXPECT_EQ(bogus_code_exchange_error(), "server_error");
  EXPECT_EQ(bogus_code_exchange_error(), "invalid_grant");
}

TEST_F(SandboxStateTest, ADelayWaitsThenServesOrFails) {
  using Clock = std::chrono::steady_clock;
  admin("POST", "faults", R"({"endpoint":"token","delay_ms":50})");
  auto start = Clock::now();
  EXPECT_EQ(bogus_code_exchange_error(), "invalid_grant");  // served normally after the wait
  EXPECT_GE(Clock::now() - start, std::chrono::milliseconds(50));
  admin("POST", "faults", R"({"endpoint":"user_info","delay_ms":50,"status":500})");
  start = Clock::now();
  auto r = get("/v2/user/info", "fields=open_id");
  EXPECT_GE(Clock::now() - start, std::chrono::milliseconds(50));
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(body(r).at("error").at("code"), "internal_error");
  start = Clock::now();
  get("/v2/user/info", "fields=open_id");
  EXPECT_LT(Clock::now() - start, std::chrono::milliseconds(50));
}

TEST_F(SandboxStateTest, V1FaultsAnswerInTheEnvelope) {
  admin("POST", "faults", R"({"endpoint":"v1_access_token","error":10013})");
  Request r;
  r.method = "POST";
  r.path = "/oauth/access_token";
  r.query = "client_key=" + key_ + "&client_secret=x&code=c&grant_type=authorization_code";
  auto out = send(r);
  EXPECT_EQ(out.status, 200);
  EXPECT_EQ(body(out).at("message"), "error");
  EXPECT_EQ(body(out).at("data").at("error_code"), 10013);
}

TEST_F(SandboxStateTest, AnAuthorizeErrorGoesByRedirectOnlyOnceTheRealChecksPass) {
  admin("POST", "faults", R"({"endpoint":"authorize","error":"server_error"})");
  // An unregistered redirect URI: the real error page, and the fault stays armed.
  auto page = get("/v2/auth/authorize", "client_key=" + key_ +
                                            "&response_type=code&scope=user.info.basic"
                                            "&redirect_uri=https%3A%2F%2Fevil.example%2Fcb");
  EXPECT_EQ(page.status, 400);
  EXPECT_EQ(body(admin("GET", "faults")).at("faults").as_array().size(), 1U);
  auto r = get("/v2/auth/authorize", authorize_query());
  EXPECT_EQ(r.status, 302);
  EXPECT_EQ(location(r).find("https://a.example/cb?error=server_error&error_description="), 0U)
      << location(r);
  EXPECT_NE(location(r).find("&state=s"), std::string::npos);
  EXPECT_TRUE(body(admin("GET", "faults")).at("faults").as_array().empty());
  admin("POST", "faults", R"({"endpoint":"v1_authorize","status":503})");
  EXPECT_EQ(get("/platform/oauth/connect", authorize_query()).status, 503);
}

TEST_F(SandboxStateTest, AdminRejectsBadRequestsInTheAdminErrorShape) {
  auto bad_json = admin("POST", "faults", "{nope");
  EXPECT_EQ(bad_json.status, 400);
  EXPECT_EQ(body(bad_json).at("error"), "invalid_json");
  for (const char* fault :
       {R"({"endpoint":"tokens","status":500})", R"({"endpoint":"token","status":500,"count":0})",
        R"({"endpoint":"token","error":"access_denied"})"}) {
    auto r = admin("POST", "faults", fault);
    EXPECT_EQ(r.status, 400) << fault;
    EXPECT_EQ(body(r).at("error"), "invalid_fault");
    EXPECT_FALSE(body(r).at("messages").as_array().empty());
  }
  EXPECT_EQ(admin("GET", "nothing").status, 404);
  admin("POST", "faults", R"({"endpoint":"token","status":500,"count":5})");
  auto cleared = admin("DELETE", "faults");
  EXPECT_EQ(body(cleared).at("cleared"), 1);
  EXPECT_EQ(bogus_code_exchange_error(), "invalid_grant");
}

TEST_F(SandboxStateTest, RevokeGrantDisconnectsTheUserAndKillsEveryToken) {
  auto [access, refresh_token] = tokens();
  ASSERT_TRUE(access_valid(access));
  auto r = admin("POST", "revoke-grant", R"({"client_key":")" + key_ + R"(","username":"alice"})");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(body(r).at("revoked"), true);
  EXPECT_FALSE(access_valid(access));
  EXPECT_EQ(body(refresh(refresh_token)).at("error"), "invalid_grant");
  EXPECT_EQ(admin("POST", "revoke-grant", R"({"client_key":")" + key_ + R"(","username":"alice"})")
                .status,
            404);
  EXPECT_EQ(
      admin("POST", "revoke-grant", R"({"client_key":")" + key_ + R"(","username":"bob"})").status,
      404);
  EXPECT_EQ(admin("POST", "revoke-grant", R"({"client_key":"nope","username":"alice"})").status,
            404);
}

TEST_F(SandboxStateTest, AnExpiredAccessTokenFailsWhileItsRefreshTokenStillWorks) {
  auto [access, refresh_token] = tokens();
  auto r = admin("POST", "expire-token", R"({"access_token":")" + access + R"("})");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(body(r).at("expired"), true);
  EXPECT_FALSE(access_valid(access));
  Request info;
  info.method = "GET";
  info.path = "/v2/user/info";
  info.query = "fields=open_id";
  info.headers.emplace_back("authorization", "Bearer " + access);
  EXPECT_EQ(body(send(info)).at("error").at("code"), "access_token_invalid");
  // As after a real expiry: the grant lives, the refresh token still works.
  auto renewed = body(refresh(refresh_token));
  ASSERT_TRUE(renewed.contains("access_token"));
  EXPECT_TRUE(access_valid(std::string(renewed.at("access_token").as_string())));
}

TEST_F(SandboxStateTest, AnExpiredRefreshTokenFailsWithoutRevokingTheGrant) {
  auto [access, refresh_token] = tokens();
  EXPECT_EQ(admin("POST", "expire-token", R"({"refresh_token":")" + refresh_token + R"("})").status,
            200);
  EXPECT_EQ(body(refresh(refresh_token)).at("error"), "invalid_grant");
  EXPECT_TRUE(access_valid(access));  // no reuse detection fired
  EXPECT_EQ(admin("POST", "expire-token", R"({"refresh_token":"rft.1.nothing"})").status, 404);
  EXPECT_EQ(admin("POST", "expire-token", R"({"access_token":"act.nothing"})").status, 404);
  EXPECT_EQ(admin("POST", "expire-token", R"({"refresh_token":")" + access + R"("})").status, 404);
  EXPECT_EQ(admin("POST", "expire-token", "{}").status, 400);
}

TEST(LoginHint, ReadsEachForm) {
  auto plain = read_login_hint("sandbox:alice");
  ASSERT_TRUE(plain.consent);
  EXPECT_EQ(plain.consent->username, "alice");
  EXPECT_TRUE(plain.consent->approve);
  EXPECT_TRUE(plain.consent->scopes.empty());
  auto deny = read_login_hint("sandbox:bob:deny");
  ASSERT_TRUE(deny.consent);
  EXPECT_FALSE(deny.consent->approve);
  auto narrowed = read_login_hint("sandbox:alice:approve:user.info.basic,video.list");
  ASSERT_TRUE(narrowed.consent);
  EXPECT_EQ(narrowed.consent->scopes, (std::vector<std::string>{"user.info.basic", "video.list"}));
  auto scopes_only = read_login_hint("Sandbox:alice:user.info.profile");
  ASSERT_TRUE(scopes_only.consent);
  EXPECT_TRUE(scopes_only.consent->approve);
  EXPECT_EQ(scopes_only.consent->scopes, (std::vector<std::string>{"user.info.profile"}));
}

TEST(LoginHint, OtherHintsAreNotTheSandboxsAndTyposAreMalformed) {
  for (const char* other : {"alice@example.com", "sandboxer", ""}) {
    auto r = read_login_hint(other);
    EXPECT_FALSE(r.consent) << other;
    EXPECT_EQ(r.problem, "") << other;
  }
  for (const char* typo : {"sandbox:", "sandbox:alice:aprove", "sandbox:alice:approve:bogus",
                           "sandbox:alice:", "sandbox:alice:deny:user.info.basic:x",
                           "sandbox:alice:user.info.basic:approve"}) {
    auto r = read_login_hint(typo);
    EXPECT_FALSE(r.consent) << typo;
    EXPECT_NE(r.problem.find("is malformed"), std::string::npos) << typo;
  }
  EXPECT_NE(read_login_hint("sandbox:alice:aprove").problem.find("\"aprove\""), std::string::npos);
}

TEST(HeadlessConsent, TheHintWinsThenTheSeedThenThePages) {
  SandboxState state({{"seeded", HeadlessConsent{"carol", false, {}}}});
  App seeded, plain;
  seeded.client_key = "seeded";
  plain.client_key = "plain";
  Params none, hinted, typo;
  hinted.add("login_hint", "sandbox:alice:deny");
  typo.add("login_hint", "sandbox:alice:aprove");
  EXPECT_EQ(state.headless_consent(seeded, none)->username, "carol");
  EXPECT_EQ(state.headless_consent(seeded, hinted)->username, "alice");
  EXPECT_EQ(state.headless_consent(plain, hinted)->username, "alice");
  EXPECT_FALSE(state.headless_consent(plain, none));
  // A typo is no consent at all, not even the seed's: the pages show, the inspector says why.
  EXPECT_FALSE(state.headless_consent(seeded, typo));
  state.set_app_consent("plain", HeadlessConsent{"dave", true, {"user.info.basic"}});
  EXPECT_EQ(state.headless_consent(plain, none)->username, "dave");
}

TEST_F(SandboxStateTest, TheInspectorRecordsRealTrafficPerAppWithFaultsAndHints) {
  auto [access, refresh_token] = tokens();
  admin("POST", "faults", R"({"endpoint":"user_info","error":"rate_limit_exceeded"})");
  Request info;
  info.method = "GET";
  info.path = "/v2/user/info";
  info.query = "fields=open_id";
  info.headers.emplace_back("authorization", "Bearer " + access);
  EXPECT_EQ(send(info).status, 429);
  get("/v2/auth/authorize", authorize_query("login_hint=sandbox:alice:aprove"));
  Request json_token;
  json_token.method = "POST";
  json_token.path = "/v2/oauth/token";
  json_token.headers.emplace_back("content-type", "application/json");
  json_token.body = R"({"client_key":")" + key_ + R"(","client_secret":")" + secret_ + R"("})";
  EXPECT_EQ(body(send(json_token)).at("error"), "invalid_request");
  App app;
  app.client_key = key_;
  Request page;
  page.query = "format=json";
  auto records = body(state_.inspector(api_, page, app)).at("records").as_array();
  ASSERT_EQ(records.size(), 5U);  // authorize, token, user info, authorize, token: newest first
  EXPECT_EQ(records[0].at("endpoint"), "token");
  EXPECT_EQ(records[0].at("error"), "invalid_request");
  EXPECT_NE(records[0].at("hints").as_array().at(0).as_string().find("not JSON"),
            std::string::npos);
  EXPECT_EQ(records[1].at("endpoint"), "authorize");
  EXPECT_NE(records[1].at("hints").as_array().at(0).as_string().find("aprove"), std::string::npos);
  // User info names no client: the token told the app.
  EXPECT_EQ(records[2].at("endpoint"), "user_info");
  EXPECT_EQ(records[2].at("error"), "rate_limit_exceeded");
  EXPECT_NE(records[2].at("fault").as_string().find("sandbox fault #"), std::string::npos);
  EXPECT_EQ(records[3].at("endpoint"), "token");
  EXPECT_EQ(records[3].at("status"), 200);
  auto html = state_.inspector(api_, Request{}, app).body;
  EXPECT_EQ(html.find(secret_), std::string::npos);
  EXPECT_EQ(html.find(access), std::string::npos);
  EXPECT_EQ(html.find(refresh_token), std::string::npos);
  EXPECT_EQ(admin("GET", "inspector/" + key_).status, 200);
}

}  // namespace
}  // namespace loginkit::sandbox
