#include "api/account/session.hpp"
#include "api/portal/portal.hpp"
#include "api/portal/portal_actions.hpp"
#include "api/portal/portal_apps.hpp"
#include "api/portal/portal_auth.hpp"
#include "api/responses.hpp"
#include "api/sandbox_hooks.hpp"
#include "oauth/services/app_directory.hpp"

namespace loginkit::portal {
namespace {

Response not_found(const Request& req) {
  return error_page(404, "Not found", "There is nothing at this address.", req.log_id);
}

Response app_routes(ApiContext& ctx, const Request& req, const SignedIn& who,
                    std::string_view rest) {
  auto slash = rest.find('/');
  std::string key(rest.substr(0, slash));
  std::string_view action = slash == std::string_view::npos ? "" : rest.substr(slash + 1);
  auto app = services::find_developer_app(ctx.oauth, who.developer.id, key);
  if (!app) return not_found(req);
  bool get = req.method == "GET" || req.method == "HEAD";
  if (action.empty() && get) return app_page(ctx, who, *app);
  if (action == "inspector" && get && ctx.sandbox != nullptr)
    return ctx.sandbox->inspector(ctx, req, *app);
  if (action == "rotate-secret" && get) {
    return page("portal_rotate", "Rotate secret",
                {{"name", app->name}, {"client_key", app->client_key}, {"csrf", who.session.csrf}},
                &who);
  }
  if (req.method == "POST" && !action.empty())
    return app_action(ctx, req, who, std::move(*app), action);
  return not_found(req);
}

}  // namespace

Response handle(ApiContext& ctx, const Request& req) {
  const std::string& p = req.path;
  if (p == "/portal/signup") return signup(ctx, req);
  if (p == "/portal/signin") return signin(ctx, req);
  if (p == "/portal/signout" && req.method == "POST") return signout(ctx, req);
  auto who = signed_in(ctx, req);
  if (!who) return to_signin(req);
  if (p == "/portal" || (p == "/portal/apps" && req.method != "POST")) {
    return p == "/portal" ? redirect("/portal/apps", 303) : apps_list(ctx, req, *who);
  }
  if (p == "/portal/apps") {
    auto form = parse_form(req.body);
    if (!form || !account::csrf_matches(who->session.csrf, form->get("csrf"))) return forged(req);
    return create_app_page(ctx, req, *who, *form);
  }
  if (p.starts_with("/portal/apps/"))
    return app_routes(ctx, req, *who, std::string_view(p).substr(13));
  return not_found(req);
}

}  // namespace loginkit::portal
