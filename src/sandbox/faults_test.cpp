// Faults: what the admin API accepts, how the board spends them, and that each answer is the
// endpoint's own wire format (rendered by the server's error writers).
#include "sandbox/faults.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "core/clock.hpp"
#include "store/memory/memory_store.hpp"

namespace loginkit::sandbox {
namespace {

namespace json = boost::json;

std::variant<FaultSpec, std::vector<std::string>> parse(std::string_view body) {
  return parse_fault(json::parse(body).as_object());
}

std::string problems_of(std::string_view body) {
  auto parsed = parse(body);
  const auto* problems = std::get_if<std::vector<std::string>>(&parsed);
  if (problems == nullptr) return "";
  std::string all;
  for (const auto& p : *problems) all += p + "\n";
  return all;
}

TEST(FaultParse, ReadsEveryField) {
  constexpr std::string_view kBody =
      R"({"endpoint":"token","count":3,"error":"invalid_grant","error_description":"x",)"
      R"("status":418,"delay_ms":20})";
  auto parsed = parse(kBody);
  ASSERT_TRUE(std::holds_alternative<FaultSpec>(parsed)) << problems_of(kBody);
  const auto& spec = std::get<FaultSpec>(parsed);
  EXPECT_EQ(spec.endpoint, "token");
  EXPECT_EQ(spec.count, 3);
  EXPECT_EQ(spec.error, "invalid_grant");
  EXPECT_EQ(spec.error_description, "x");
  EXPECT_EQ(spec.status, 418);
  EXPECT_EQ(spec.delay_ms, 20);
}

TEST(FaultParse, CountDefaultsToOneAndStaysWithinOneToAThousand) {
  auto parsed = parse(R"({"endpoint":"revoke","status":500})");
  ASSERT_TRUE(std::holds_alternative<FaultSpec>(parsed));
  EXPECT_EQ(std::get<FaultSpec>(parsed).count, 1);
  EXPECT_TRUE(std::holds_alternative<FaultSpec>(
      parse(R"({"endpoint":"token","count":1000,"status":500})")));
  for (const char* count : {"0", "1001", "-1", "1.5", "\"2\""}) {
    std::string body = std::string(R"({"endpoint":"token","status":500,"count":)") + count + "}";
    EXPECT_NE(problems_of(body).find("count must be a whole number from 1 to 1000"),
              std::string::npos)
        << body;
  }
}

TEST(FaultParse, RejectsUnknownEndpointsAndNamesTheKnownOnes) {
  auto problems = problems_of(R"({"endpoint":"oauth_token","status":500})");
  EXPECT_NE(problems.find("endpoint must be one of: token, revoke, user_info, authorize, "
                          "v1_access_token, v1_refresh_token, v1_revoke, v1_user_info, "
                          "v1_authorize"),
            std::string::npos)
      << problems;
}

TEST(FaultParse, AnErrorMustBeOneSpecGivesThatEndpoint) {
  // A user-info code at the token endpoint, a token code at user info, a v2 code on v1.
  auto token = problems_of(R"({"endpoint":"token","error":"access_token_invalid"})");
  EXPECT_NE(token.find("use one of: invalid_request, invalid_client, invalid_grant"),
            std::string::npos)
      << token;
  EXPECT_NE(problems_of(R"({"endpoint":"user_info","error":"invalid_grant"})")
                .find("access_token_invalid, scope_permission_missed"),
            std::string::npos);
  EXPECT_NE(problems_of(R"({"endpoint":"v1_access_token","error":"invalid_grant"})").find("10007"),
            std::string::npos);
  EXPECT_NE(problems_of(R"({"endpoint":"v1_refresh_token","error":10013})"), "");
  // v1 codes as numbers or digit strings.
  EXPECT_EQ(problems_of(R"({"endpoint":"v1_access_token","error":10007})"), "");
  EXPECT_EQ(problems_of(R"({"endpoint":"v1_user_info","error":"10008"})"), "");
  EXPECT_EQ(problems_of(R"({"endpoint":"authorize","error":"access_denied"})"), "");
  EXPECT_NE(problems_of(R"({"endpoint":"authorize","error":"temporarily_unavailable"})"), "");
}

TEST(FaultParse, RejectsWhatWouldSilentlyDoNothingOrTheWrongThing) {
  EXPECT_NE(problems_of(R"({"endpoint":"token"})").find("at least one of error, status, delay_ms"),
            std::string::npos);
  EXPECT_NE(problems_of(R"({"endpoint":"token","delay":50})").find("unknown field \"delay\""),
            std::string::npos);
  EXPECT_NE(problems_of(R"({"endpoint":"token","status":302})").find("status must be"),
            std::string::npos);
  EXPECT_NE(problems_of(R"({"endpoint":"token","status":600})"), "");
  EXPECT_NE(problems_of(R"({"endpoint":"token","delay_ms":30001})").find("delay_ms must be"),
            std::string::npos);
  EXPECT_NE(problems_of(R"({"endpoint":"authorize","error":"access_denied","status":500})")
                .find("delivered by redirect"),
            std::string::npos);
}

FaultSpec on(std::string endpoint, std::int64_t count, int status = 500) {
  FaultSpec s;
  s.endpoint = std::move(endpoint);
  s.count = count;
  s.status = status;
  return s;
}

TEST(FaultBoard, SpendsAFaultCountTimesThenForgetsIt) {
  FaultBoard board;
  auto armed = board.arm(on("token", 2));
  ASSERT_TRUE(armed);
  EXPECT_EQ(armed->remaining, 2);
  EXPECT_FALSE(board.take("revoke"));
  auto first = board.take("token");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->id, armed->id);
  EXPECT_EQ(board.list().at(0).remaining, 1);
  EXPECT_TRUE(board.take("token"));
  EXPECT_FALSE(board.take("token"));
  EXPECT_TRUE(board.list().empty());
}

TEST(FaultBoard, FaultsOnOneEndpointApplyInTheOrderArmed) {
  FaultBoard board;
  auto a = board.arm(on("token", 2, 500));
  auto other = board.arm(on("user_info", 1, 503));
  auto b = board.arm(on("token", 1, 503));
  EXPECT_EQ(board.take("token")->id, a->id);
  EXPECT_EQ(board.take("token")->id, a->id);
  EXPECT_EQ(board.take("token")->id, b->id);
  EXPECT_FALSE(board.take("token"));
  EXPECT_EQ(board.take("user_info")->id, other->id);
}

TEST(FaultBoard, PeekSpendsNothingAndConsumeFailsOnceTheFaultIsGone) {
  FaultBoard board;
  auto a = board.arm(on("authorize", 1));
  EXPECT_EQ(board.peek("authorize")->id, a->id);
  EXPECT_EQ(board.peek("authorize")->remaining, 1);
  EXPECT_TRUE(board.consume(a->id));
  EXPECT_FALSE(board.consume(a->id));
  EXPECT_FALSE(board.peek("authorize"));
}

TEST(FaultBoard, ClearDisarmsEverythingAndArmingIsBounded) {
  FaultBoard board;
  for (std::size_t i = 0; i < FaultBoard::kMaxArmed; ++i) ASSERT_TRUE(board.arm(on("token", 1)));
  EXPECT_FALSE(board.arm(on("token", 1)));
  board.clear();
  EXPECT_TRUE(board.list().empty());
  EXPECT_TRUE(board.arm(on("token", 1)));
}

TEST(FaultEndpoints, PathsMapAsTheRouterRoutesThem) {
  auto name = [](const char* path) {
    const auto* ep = fault_endpoint_of_path(path);
    return ep == nullptr ? std::string("-") : std::string(ep->name);
  };
  EXPECT_EQ(name("/v2/oauth/token"), "token");
  EXPECT_EQ(name("/v2/oauth/revoke"), "revoke");
  EXPECT_EQ(name("/v2/user/info"), "user_info");
  EXPECT_EQ(name("/v2/auth/authorize"), "authorize");
  EXPECT_EQ(name("/oauth/access_token"), "v1_access_token");
  EXPECT_EQ(name("/oauth/refresh_token"), "v1_refresh_token");
  EXPECT_EQ(name("/oauth/revoke"), "v1_revoke");
  EXPECT_EQ(name("/user/info"), "v1_user_info");
  EXPECT_EQ(name("/auth/authorize"), "v1_authorize");
  EXPECT_EQ(name("/platform/oauth/connect"), "v1_authorize");
  EXPECT_EQ(name("/v2/oauth/introspect"), "-");
  EXPECT_EQ(name("/portal/apps"), "-");
}

// The answers, through a real ApiContext (the error-status setting lives in its config).
class FaultAnswer : public ::testing::Test {
 protected:
  Response answer(const std::string& endpoint, const std::string& body) {
    auto spec = std::get<FaultSpec>(parse_fault(json::parse(body).as_object()));
    Request req;
    req.log_id = "20240101000000ABCDEF0123456789ABCDEF";
    return fault_response(api_, req, *fault_endpoint(endpoint), spec);
  }
  static json::object body_of(const Response& r) { return json::parse(r.body).as_object(); }
  static std::string header(const Response& r, std::string_view name) {
    for (const auto& [k, v] : r.headers) {
      if (iequals(k, name)) return v;
    }
    return "<none>";
  }

  MemoryStore store_;
  AdjustableClock clock_;
  Config config_;
  ApiContext api_{OAuthContext{store_, clock_, config_.oauth, nullptr, "k"}, config_};
};

TEST_F(FaultAnswer, V2TokenErrorIsFlatJsonWithLogIdAtTheConfiguredStatus) {
  auto r = answer("token", R"({"endpoint":"token","error":"invalid_grant"})");
  EXPECT_EQ(r.status, 200);  // SPEC §2.2 decided: the platform's 200
  EXPECT_EQ(r.body, R"({"error":"invalid_grant","error_description":"Authorization code is )"
                    R"(invalid or expired.","log_id":"20240101000000ABCDEF0123456789ABCDEF"})");
  EXPECT_EQ(header(r, "Content-Type"), "application/json");
  EXPECT_EQ(header(r, "Cache-Control"), "no-store");
  config_.oauth.error_status = ErrorStatusMode::kRfc;
  EXPECT_EQ(answer("token", R"({"endpoint":"token","error":"invalid_grant"})").status, 400);
  auto client = answer("revoke", R"({"endpoint":"revoke","error":"invalid_client"})");
  EXPECT_EQ(client.status, 401);
  EXPECT_EQ(header(client, "WWW-Authenticate"), "Basic realm=\"loginkit\"");
}

TEST_F(FaultAnswer, AStatusAloneAnswersWithTheCodeSpecNamesForIt) {
  auto unavailable = answer("token", R"({"endpoint":"token","status":503})");
  EXPECT_EQ(unavailable.status, 503);
  EXPECT_EQ(body_of(unavailable).at("error"), "temporarily_unavailable");
  EXPECT_EQ(header(unavailable, "Retry-After"), "1");
  auto broken = answer("token", R"({"endpoint":"token","status":500,"error_description":"boom"})");
  EXPECT_EQ(broken.status, 500);
  EXPECT_EQ(body_of(broken).at("error"), "server_error");
  EXPECT_EQ(body_of(broken).at("error_description"), "boom");
  EXPECT_EQ(header(broken, "WWW-Authenticate"), "<none>");
  // An explicit status wins over the error-status setting.
  auto grant = answer("token", R"({"endpoint":"token","error":"invalid_grant","status":400})");
  EXPECT_EQ(grant.status, 400);
}

TEST_F(FaultAnswer, V2UserInfoErrorHasTheDataAndErrorEnvelope) {
  auto r = answer("user_info", R"({"endpoint":"user_info","error":"access_token_invalid"})");
  EXPECT_EQ(r.status, 401);
  auto body = body_of(r);
  EXPECT_TRUE(body.at("data").as_object().empty());
  EXPECT_EQ(body.at("error").at("code"), "access_token_invalid");
  EXPECT_EQ(body.at("error").at("log_id"), "20240101000000ABCDEF0123456789ABCDEF");
  EXPECT_NE(header(r, "WWW-Authenticate"), "<none>");
  auto down = answer("user_info", R"({"endpoint":"user_info","status":500})");
  EXPECT_EQ(down.status, 500);
  EXPECT_EQ(body_of(down).at("error").at("code"), "internal_error");
  EXPECT_EQ(answer("user_info", R"({"endpoint":"user_info","status":429})").status, 429);
}

TEST_F(FaultAnswer, V1AnswersAreTheEnvelopeAtHttp200) {
  auto r = answer("v1_access_token", R"({"endpoint":"v1_access_token","error":10007})");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"data":{"error_code":10007,"description":"The authorization code is )"
                    R"(invalid or expired.","captcha":"","desc_url":""},"message":"error"})");
  EXPECT_EQ(header(r, "X-Tt-Logid"), "20240101000000ABCDEF0123456789ABCDEF");
  auto info = answer("v1_user_info", R"({"endpoint":"v1_user_info","error":"10008"})");
  EXPECT_EQ(info.status, 200);
  EXPECT_EQ(body_of(info).at("error").at("code"), 10008);
  EXPECT_TRUE(body_of(info).at("data").as_object().empty());
  auto outage = answer("v1_revoke", R"({"endpoint":"v1_revoke","status":503})");
  EXPECT_EQ(outage.status, 503);
  EXPECT_EQ(body_of(outage).at("data").at("error_code"), 10004);
}

TEST_F(FaultAnswer, AuthorizeStatusIsAnErrorPageNeverARedirect) {
  auto r = answer("authorize", R"({"endpoint":"authorize","status":503})");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(header(r, "Location"), "<none>");
  EXPECT_NE(header(r, "Content-Type").find("text/html"), std::string::npos);
  EXPECT_NE(r.body.find("Service unavailable"), std::string::npos);
}

}  // namespace
}  // namespace loginkit::sandbox
