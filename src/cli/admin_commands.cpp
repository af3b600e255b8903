#include "cli/admin_commands.hpp"

#include <boost/json/serialize.hpp>
#include <iostream>

#include "api/admin/admin_api.hpp"
#include "api/admin/app_json.hpp"
#include "cli/backup_commands.hpp"
#include "cli/environment.hpp"
#include "core/crypto.hpp"
#include "core/password.hpp"
#include "oauth/app_registry.hpp"
#include "oauth/migration_report.hpp"
#include "oauth/sunset.hpp"

namespace loginkit::cli {
namespace {

struct Env {
  Config config;
  std::unique_ptr<Store> store;
  std::string server_key;
  SystemClock clock;
  OAuthContext ctx() { return OAuthContext{*store, clock, config.oauth, nullptr, server_key}; }
};

Env open_env(const Args& args) {
  Env e;
  e.config = load_config(args);
  e.store = open_store(e.config);
  e.server_key = load_server_key(e.config, *e.store);  // as serve does: created or moved here
  return e;
}

int print_outcome(OAuthContext& ctx, const RegistryOutcome& out) {
  if (!out.ok()) {
    for (const auto& m : out.messages) std::cerr << "error: " << m << "\n";
    return 1;
  }
  auto body = admin::app_json(ctx, out.app);
  if (!out.client_secret.empty()) body["client_secret"] = out.client_secret;
  std::cout << boost::json::serialize(body) << "\n";
  return 0;
}

int usage(const char* text) {
  std::cerr << "usage: " << text << "\n";
  return 2;
}

Id developer_for(Env& env, const std::string& email) {
  if (auto d = env.store->developers().find_developer_by_email(email)) return d->id;
  return env.store->developers().create_developer(
      Developer{0, email, email, password::hash(crypto::random_token("")), env.clock.now()});
}

}  // namespace

int app_command(const Args& args) {
  Env env = open_env(args);
  auto ctx = env.ctx();
  std::string verb = args.word(1);
  if (verb == "create") {
    NewApp spec;
    spec.name = args.get("name").value_or("");
    spec.developer_id = developer_for(env, args.get("developer").value_or("admin@loginkit.local"));
    spec.scopes = parse_scopes(args.get("scopes").value_or("user.info.basic"));
    spec.login_kit = !args.has("no-login-kit");
    spec.web_enabled = !args.has("no-web");
    spec.require_pkce_web = args.has("require-pkce-web");
    for (const char* p : {"web", "desktop", "android", "ios"}) {
      for (auto& uri : args.all(std::string(p) + "-redirect-uri")) {
        spec.redirect_uris.push_back({*parse_platform(p), uri});
      }
    }
    return print_outcome(ctx, create_app(ctx, "cli", spec));
  }
  if (verb == "list") {
    for (const auto& a : env.store->apps().list_apps()) {
      std::cout << a.client_key << "\t" << a.name << "\t" << join_scopes(a.scopes) << "\n";
    }
    return 0;
  }
  auto key = args.word(verb == "redirect-uri" || verb == "legacy-domain" ? 3 : 2);
  auto app = env.store->apps().find_app_by_key(key);
  if (!app) {
    std::cerr << "error: no app has the client key '" << key << "'\n";
    return 1;
  }
  if (verb == "show") return print_outcome(ctx, RegistryOutcome{{}, {}, *app, {}});
  if (verb == "rotate-secret")
    return print_outcome(ctx, rotate_secret(ctx, "cli", std::move(*app)));
  if (verb == "scopes")
    return print_outcome(ctx, set_scopes(ctx, "cli", std::move(*app), parse_scopes(args.word(3))));
  if (verb == "redirect-uri") {
    auto platform = parse_platform(args.word(4));
    if (!platform)
      return usage("loginkit app redirect-uri add|remove KEY web|desktop|android|ios URI");
    auto out = args.word(2) == "add"
                   ? add_redirect_uri(ctx, "cli", std::move(*app), *platform, args.word(5))
                   : remove_redirect_uri(ctx, "cli", std::move(*app), *platform, args.word(5));
    return print_outcome(ctx, out);
  }
  if (verb == "legacy-domain") {
    auto out = args.word(2) == "add"
                   ? add_legacy_domain(ctx, "cli", std::move(*app), args.word(4))
                   : remove_legacy_domain(ctx, "cli", std::move(*app), args.word(4));
    return print_outcome(ctx, out);
  }
  return usage("loginkit app create|list|show|rotate-secret|scopes|redirect-uri|legacy-domain ...");
}

int user_command(const Args& args) {
  if (args.word(1) != "create") return usage("loginkit user create --username U --password P");
  Env env = open_env(args);
  User u;
  u.username = args.get("username").value_or("");
  std::string pw = args.get("password").value_or("");
  if (u.username.empty() || pw.size() < 8) {
    std::cerr << "error: --username is required and --password needs 8+ characters\n";
    return 1;
  }
  if (env.store->users().find_user_by_name(u.username)) {
    std::cerr << "error: that username is taken\n";
    return 1;
  }
  u.password_hash = password::hash(pw);
  u.display_name = args.get("display-name").value_or(u.username);
  u.created_at = env.clock.now();
  std::cout << "created user " << u.username << " (id " << env.store->users().create_user(u)
            << ")\n";
  return 0;
}

int developer_command(const Args& args) {
  if (args.word(1) != "create") return usage("loginkit developer create --email E --password P");
  Env env = open_env(args);
  std::string email = args.get("email").value_or(""), pw = args.get("password").value_or("");
  if (email.find('@') == std::string::npos || pw.size() < 8) {
    std::cerr << "error: --email and an 8+ character --password are required\n";
    return 1;
  }
  env.store->developers().create_developer(
      Developer{0, email, args.get("name").value_or(email), password::hash(pw), env.clock.now()});
  std::cout << "created developer " << email << "\n";
  return 0;
}

int migration_command(const Args& args) {
  if (args.word(1) != "report") return usage("loginkit migration report [--json]");
  Env env = open_env(args);
  ApiContext api{env.ctx(), env.config, nullptr};
  auto report = admin::migration_json(api);
  if (args.has("json")) {
    std::cout << boost::json::serialize(report) << "\n";
    return 0;
  }
  std::printf("%-20s %-24s %-22s %-4s %-5s %-28s %7s %7s %7s  %s\n", "CLIENT KEY", "NAME",
              "PLATFORMS", "WEB", "URIS", "LEGACY DOMAINS", "V1 7D", "V1 30D", "REFUSED", "STATUS");
  for (const auto& v : report.at("apps").as_array()) {
    const auto& a = v.as_object();
    auto join = [](const boost::json::array& xs) {
      std::string out;
      for (const auto& x : xs) {
        if (!out.empty()) out += ',';
        out += std::string_view(x.as_string());
      }
      return out.empty() ? std::string("-") : out;
    };
    std::printf("%-20s %-24.24s %-22s %-4s %-5lld %-28.28s %7lld %7lld %7lld  %s\n",
                std::string(a.at("client_key").as_string()).c_str(),
                std::string(a.at("name").as_string()).c_str(),
                join(a.at("platforms").as_array()).c_str(),
                a.at("web_enabled").as_bool() ? "on" : "off",
                static_cast<long long>(a.at("redirect_uri_count").to_number<std::int64_t>()),
                join(a.at("legacy_domains").as_array()).c_str(),
                static_cast<long long>(a.at("v1_calls_7d").as_int64()),
                static_cast<long long>(a.at("v1_calls_30d").as_int64()),
                static_cast<long long>(a.at("v1_refused_30d").as_int64()),
                std::string(a.at("status").as_string()).c_str());
  }
  return 0;
}

int audit_command(const Args& args) {
  Env env = open_env(args);
  Id app_id = 0;
  if (auto key = args.get("app")) {
    auto app = env.store->apps().find_app_by_key(*key);
    if (!app) {
      std::cerr << "error: no app has the client key '" << *key << "'\n";
      return 1;
    }
    app_id = app->id;
  }
  int limit = std::stoi(args.get("limit").value_or("100"));
  for (const auto& e : env.store->audit().list_audit(app_id, limit)) {
    if (args.has("json")) {
      boost::json::object o{{"at", e.at},
                            {"actor", e.actor},
                            {"app_id", e.app_id},
                            {"action", e.action},
                            {"detail", e.detail}};
      std::cout << boost::json::serialize(o) << "\n";
    } else {
      std::cout << format_time(e.at) << "  " << e.actor << "  app " << e.app_id << "  " << e.action
                << "  " << e.detail << "\n";
    }
  }
  return 0;
}

// Loads and validates the configuration exactly as `serve` would, without serving.
int config_command(const Args& args) {
  if (args.word(1) != "check") return usage("loginkit config check [--config FILE]");
  Config c = load_config(args);  // throws with a message naming the key on any problem
  std::cout << "configuration ok\n"
            << "  store:      "
            << (store_engine(c) == StoreEngine::kSqlite
                    ? "sqlite:" + c.data_dir + "/loginkit.db"
                    : std::string(store_engine_name(store_engine(c))))
            << "\n  listen:     " << c.http.listen
            << (c.http.tls_cert.empty() ? " (http)" : " (https)")
            << "\n  ops listen: " << (c.http.ops_listen.empty() ? "off" : c.http.ops_listen)
            << "\n  admin API:  " << (c.admin_token.empty() ? "off" : "on")
            << "\n  server key: " << server_key_path(c) << "\n  token errors: "
            << (c.oauth.error_status == ErrorStatusMode::kRfc ? "rfc" : "platform")
            << ", user info: " << (c.oauth.userinfo == UserInfoMode::kStrict ? "strict" : "lenient")
            << "\n  sunset:     v2 for new apps " << format_date(c.oauth.sunset.v2_for_new_apps)
            << ", domain freeze " << format_date(c.oauth.sunset.domain_freeze)
            << ", v1 web end of life " << format_date(c.oauth.sunset.v1_web_end_of_life) << "\n";
  return 0;
}

int db_command(const Args& args) {
  if (args.word(1) == "backup") return db_backup_command(args);
  if (args.word(1) == "restore") return db_restore_command(args);
  if (args.word(1) != "migrate") return usage("loginkit db migrate|backup FILE|restore FILE");
  Env env = open_env(args);  // opening migrates
  std::cout << "schema version " << env.store->schema_version() << "\n";
  return 0;
}

}  // namespace loginkit::cli
