#include "oauth/services/sessions.hpp"

#include "core/crypto.hpp"

namespace loginkit::services {

StartedSession start_session(OAuthContext& ctx, Id account_id, SessionKind kind) {
  std::string value = crypto::random_token("");
  Session s{crypto::sha256_hex(value), account_id, crypto::random_token(""),
            ctx.clock.now() + ctx.config.session_ttl, kind};
  ctx.store.sessions().create_session(s);
  return StartedSession{std::move(value), std::move(s)};
}

std::optional<Session> find_session(OAuthContext& ctx, const std::string& cookie_value,
                                    SessionKind kind) {
  if (cookie_value.empty()) return std::nullopt;
  auto session =
      ctx.store.sessions().find_session(crypto::sha256_hex(cookie_value), ctx.clock.now());
  if (!session || session->kind != kind) return std::nullopt;
  return session;
}

void end_session(OAuthContext& ctx, const Session& session) {
  ctx.store.sessions().delete_session(session.hash);
}

std::string pre_session_csrf(const OAuthContext& ctx, const std::string& pre_value) {
  return crypto::hmac_sha256_base64url(ctx.server_key, "pre:" + pre_value);
}

bool csrf_matches(const std::string& expected, std::optional<std::string_view> presented) {
  return presented && !expected.empty() && crypto::constant_time_equal(expected, *presented);
}

}  // namespace loginkit::services
