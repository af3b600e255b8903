#include "api/account/session.hpp"

#include "core/crypto.hpp"

namespace loginkit::account {

namespace {

const char* cookie_name(SessionKind kind) {
  return kind == SessionKind::kDeveloper ? kDeveloperCookie : kSessionCookie;
}

}  // namespace

std::optional<Session> current_session(ApiContext& ctx, const Request& req, SessionKind kind) {
  auto header = req.header("cookie");
  if (!header) return std::nullopt;
  auto token = cookie_value(*header, cookie_name(kind));
  if (!token || token->empty()) return std::nullopt;
  auto session = ctx.oauth.store.find_session(crypto::sha256_hex(*token), ctx.oauth.clock.now());
  if (!session || session->kind != kind) return std::nullopt;
  return session;
}

std::string pre_cookie_of(const Request& req) {
  auto header = req.header("cookie");
  auto v = header ? cookie_value(*header, kPreCookie) : std::nullopt;
  return v ? *v : std::string();
}

std::string cookie(const Request& req, const std::string& name, const std::string& value,
                   std::int64_t max_age) {
  std::string c =
      name + "=" + value + "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" + std::to_string(max_age);
  if (req.tls) c += "; Secure";
  return c;
}

std::string start_session(ApiContext& ctx, const Request& req, Id user_id, SessionKind kind) {
  std::string token = crypto::random_token("");
  auto ttl = ctx.config.oauth.session_ttl;
  ctx.oauth.store.create_session(Session{crypto::sha256_hex(token), user_id,
                                         crypto::random_token(""), ctx.oauth.clock.now() + ttl,
                                         kind});
  return cookie(req, cookie_name(kind), token, ttl);
}

std::string clear_session_cookie(const Request& req, SessionKind kind) {
  return cookie(req, cookie_name(kind), "", 0);
}

std::string pre_session_csrf(ApiContext& ctx, const std::string& pre_cookie) {
  return crypto::hmac_sha256_base64url(ctx.oauth.server_key, "pre:" + pre_cookie);
}

bool csrf_matches(const std::string& expected, std::optional<std::string_view> presented) {
  return presented && !expected.empty() && crypto::constant_time_equal(expected, *presented);
}

}  // namespace loginkit::account
