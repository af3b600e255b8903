#include "api/account/session.hpp"

#include "core/crypto.hpp"

namespace loginkit::account {

namespace {

const char* session_cookie(SessionKind kind) {
  return kind == SessionKind::kDeveloper ? kDeveloperCookie : kSessionCookie;
}

bool secure_origin(const ApiContext& ctx, const Request& req) {
  return req.tls || ctx.config.issuer.starts_with("https://");
}

}  // namespace

std::string cookie_name(const ApiContext& ctx, const Request& req, std::string_view base) {
  return (secure_origin(ctx, req) ? "__Host-" : "") + std::string(base);
}

std::optional<Session> current_session(ApiContext& ctx, const Request& req, SessionKind kind) {
  auto header = req.header("cookie");
  if (!header) return std::nullopt;
  auto token = cookie_value(*header, cookie_name(ctx, req, session_cookie(kind)));
  if (!token || token->empty()) return std::nullopt;
  auto session =
      ctx.oauth.store.sessions().find_session(crypto::sha256_hex(*token), ctx.oauth.clock.now());
  if (!session || session->kind != kind) return std::nullopt;
  return session;
}

std::string pre_cookie_of(const ApiContext& ctx, const Request& req) {
  auto header = req.header("cookie");
  auto v = header ? cookie_value(*header, cookie_name(ctx, req, kPreCookie)) : std::nullopt;
  return v ? *v : std::string();
}

std::string cookie(const ApiContext& ctx, const Request& req, std::string_view base,
                   const std::string& value, std::int64_t max_age) {
  // Path=/ and no Domain: both are required of a __Host- cookie.
  std::string c = cookie_name(ctx, req, base) + "=" + value +
                  "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" + std::to_string(max_age);
  if (secure_origin(ctx, req)) c += "; Secure";
  return c;
}

std::string start_session(ApiContext& ctx, const Request& req, Id user_id, SessionKind kind) {
  std::string token = crypto::random_token("");
  auto ttl = ctx.config.oauth.session_ttl;
  ctx.oauth.store.sessions().create_session(Session{crypto::sha256_hex(token), user_id,
                                                    crypto::random_token(""),
                                                    ctx.oauth.clock.now() + ttl, kind});
  return cookie(ctx, req, session_cookie(kind), token, ttl);
}

std::string clear_session_cookie(const ApiContext& ctx, const Request& req, SessionKind kind) {
  return cookie(ctx, req, session_cookie(kind), "", 0);
}

std::string pre_session_csrf(ApiContext& ctx, const std::string& pre_cookie) {
  return crypto::hmac_sha256_base64url(ctx.oauth.server_key, "pre:" + pre_cookie);
}

bool csrf_matches(const std::string& expected, std::optional<std::string_view> presented) {
  return presented && !expected.empty() && crypto::constant_time_equal(expected, *presented);
}

}  // namespace loginkit::account
