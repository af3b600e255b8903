#pragma once
// What loginkit stores. Secrets, codes and tokens appear here only as SHA-256 hashes (SPEC §4).
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "core/scopes.hpp"

namespace loginkit {

using Id = std::int64_t;

enum class Platform { kWeb, kDesktop, kAndroid, kIos };
const char* platform_name(Platform p);
std::optional<Platform> parse_platform(std::string_view name);

struct Developer {
  Id id = 0;
  std::string email;
  std::string name;
  std::string password_hash;  // Argon2id (libsodium crypto_pwhash_str)
  UnixSeconds created_at = 0;
};

struct User {
  Id id = 0;
  std::string username;
  std::string password_hash;  // Argon2id
  std::string display_name;
  std::string avatar_url;
  std::string bio_description;
  bool is_verified = false;
  std::int64_t follower_count = 0;
  std::int64_t following_count = 0;
  std::int64_t likes_count = 0;
  std::int64_t video_count = 0;
  UnixSeconds created_at = 0;
};

struct RedirectUri {
  Platform platform = Platform::kWeb;
  std::string uri;
};

struct App {
  Id id = 0;
  std::string client_key;
  std::string secret_hash;  // sha256_hex of the client secret
  Id developer_id = 0;
  std::string name;
  ScopeList scopes;
  bool login_kit = false;
  bool web_enabled = false;
  bool require_pkce_web = false;
  std::vector<RedirectUri> redirect_uris;
  std::vector<std::string> legacy_domains;  // v1 web redirect domains (SPEC §3)
  UnixSeconds created_at = 0;
  // Bumped by every update: an update names the version it was read at and applies only if the
  // row is still at it, so two concurrent edits cannot silently undo each other.
  std::int64_t version = 0;
};

// One user's authorization of one app, from one code flow; every token it spawns hangs off it so
// that a revoke, a code replay or refresh reuse can kill the whole family at once.
struct Grant {
  Id id = 0;
  Id app_id = 0;
  Id user_id = 0;
  ScopeList scopes;
  int api_version = 2;
  Platform platform = Platform::kWeb;
  UnixSeconds created_at = 0;
  UnixSeconds refresh_deadline = 0;  // SPEC §2.2: fixed at the original authorization
  bool revoked = false;
};

// How a presented code or token finds its row. A handle of the current shape carries its row's
// id beside its secret (store/handles.hpp): the row is read by id and `hash` (the SHA-256 of the
// whole handle, 32 raw bytes) compared in constant time. Id 0 is a handle of the older shape:
// `hash` is then the hex SHA-256 of the whole handle, found through the legacy index.
struct HandleKey {
  Id id = 0;
  std::string hash;

  HandleKey() = default;
  HandleKey(Id row_id, std::string digest) : id(row_id), hash(std::move(digest)) {}
  // A legacy key from its hex hash: what callers that hash a whole handle pass.
  HandleKey(std::string legacy_hash) : hash(std::move(legacy_hash)) {}
  HandleKey(const char* legacy_hash) : hash(legacy_hash) {}
  bool legacy() const { return id == 0; }
};

struct AuthCode {
  std::string hash;  // see HandleKey: raw digest when `id` is set, legacy hex hash otherwise
  Id grant_id = 0;
  std::string redirect_uri;
  std::string code_challenge;  // empty = no PKCE
  UnixSeconds expires_at = 0;
  bool consumed = false;
  Id id = 0;  // the handle's id; 0 for a code of the older shape
  HandleKey key() const { return {id, hash}; }
};

enum class TokenKind { kAccess, kRefresh, kClient };

struct Token {
  std::string hash;  // see HandleKey: raw digest when `id` is set, legacy hex hash otherwise
  TokenKind kind = TokenKind::kAccess;
  Id app_id = 0;
  std::optional<Id> grant_id;  // none for client_credentials tokens
  ScopeList scopes;
  int api_version = 2;
  UnixSeconds expires_at = 0;
  bool rotated = false;  // refresh tokens only
  bool revoked = false;  // this token, or its grant
  Id id = 0;             // the handle's id; 0 for a token of the older shape
  HandleKey key() const { return {id, hash}; }
};

struct Consent {
  Id user_id = 0;
  Id app_id = 0;
  ScopeList scopes;
  UnixSeconds updated_at = 0;
};

// One day's count of v1 calls of one app, by endpoint, platform and outcome (SPEC §5).
struct V1CallCount {
  Id app_id = 0;
  UnixSeconds day = 0;  // UTC midnight
  std::string endpoint;
  std::string platform;  // "web", "android", "ios" or "unknown"
  std::string outcome;   // "accepted", "refused" (sunset policy) or "failed"
  std::int64_t count = 0;
};

// One line of an app's (or a user's) history: who did what, when.
struct AuditEvent {
  Id id = 0;
  UnixSeconds at = 0;
  std::string actor;  // "admin", "cli", "developer:<email>", "user:<id>", "client:<key>"
  Id app_id = 0;
  std::string action;  // "app.created", "secret.rotated", "redirect_uri.added", "grant.created", …
  std::string detail;  // never a secret
};

// A user's access token with everything user info needs about it, read in one query.
struct AccessContext {
  Token token;
  Id user_id = 0;
  Id developer_id = 0;  // of the token's app
  User user;
};

enum class SessionKind { kUser = 0, kDeveloper = 1 };

struct Session {
  std::string hash;
  Id user_id = 0;  // a user id or a developer id, by kind
  std::string csrf;
  UnixSeconds expires_at = 0;
  SessionKind kind = SessionKind::kUser;
};

}  // namespace loginkit
