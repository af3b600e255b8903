#include "api/authorize_flow.hpp"

#include "api/account/session.hpp"
#include "api/responses.hpp"
#include "api/sandbox_hooks.hpp"
#include "oauth/authorize.hpp"
#include "oauth/dialect.hpp"
#include "oauth/services/accounts.hpp"
#include "web/templates.hpp"

namespace loginkit {
namespace {

// The authorize parameters a consent form carries through to its POST.
constexpr const char* kCarried[] = {"client_key",
                                    "response_type",
                                    "scope",
                                    "redirect_uri",
                                    "state",
                                    "code_challenge",
                                    "code_challenge_method",
                                    "disable_auto_auth"};

const char* scope_description(std::string_view scope) {
  if (scope == "user.info.basic") return "Read your profile info (avatar, display name)";
  if (scope == "user.info.profile")
    return "Read your profile details (bio, username, verified badge)";
  if (scope == "user.info.stats") return "Read your follower, following, like and video counts";
  if (scope == "video.list") return "Read your public videos";
  if (scope == "video.publish") return "Publish videos to your account";
  if (scope == "video.upload") return "Upload videos as drafts to your account";
  return "Additional access";
}

Response failure_response(const Request& req, const AuthorizeFailure& f) {
  if (!f.redirectable()) {
    return error_page(400, "This app cannot sign you in", f.error.description, req.log_id);
  }
  return redirect(error_redirect(f));
}

Response consent_page(ApiContext& ctx, const Request& req, const Params& params,
                      const AuthorizeRequest& ar, const Session& session) {
  std::string action(ar.dialect->authorize_path());
  web::List hidden, scopes;
  for (const char* name : kCarried) {
    if (auto v = params.get(name)) hidden.push_back({{"name", name}, {"value", std::string(*v)}});
  }
  for (const auto& s : ar.scopes) {
    scopes.push_back(
        {{"scope", s}, {"description", scope_description(s)}, {"required", s == kBasicScope}});
  }
  auto user = services::find_user(ctx.oauth, session.user_id);
  web::Values v{{"app_name", ar.app.name}, {"username", user ? user->username : ""},
                {"csrf", session.csrf},    {"hidden", hidden},
                {"scopes", scopes},        {"redirect_uri", ar.redirect_uri.str()},
                {"action", action}};
  return html_response(200, web::render_page("consent", "Authorize " + ar.app.name, v));
}

// What an authorization attempt was about, for the dialect's call counters (SPEC §5).
CallTrace authorize_trace(const AuthorizeCheck& check) {
  CallTrace call;
  call.endpoint = "authorize";
  if (auto* f = std::get_if<AuthorizeFailure>(&check)) {
    call.app_id = f->app_id;
    if (f->platform) call.platform = platform_name(*f->platform);
    call.outcome = f->policy_rule.empty() ? "failed" : "refused";
  } else {
    const auto& ar = std::get<AuthorizeRequest>(check);
    call.app_id = ar.app.id;
    call.platform = platform_name(ar.platform);
    call.outcome = "accepted";
  }
  return call;
}

// The sandbox's consent without a browser (issue 16): the same approval or denial the consent
// form's POST makes, for the test user the seed or the request's login hint names.
Response headless_decision(ApiContext& ctx, const Request& req, const AuthorizeRequest& ar,
                           const HeadlessConsent& consent) {
  auto user = ctx.oauth.store.users().find_user_by_name(consent.username);
  if (!user) {
    return error_page(400, "Unknown sandbox user",
                      "The sandbox has no test user named \"" + consent.username +
                          "\" (see the seed file's [[users]]).",
                      req.log_id);
  }
  Response r;
  if (!consent.approve) {
    r = redirect(access_denied_redirect(ar));
  } else {
    std::vector<std::string_view> ticked;
    for (const auto& s : consent.scopes.empty() ? ar.scopes : consent.scopes) ticked.push_back(s);
    r = redirect(approve(ctx.oauth, ar, user->id, granted_scopes(ar, ticked)));
  }
  r.client_key = ar.app.client_key;
  return r;
}

}  // namespace

Response authorize_get(ApiContext& ctx, const Request& req, int api_version) {
  auto params = parse_form(req.query);
  if (!params) {
    return error_page(400, "Bad request", "The request's query string is malformed.", req.log_id);
  }
  const Dialect& dialect = dialect_of(api_version);
  auto check = check_authorize(ctx.oauth, *params, dialect);
  dialect.record_call(ctx.oauth, authorize_trace(check));
  if (auto* f = std::get_if<AuthorizeFailure>(&check)) return failure_response(req, *f);
  auto& ar = std::get<AuthorizeRequest>(check);
  if (ctx.sandbox != nullptr) {
    if (auto consent = ctx.sandbox->headless_consent(ar.app, *params))
      return headless_decision(ctx, req, ar, *consent);
  }
  auto session = account::current_session(ctx, req);
  if (!session) {
    // Back here after sign-in, with the query re-encoded from its parsed parameters: `next`
    // must pass the sign-in's local-path grammar, whatever bytes the client's query carried.
    std::string here = req.path + "/?" + encode_form(params->items());
    return redirect("/account/signin?next=" + percent_encode(here));
  }
  if (auto remembered = remembered_consent(ctx.oauth, ar, session->user_id)) {
    return redirect(approve(ctx.oauth, ar, session->user_id, *remembered));
  }
  auto r = consent_page(ctx, req, *params, ar, *session);
  r.client_key = ar.app.client_key;
  return r;
}

Response authorize_post(ApiContext& ctx, const Request& req, int api_version) {
  auto form = parse_form(req.body);
  if (!form) return error_page(400, "Bad request", "The form could not be read.", req.log_id);
  auto session = account::current_session(ctx, req);
  if (!session) {
    return error_page(401, "Signed out", "Your session ended. Start again from the app.",
                      req.log_id);
  }
  // CSRF (RFC 6749 §10.12): the consent decision must come from our own page.
  if (!account::csrf_matches(session->csrf, form->get("csrf"))) {
    return error_page(403, "Request refused", "The form was stale or forged; nothing changed.",
                      req.log_id);
  }
  auto check = check_authorize(ctx.oauth, *form, dialect_of(api_version));
  if (auto* f = std::get_if<AuthorizeFailure>(&check)) return failure_response(req, *f);
  auto& ar = std::get<AuthorizeRequest>(check);
  Response r;
  if (form->get_or("decision") != "approve") {
    r = redirect(access_denied_redirect(ar));
  } else {
    r = redirect(
        approve(ctx.oauth, ar, session->user_id, granted_scopes(ar, form->all("granted"))));
  }
  r.client_key = ar.app.client_key;
  return r;
}

}  // namespace loginkit
