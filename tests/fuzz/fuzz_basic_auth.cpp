// Client authentication (SPEC §2.2, RFC 6749 §2.3.1): the HTTP Basic header parser behind
// authenticate_client, and the token endpoint's form parsing (parse_token_form).
// Properties: no crash; errors are only invalid_request/invalid_client with 400/401; a correctly
// encoded Basic header authenticates exactly when id and secret are the registered ones; every
// identity the request names must agree; success always means the registered secret was shown.
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>

#include "core/config.hpp"
#include "core/crypto.hpp"
#include "core/form.hpp"
#include "fuzz_common.hpp"
#include "oauth/client_auth.hpp"
#include "oauth/token_endpoint.hpp"
#include "store/sqlite/sqlite_store.hpp"

using namespace loginkit;
using namespace loginkit::fuzz;

namespace {

constexpr std::string_view kKey = "fuzzclientkey";
constexpr std::string_view kSecret = "fuzz secret:%+";

App registered_app() {
  App app;
  app.client_key = std::string(kKey);
  app.secret_hash = crypto::sha256_hex(kSecret);
  return app;
}

class FixedClock final : public Clock {
 public:
  UnixSeconds now() const override { return 1'700'000'000; }
};

// The real SQLite store on a temporary file, created once per process with one app in it (the
// fuzz loop only reads, so each execution costs one indexed lookup per authentication).
struct Harness {
  Harness() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "lk-fuzz-basic-XXXXXX").string();
    FUZZ_CHECK(mkdtemp(tmpl.data()) != nullptr);
    dir = tmpl;
    store = std::make_unique<SqliteStore>((dir / "fuzz.db").string());
    store->migrate();
    App app = registered_app();
    app.developer_id =
        store->developers().create_developer(Developer{0, "fuzz@example.com", "fuzz", "x", 0});
    store->apps().create_app(app);
    ctx = std::make_unique<OAuthContext>(OAuthContext{*store, clock, config, nullptr, {}});
  }
  ~Harness() {
    ctx.reset();
    store.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  std::filesystem::path dir;
  FixedClock clock;
  OAuthConfig config;
  std::unique_ptr<SqliteStore> store;
  std::unique_ptr<OAuthContext> ctx;
};

Harness& harness() {
  static Harness h;
  return h;
}

void check_error_shape(const Result<App>& r) {
  if (r) return;
  const auto& e = r.error();
  FUZZ_CHECK((e.code == "invalid_request" && e.http_status == 400) ||
             (e.code == "invalid_client" && e.http_status == 401));
}

std::string basic_header(std::string_view id, std::string_view secret) {
  return "Basic " + base64_std(percent_encode(id) + ":" + percent_encode(secret));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input = as_view(data, size);
  OAuthContext& ctx = *harness().ctx;
  auto fields = split_fields(input, 4);

  // 1. The raw input as the Authorization header, with and without body credentials.
  {
    Params none;
    auto r = authenticate_client(ctx, none, input);
    check_error_shape(r);
    if (r) FUZZ_CHECK(r->client_key == kKey);
    auto id = basic_client_id(input);
    if (r) FUZZ_CHECK(id && *id == kKey);  // a header that authenticates names its client

    Params body;
    body.add("client_key", std::string(fields[1]));
    body.add("client_secret", std::string(fields[2]));
    auto r2 = authenticate_client(ctx, body, fields[0]);
    check_error_shape(r2);
    if (r2) FUZZ_CHECK(fields[1] == kKey);
  }

  // 2. A well-formed Basic header carrying arbitrary id and secret (RFC 6749 §2.3.1 encoding).
  {
    std::string_view id = fields[0], secret = fields[1];
    std::string header = basic_header(id, secret);
    FUZZ_CHECK(basic_client_id(header) == std::optional<std::string>(std::string(id)));
    Params none;
    auto r = authenticate_client(ctx, none, header);
    check_error_shape(r);
    bool right = id == kKey && secret == kSecret;
    FUZZ_CHECK(r.ok() == right);
    if (!r) FUZZ_CHECK(r.error().code == "invalid_client");  // well-formed: never "malformed"
    // The same credentials in the body authenticate the same way (SPEC §2.2).
    Params body;
    body.add("client_key", std::string(id));
    body.add("client_secret", std::string(secret));
    auto rb = authenticate_client(ctx, body, std::nullopt);
    check_error_shape(rb);
    FUZZ_CHECK(rb.ok() == right);
    // Header and body together: fine when they agree, invalid_request when the ids differ.
    Params other;
    other.add("client_id", std::string(fields[2]));
    auto rc = authenticate_client(ctx, other, header);
    check_error_shape(rc);
    if (fields[2] != id) {
      FUZZ_CHECK(!rc && rc.error().code == "invalid_request");
    } else {
      FUZZ_CHECK(rc.ok() == right);
    }
    // The registered key with a wrong secret never authenticates.
    if (secret != kSecret) FUZZ_CHECK(!authenticate_client(ctx, none, basic_header(kKey, secret)));
  }

  // 3. The token endpoint's form parsing: Content-Type rule and duplicated parameters.
  {
    TokenRequest req{fields[0], fields[1], fields[2]};
    auto params = parse_token_form(req);
    if (params) {
      FUZZ_CHECK(!duplicated_parameter(*params).has_value());
      auto direct = parse_form(fields[1]);
      FUZZ_CHECK(direct && direct->items() == params->items());
    } else {
      FUZZ_CHECK(params.error().code == "invalid_request");
    }
    TokenRequest form{"application/x-www-form-urlencoded", input, std::nullopt};
    auto p2 = parse_token_form(form);
    auto direct = parse_form(input);
    FUZZ_CHECK(p2.ok() == (direct && !duplicated_parameter(*direct)));
  }
  return 0;
}
