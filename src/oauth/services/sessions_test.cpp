#include "oauth/services/sessions.hpp"

#include "core/crypto.hpp"
#include "oauth/services/service_test_fixture.hpp"

namespace loginkit::services {
namespace {

using Sessions = ServiceTest;

TEST_F(Sessions, StartedSessionIsFoundByItsCookieValue) {
  auto started = start_session(ctx(), 7, SessionKind::kUser);
  auto found = find_session(ctx(), started.cookie_value, SessionKind::kUser);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->user_id, 7);
  EXPECT_EQ(found->csrf, started.session.csrf);
  EXPECT_FALSE(found->csrf.empty());
  EXPECT_EQ(found->expires_at, clock_.now() + config_.session_ttl);
}

TEST_F(Sessions, OnlyTheHashOfTheCookieValueIsStored) {
  auto started = start_session(ctx(), 7, SessionKind::kUser);
  EXPECT_EQ(started.session.hash, crypto::sha256_hex(started.cookie_value));
  EXPECT_NE(started.session.hash, started.cookie_value);
  EXPECT_FALSE(store().sessions().find_session(started.cookie_value, clock_.now()));
}

TEST_F(Sessions, KindsDoNotCross) {
  auto dev = start_session(ctx(), 3, SessionKind::kDeveloper);
  auto user = start_session(ctx(), 3, SessionKind::kUser);
  EXPECT_FALSE(find_session(ctx(), dev.cookie_value, SessionKind::kUser));
  EXPECT_FALSE(find_session(ctx(), user.cookie_value, SessionKind::kDeveloper));
  EXPECT_TRUE(find_session(ctx(), dev.cookie_value, SessionKind::kDeveloper));
}

TEST_F(Sessions, UnknownEmptyAndExpiredValuesFindNothing) {
  EXPECT_FALSE(find_session(ctx(), "", SessionKind::kUser));
  EXPECT_FALSE(find_session(ctx(), "no-such-session", SessionKind::kUser));
  auto started = start_session(ctx(), 7, SessionKind::kUser);
  clock_.advance(config_.session_ttl + 1);
  EXPECT_FALSE(find_session(ctx(), started.cookie_value, SessionKind::kUser));
}

TEST_F(Sessions, PreSessionCsrfIsBoundToThePreValueAndTheServerKey) {
  auto token = pre_session_csrf(ctx(), "pre-value-0123456789");
  EXPECT_EQ(token, crypto::hmac_sha256_base64url(ctx().server_key, "pre:pre-value-0123456789"));
  EXPECT_NE(token, pre_session_csrf(ctx(), "pre-value-0123456788"));
  OAuthContext other{store(), clock_, config_, nullptr, "another-server-key-0123456789"};
  EXPECT_NE(token, pre_session_csrf(other, "pre-value-0123456789"));
}

TEST_F(Sessions, CsrfMatchesOnlyTheExpectedNonEmptyValue) {
  EXPECT_TRUE(csrf_matches("abc", std::string_view("abc")));
  EXPECT_FALSE(csrf_matches("abc", std::string_view("abd")));
  EXPECT_FALSE(csrf_matches("abc", std::string_view("")));
  EXPECT_FALSE(csrf_matches("abc", std::nullopt));
  EXPECT_FALSE(csrf_matches("", std::string_view("")));
}

TEST_F(Sessions, EndedSessionIsGone) {
  auto started = start_session(ctx(), 7, SessionKind::kUser);
  end_session(ctx(), started.session);
  EXPECT_FALSE(find_session(ctx(), started.cookie_value, SessionKind::kUser));
}

}  // namespace
}  // namespace loginkit::services
