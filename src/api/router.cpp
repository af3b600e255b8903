#include "api/router.hpp"

#include "api/account/account_pages.hpp"
#include "api/admin/admin_api.hpp"
#include "api/authorize_flow.hpp"
#include "api/ops_endpoints.hpp"
#include "api/portal/portal.hpp"
#include "api/responses.hpp"
#include "api/sandbox_hooks.hpp"
#include "api/v1/v1_endpoints.hpp"
#include "api/v2/v2_endpoints.hpp"

namespace loginkit {
namespace {

Response method_not_allowed(const Request& req) {
  return error_page(405, "Method not allowed", "This address does not accept " + req.method + ".",
                    req.log_id)
      .set("Allow", "GET, POST");
}

}  // namespace

Response route_ops(ApiContext& ctx, const Request& req) {
  const std::string& p = req.path;
  bool get = req.method == "GET" || req.method == "HEAD";
  if (p.starts_with("/admin/v1/")) return admin::handle(ctx, req);
  if (p == "/metrics" && get) return ops::metrics(ctx, req);
  if (p == "/healthz" && get) return ops::healthz(ctx, req);
  if (p == "/readyz" && get) return ops::readyz(ctx, req);
  return error_page(404, "Not found", "There is nothing at this address.", req.log_id);
}

namespace {

Response route_public_endpoints(ApiContext& ctx, const Request& req) {
  const std::string& p = req.path;
  bool get = req.method == "GET" || req.method == "HEAD";
  bool post = req.method == "POST";
  if (p == "/v2/oauth/token") return post ? v2::token(ctx, req) : method_not_allowed(req);
  if (p == "/v2/oauth/revoke") return post ? v2::revoke(ctx, req) : method_not_allowed(req);
  if (p == "/v2/oauth/introspect") return post ? v2::introspect(ctx, req) : method_not_allowed(req);
  if (p == "/v2/user/info") return get || post ? v2::user_info(ctx, req) : method_not_allowed(req);
  if (p == "/v2/auth/authorize") {
    if (get) return authorize_get(ctx, req, 2);
    return post ? authorize_post(ctx, req, 2) : method_not_allowed(req);
  }
  // SPEC §3: the legacy v1 API beside v2 (/platform/oauth/connect is what several v1 clients use).
  if (p == "/auth/authorize" || p == "/platform/oauth/connect") {
    if (get) return authorize_get(ctx, req, 1);
    return post ? authorize_post(ctx, req, 1) : method_not_allowed(req);
  }
  if (p == "/oauth/access_token")
    return post ? v1::access_token(ctx, req) : method_not_allowed(req);
  if (p == "/oauth/refresh_token")
    return post ? v1::refresh_token(ctx, req) : method_not_allowed(req);
  if (p == "/oauth/revoke") return post ? v1::revoke(ctx, req) : method_not_allowed(req);
  if (p == "/user/info") return post ? v1::user_info(ctx, req) : method_not_allowed(req);
  if (p == "/account/signin") {
    if (get) return account::signin_get(ctx, req);
    return post ? account::signin_post(ctx, req) : method_not_allowed(req);
  }
  if (p == "/account/signout" && post) return account::signout(ctx, req);
  if (p == "/account/apps" && get) return account::connected_apps(ctx, req);
  if (p == "/account/apps/disconnect" && post) return account::disconnect(ctx, req);
  if (p == "/portal" || p.starts_with("/portal/")) return portal::handle(ctx, req);
  if (p == "/" && get) return redirect("/account/apps");
  // Liveness stays public: a load balancer probes the port it sends traffic to, and the answer
  // says nothing but "the process answers". Readiness, metrics and the admin API do not.
  if (p == "/healthz" && get) return ops::healthz(ctx, req);
  if (ctx.config.http.public_ops) {
    if (p.starts_with("/admin/v1/") || p == "/metrics" || p == "/readyz")
      return route_ops(ctx, req);
  }
  if (p == "/.well-known/oauth-authorization-server" && get) {
    return ops::authorization_server_metadata(ctx, req);
  }
  return error_page(404, "Not found", "There is nothing at this address.", req.log_id);
}

}  // namespace

Response route_public(ApiContext& ctx, const Request& req) {
  if (ctx.sandbox == nullptr) return route_public_endpoints(ctx, req);
  // The sandbox (issue 16): an armed fault answers instead of the endpoint, and the inspector
  // sees every answer, faulted or not.
  Response r;
  if (auto fault = ctx.sandbox->fault_for(ctx, req)) {
    r = std::move(*fault);
  } else {
    r = route_public_endpoints(ctx, req);
  }
  ctx.sandbox->observe(req, r);
  return r;
}

}  // namespace loginkit
