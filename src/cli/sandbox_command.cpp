// `loginkit sandbox` (issue 16, docs/sandbox.md): the local stand-in of the platform that app
// teams run in their own tests. It is `serve` with a throwaway store, TLS for the platform's host
// names from a local CA, a seed file's apps and users, and the sandbox hooks (faults, headless
// consent, the inspector) wired into the same endpoints: no second implementation.
#include "cli/sandbox_command.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/environment.hpp"
#include "cli/serve.hpp"
#include "core/crypto.hpp"
#include "sandbox/local_ca.hpp"
#include "sandbox/sandbox_state.hpp"
#include "sandbox/seed_apply.hpp"
#include "sandbox/seed_file.hpp"

namespace loginkit::cli {
namespace {

namespace fs = std::filesystem;

// The hosts the platform's client libraries hard-code (authorize; token and user info).
const std::vector<std::string> kPlatformHosts = {"www.tiktok.com", "open.tiktokapis.com"};

fs::path default_state_dir() {
  if (const char* x = std::getenv("XDG_STATE_HOME"); x != nullptr && *x != '\0')
    return fs::path(x) / "loginkit-sandbox";
  if (const char* h = std::getenv("HOME"); h != nullptr && *h != '\0')
    return fs::path(h) / ".local" / "state" / "loginkit-sandbox";
  return ".loginkit-sandbox";
}

// Platform hosts first (they name the certificate), then the names a local test dials.
std::vector<std::string> tls_hosts(const std::vector<std::string>& platform) {
  std::vector<std::string> all = platform;
  for (const char* local : {"localhost", "127.0.0.1"}) {
    if (std::find(all.begin(), all.end(), local) == all.end()) all.emplace_back(local);
  }
  return all;
}

std::string port_of(const std::string& url) {
  auto colon = url.rfind(':');
  return colon == std::string::npos ? "" : url.substr(colon + 1);
}

// Single quotes for a POSIX shell: the file is meant to be `source`d.
std::string shell_quote(const std::string& v) {
  std::string out = "'";
  for (char c : v) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  out += '\'';
  return out;
}

struct Printed {
  std::vector<std::pair<std::string, std::string>> env;
  std::string text;
};

Printed describe(const std::vector<std::string>& urls, const std::vector<std::string>& platform,
                 const sandbox::TlsFiles& tls, const std::string& admin_token,
                 const sandbox::SeedResult& seeded, double seconds) {
  const std::string& pub = urls.at(0);
  std::string ops = urls.size() > 1 ? urls[1] : "";
  std::string port = port_of(pub);
  std::string ca = tls.ca_cert.string();
  std::string joined;
  for (const auto& h : platform) joined += (joined.empty() ? "" : " ") + h;
  Printed p;
  p.env = {{"LOGINKIT_SANDBOX_URL", pub},
           {"LOGINKIT_SANDBOX_ADMIN_URL", ops},
           {"LOGINKIT_SANDBOX_ADMIN_TOKEN", admin_token},
           {"LOGINKIT_SANDBOX_CA", ca},
           {"LOGINKIT_SANDBOX_PORT", port},
           {"LOGINKIT_SANDBOX_HOSTS", joined},
           {"NODE_EXTRA_CA_CERTS", ca},
           {"REQUESTS_CA_BUNDLE", ca},
           {"CURL_CA_BUNDLE", ca}};
  std::ostringstream o;
  o << "loginkit sandbox ready in " << static_cast<int>(seconds * 1000) << " ms\n"
    << "  serving:   " << pub << " with TLS for " << joined << ", localhost, 127.0.0.1\n"
    << "  CA:        " << ca << (tls.ca_created ? " (made now)" : " (kept from an earlier run)")
    << "\n";
  if (!ops.empty()) {
    o << "  admin API: " << ops << "/admin/v1/  (Authorization: Bearer " << admin_token << ")\n";
  }
  o << "  portal:    https://localhost:" << port << "/portal/signin  as " << seeded.developer.email
    << " / " << seeded.developer.password << "\n"
    << "  users:    ";
  for (const auto& u : seeded.usernames) o << " " << u;
  o << "\n\nApps (client configuration unchanged):\n";
  for (const auto& a : seeded.apps) {
    o << "  " << a.name << "\n    client_key=" << a.client_key
      << "\n    client_secret=" << a.client_secret << "\n    consent: ";
    if (a.consent) {
      o << "headless, " << a.consent->username << " "
        << (a.consent->approve ? "approves" : "denies") << "\n";
    } else {
      o << "the pages (or login_hint=sandbox:<user>[:approve|:deny])\n";
    }
  }
  o << "\nPoint a process at it (these lines are also in "
    << (tls.ca_cert.parent_path() / "sandbox.env").string() << "):\n";
  for (const auto& [k, v] : p.env) o << "  export " << k << "=" << shell_quote(v) << "\n";
  o << "  Python ssl, Go, OpenSSL tools: SSL_CERT_FILE=" << ca
    << " (replaces the system trust store for that process)\n"
    << "  Java: keytool -importcert -noprompt -alias loginkit-sandbox -file " << ca
    << " -keystore sandbox-trust.p12 -storetype PKCS12 -storepass changeit\n"
    << "        JAVA_TOOL_OPTIONS='-Djavax.net.ssl.trustStore=sandbox-trust.p12"
       " -Djavax.net.ssl.trustStorePassword=changeit -Djavax.net.ssl.trustStoreType=PKCS12'\n"
    << "  /etc/hosts:  127.0.0.1 " << joined << "\n"
    << "  containers: ";
  for (const auto& h : platform) o << " --add-host=" << h << ":host-gateway";
  o << "\n  port: the platform's URLs name port 443. Serve there (--listen 127.0.0.1:443 with "
       "CAP_NET_BIND_SERVICE, or sysctl net.ipv4.ip_unprivileged_port_start=443), or keep "
    << port << " and map it:\n";
  for (const auto& h : platform)
    o << "    curl --connect-to " << h << ":443:127.0.0.1:" << port << "\n";
  o << "  base URL, for libraries that take one:";
  for (const auto& h : platform) o << " https://" << h << ":" << port;
  o << "\n";
  p.text = o.str();
  return p;
}

void write_env_file(const fs::path& file, const Printed& p) {
  fs::path tmp = file;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << "# Written by `loginkit sandbox` at each start; `source` it in a test's shell.\n";
    for (const auto& [k, v] : p.env) out << "export " << k << "=" << shell_quote(v) << "\n";
    if (!out) throw std::runtime_error("cannot write " + tmp.string());
  }
  // The admin token is in it: owner only.
  ::chmod(tmp.c_str(), 0600);
  fs::rename(tmp, file);
}

}  // namespace

int sandbox_command(const Args& args) {
  auto started = std::chrono::steady_clock::now();
  auto seed_file = args.get("seed");
  sandbox::Seed seed = seed_file ? sandbox::load_seed(*seed_file) : sandbox::default_seed();
  std::vector<std::string> platform = args.all("host");
  if (platform.empty()) platform = seed.hosts.empty() ? kPlatformHosts : seed.hosts;
  fs::path state = args.get("state").value_or(default_state_dir().string());
  sandbox::TlsFiles tls = sandbox::ensure_tls(state, tls_hosts(platform));

  Config config = load_config(args);
  config.store = "memory:";
  config.data_dir = state.string();
  config.http.tls_cert = tls.cert.string();
  config.http.tls_key = tls.key.string();
  if (!args.get("listen")) config.http.listen = "127.0.0.1:8443";
  if (!args.get("ops-listen")) config.http.ops_listen = "127.0.0.1:8444";
  config.test_clock = true;
  if (config.admin_token.empty()) config.admin_token = crypto::random_token("sandbox_admin_");
  sandbox::apply_sunset(seed, config.oauth.sunset);

  sandbox::SandboxState hooks;
  sandbox::SeedResult seeded;
  ServeExtras extras;
  extras.sandbox = &hooks;
  extras.reload = false;
  extras.prepare = [&](OAuthContext& ctx) {
    seeded = sandbox::apply_seed(ctx, seed);
    for (const auto& app : seeded.apps) {
      if (app.consent) hooks.set_app_consent(app.client_key, *app.consent);
    }
  };
  // run_server takes the configuration; the summary needs only its admin token.
  std::string admin_token = config.admin_token;
  extras.ready = [&](const std::vector<std::string>& urls) {
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    Printed p = describe(urls, platform, tls, admin_token, seeded, seconds);
    write_env_file(state / "sandbox.env", p);
    std::cout << p.text << std::flush;
  };
  return run_server(args, std::move(config), extras);
}

}  // namespace loginkit::cli
