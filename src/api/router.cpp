#include "api/router.hpp"

#include "api/account/account_pages.hpp"
#include "api/admin/admin_api.hpp"
#include "api/responses.hpp"
#include "api/v2/v2_endpoints.hpp"

namespace loginkit {
namespace {

Response method_not_allowed(const Request& req) {
  return error_page(405, "Method not allowed", "This address does not accept " + req.method + ".",
                    req.log_id)
      .set("Allow", "GET, POST");
}

}  // namespace

Response route(ApiContext& ctx, const Request& req) {
  const std::string& p = req.path;
  bool get = req.method == "GET" || req.method == "HEAD";
  bool post = req.method == "POST";
  if (p == "/v2/oauth/token") return post ? v2::token(ctx, req) : method_not_allowed(req);
  if (p == "/v2/oauth/revoke") return post ? v2::revoke(ctx, req) : method_not_allowed(req);
  if (p == "/v2/user/info") return get || post ? v2::user_info(ctx, req) : method_not_allowed(req);
  if (p == "/v2/auth/authorize") {
    if (get) return v2::authorize_get(ctx, req);
    return post ? v2::authorize_post(ctx, req) : method_not_allowed(req);
  }
  if (p == "/account/signin") {
    if (get) return account::signin_get(ctx, req);
    return post ? account::signin_post(ctx, req) : method_not_allowed(req);
  }
  if (p == "/account/signout" && post) return account::signout(ctx, req);
  if (p == "/account/apps" && get) return account::connected_apps(ctx, req);
  if (p == "/account/apps/disconnect" && post) return account::disconnect(ctx, req);
  if (p.starts_with("/admin/v1/")) return admin::handle(ctx, req);
  if (p == "/" && get) return redirect("/account/apps");
  return error_page(404, "Not found", "There is nothing at this address.", req.log_id);
}

}  // namespace loginkit
