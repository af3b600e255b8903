// The app list, app creation and the app page.
#include "api/portal/portal_apps.hpp"

#include "api/portal/portal_common.hpp"
#include "api/responses.hpp"
#include "oauth/app_registry.hpp"
#include "oauth/migration_report.hpp"
#include "oauth/services/app_directory.hpp"
#include "oauth/services/audit_trail.hpp"
#include "oauth/services/migration_status.hpp"
#include "oauth/sunset.hpp"
#include "web/bar_chart.hpp"

namespace loginkit::portal {
namespace {

struct PlatformInfo {
  Platform platform;
  const char* title;
  const char* rules;
  const char* placeholder;
};

constexpr PlatformInfo kPlatforms[] = {
    {Platform::kWeb, "Web",
     "Absolute https URIs shorter than 512 characters, with no query (not even \"?\") and no "
     "fragment (\"#\"). Up to 10.",
     "https://example.com/auth/callback/"},
    {Platform::kDesktop, "Desktop",
     "http or https on localhost or 127.0.0.1 with a port (a number, or * for any port); no "
     "query, no fragment. Up to 10.",
     "http://localhost:*/callback"},
    {Platform::kAndroid, "Android", "https app links; no query, no fragment. Up to 10.",
     "https://example.com/android/callback"},
    {Platform::kIos, "iOS", "https universal links; no query, no fragment. Up to 10.",
     "https://example.com/ios/callback"},
};

const char* scope_text(std::string_view s) {
  if (s == "user.info.basic") return "avatar and display name";
  if (s == "user.info.profile") return "bio, username, verified badge";
  if (s == "user.info.stats") return "follower, following, like and video counts";
  if (s == "video.list") return "read public videos";
  if (s == "video.publish") return "publish videos";
  return "upload video drafts";
}

web::List string_list(const std::vector<std::string>& xs) {
  web::List out;
  for (const auto& x : xs) out.push_back({{"message", x}});
  return out;
}

}  // namespace

Response apps_list(ApiContext& ctx, const Request& req, const SignedIn& who,
                   const std::string& create_error) {
  auto own = services::developer_apps(ctx.oauth, who.developer.id);
  auto status = services::migration_status(ctx.oauth, own);
  web::List apps;
  for (std::size_t i = 0; i < own.size(); ++i) {
    const App& app = own[i];
    const MigrationRow& row = status.rows[i];
    apps.push_back({{"name", app.name},
                    {"client_key", app.client_key},
                    {"login_kit", app.login_kit ? (app.web_enabled ? "Web on" : "Added") : "—"},
                    {"needs_uri", app.login_kit && app.web_enabled && row.redirect_uri_count == 0},
                    {"status", row.status}});
  }
  web::Values v{{"apps", apps}, {"has_apps", !apps.empty()}, {"csrf", who.session.csrf}};
  if (!create_error.empty()) v.emplace("create_error", create_error);
  return page("portal_apps", "Manage apps", v, &who, create_error.empty() ? 200 : 400);
}

Response create_app_page(ApiContext& ctx, const Request& req, const SignedIn& who,
                         const Params& form) {
  // Login Kit is added, and web configured, from the app page (as the seed's flow describes).
  auto out = create_app(ctx.oauth, actor_of(who),
                        NewApp{form.get_or("name"),
                               who.developer.id,
                               {std::string(kBasicScope)},
                               false,
                               false,
                               false,
                               {},
                               {}});
  if (!out.ok()) return apps_list(ctx, req, who, out.messages.front());
  return secret_page(out.app, out.client_secret, "App created", who);
}

Response secret_page(const App& app, const std::string& secret, const std::string& heading,
                     const SignedIn& who) {
  return page("portal_secret", heading,
              {{"heading", heading},
               {"name", app.name},
               {"client_key", app.client_key},
               {"client_secret", secret}},
              &who);
}

Response app_page(ApiContext& ctx, const SignedIn& who, const App& app, const PageErrors& errors,
                  int status) {
  auto migration = services::app_migration(ctx.oauth, app, 30);
  UnixSeconds now = migration.generated_at;
  const auto& sunset = ctx.oauth.config.sunset;
  const auto& row = migration.row;

  web::List scopes;
  for (const auto& s : known_scopes()) {
    scopes.push_back({{"scope", s},
                      {"description", scope_text(s)},
                      {"checked", contains(app.scopes, s)},
                      {"locked", s == kBasicScope}});
  }
  web::List platforms;
  for (const auto& info : kPlatforms) {
    std::string name = platform_name(info.platform);
    web::List uris;
    int index = 0;
    for (const auto& r : app.redirect_uris) {
      if (r.platform != info.platform) continue;
      bool failed = errors.platform == name && errors.old_uri == r.uri;
      uris.push_back({{"uri", r.uri},
                      {"platform", name},
                      {"index", std::to_string(index)},
                      {"number", std::to_string(index + 1)},
                      {"title", info.title},
                      {"value", failed ? errors.value : r.uri},
                      {"errors", failed ? string_list(errors.messages) : web::List{}}});
      ++index;
    }
    bool add_failed = errors.platform == name && errors.old_uri.empty();
    platforms.push_back({{"platform", name},
                         {"title", info.title},
                         {"rules", info.rules},
                         {"placeholder", info.placeholder},
                         {"count", std::to_string(index)},
                         {"uris", uris},
                         {"can_add", index < 10 || add_failed},
                         {"add_value", add_failed ? errors.value : ""},
                         {"add_errors", add_failed ? string_list(errors.messages) : web::List{}}});
  }
  web::List domains;
  for (const auto& d : app.legacy_domains) domains.push_back({{"domain", d}});

  std::vector<web::Bar> bars;
  for (const auto& d : migration.daily) {
    bars.push_back({format_date(d.day), d.accepted, d.refused});
  }
  web::List history;
  for (const auto& e : services::audit_trail(ctx.oauth, app.id, 20)) {
    history.push_back({{"at", format_time(e.at)},
                       {"actor", e.actor},
                       {"action", e.action},
                       {"detail", e.detail}});
  }
  web::Values v{
      {"history", history},
      {"has_history", !history.empty()},
      {"name", app.name},
      {"client_key", app.client_key},
      {"csrf", who.session.csrf},
      {"created", format_date(app.created_at)},
      {"banner", app.login_kit && app.web_enabled && row.redirect_uri_count == 0},
      {"scopes", scopes},
      {"login_kit", app.login_kit},
      {"web_enabled", app.web_enabled},
      {"platforms", platforms},
      {"domains", domains},
      {"frozen", now >= sunset.domain_freeze},
      {"freeze_date", format_date(sunset.domain_freeze)},
      {"domain_value", errors.domain_value},
      {"domain_errors", string_list(errors.domain_messages)},
      {"status", row.status},
      {"reason", row.reason},
      {"calls_7d", std::to_string(row.v1_calls_7d)},
      {"calls_30d", std::to_string(row.v1_calls_30d)},
      {"refused_30d", std::to_string(row.v1_refused_30d)},
      {"chart", web::stacked_bar_chart_svg("v1-chart", "v1 calls per day, last 30 days", bars)},
      {"inspector", ctx.sandbox != nullptr},  // issue 16: only `loginkit sandbox` records requests
  };
  return page("portal_app", app.name, v, &who, status);
}

}  // namespace loginkit::portal
