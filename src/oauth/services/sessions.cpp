#include "oauth/services/sessions.hpp"

#include "core/crypto.hpp"

namespace loginkit::services {

StartedSession start_session(OAuthContext& ctx, Id account_id, SessionKind kind) {
  std::string value = crypto::random_token("");
  Session s{crypto::sha256_hex(value), account_id, crypto::random_token(""),
            ctx.clock.now() + ctx.config.session_ttl, kind};
  ctx.store.create_session(s);
  return StartedSession{std::move(value), std::move(s)};
}

std::optional<Session> find_session(OAuthContext& ctx, const std::string& cookie_value,
                                    SessionKind kind) {
  if (cookie_value.empty()) return std::nullopt;
  auto session = ctx.store.find_session(crypto::sha256_hex(cookie_value), ctx.clock.now());
  if (!session || session->kind != kind) return std::nullopt;
  return session;
}

void end_session(OAuthContext& ctx, const Session& session) {
  ctx.store.delete_session(session.hash);
}

}  // namespace loginkit::services
