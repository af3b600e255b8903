// Form posts that change an app. Each goes through the app registry, so the portal enforces the
// same rules as the CLI and admin API and saves nothing when a rule is broken.
#include "api/portal/portal_actions.hpp"

#include "api/account/session.hpp"
#include "api/portal/portal_apps.hpp"
#include "api/responses.hpp"
#include "oauth/app_registry.hpp"

namespace loginkit::portal {
namespace {

Response back_to(const App& app) {
  return redirect("/portal/apps/" + app.client_key, 303);
}

Response after(ApiContext& ctx, const SignedIn& who, const App& app, const RegistryOutcome& out,
               PageErrors errors) {
  if (out.ok()) return back_to(out.app);
  if (errors.platform.empty()) {
    errors.domain_messages = out.messages;
  } else {
    errors.messages = out.messages;
  }
  return app_page(ctx, who, app, errors, 400);
}

Response redirect_uri_action(ApiContext& ctx, const SignedIn& who, const App& app,
                             const Params& form, std::string_view verb) {
  auto platform = parse_platform(form.get_or("platform"));
  if (!platform) return app_page(ctx, who, app, {}, 400);
  std::string uri = form.get_or("uri"), old_uri = form.get_or("old_uri");
  if (verb == "remove")
    return after(ctx, who, app, remove_redirect_uri(ctx.oauth, actor_of(who), app, *platform, uri),
                 {});
  PageErrors errors;
  errors.platform = platform_name(*platform);
  errors.old_uri = verb == "edit" ? old_uri : "";
  errors.value = uri;
  auto out = verb == "edit"
                 ? replace_redirect_uri(ctx.oauth, actor_of(who), app, *platform, old_uri, uri)
                 : add_redirect_uri(ctx.oauth, actor_of(who), app, *platform, uri);
  return after(ctx, who, app, out, errors);
}

Response login_kit_action(ApiContext& ctx, const SignedIn& who, const App& app,
                          const Params& form) {
  bool add = form.get_or("action") == "add";
  // Only the switch this form changes; the others keep their current values.
  std::optional<bool> login_kit = add ? std::optional(true) : std::nullopt;
  std::optional<bool> web = add ? std::nullopt : std::optional(form.get_or("web") == "on");
  return after(ctx, who, app,
               set_login_kit(ctx.oauth, actor_of(who), app, login_kit, web, std::nullopt), {});
}

Response scopes_action(ApiContext& ctx, const SignedIn& who, const App& app, const Params& form) {
  ScopeList scopes;
  for (auto s : form.all("scope")) scopes.emplace_back(s);
  std::sort(scopes.begin(), scopes.end());
  scopes.erase(std::unique(scopes.begin(), scopes.end()), scopes.end());
  return after(ctx, who, app, set_scopes(ctx.oauth, actor_of(who), app, scopes), {});
}

Response domain_action(ApiContext& ctx, const SignedIn& who, const App& app, const Params& form,
                       std::string_view verb) {
  std::string domain = form.get_or("domain");
  PageErrors errors;
  errors.domain_value = domain;
  auto out = verb == "remove" ? remove_legacy_domain(ctx.oauth, actor_of(who), app, domain)
                              : add_legacy_domain(ctx.oauth, actor_of(who), app, domain);
  return after(ctx, who, app, out, errors);
}

}  // namespace

Response app_action(ApiContext& ctx, const Request& req, const SignedIn& who, App app,
                    std::string_view action) {
  auto form = parse_form(req.body);
  if (!form || !account::csrf_matches(who.session.csrf, form->get("csrf"))) return forged(req);
  if (action == "scopes") return scopes_action(ctx, who, app, *form);
  if (action == "login-kit") return login_kit_action(ctx, who, app, *form);
  if (action == "redirect-uris") return redirect_uri_action(ctx, who, app, *form, "add");
  if (action == "redirect-uris/edit") return redirect_uri_action(ctx, who, app, *form, "edit");
  if (action == "redirect-uris/remove") return redirect_uri_action(ctx, who, app, *form, "remove");
  if (action == "legacy-domains") return domain_action(ctx, who, app, *form, "add");
  if (action == "legacy-domains/remove") return domain_action(ctx, who, app, *form, "remove");
  if (action == "rotate-secret") {
    if (form->get_or("confirm") != "yes") return back_to(app);
    auto out = rotate_secret(ctx.oauth, actor_of(who), std::move(app));
    return secret_page(out.app, out.client_secret, "Client secret rotated", who);
  }
  return error_page(404, "Not found", "There is nothing at this address.", req.log_id);
}

}  // namespace loginkit::portal
