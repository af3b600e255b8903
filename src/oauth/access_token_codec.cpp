#include "oauth/access_token_codec.hpp"

#include <algorithm>
#include <stdexcept>

#include "core/crypto.hpp"
#include "oauth/token_minting.hpp"

namespace loginkit {
namespace {

constexpr std::uint8_t kFormatVersion = 1;
constexpr std::string_view kKeyLabel = "loginkit access token mac key v1";

static_assert((kAccessBodyBytes + kAccessMacBytes) % 3 == 0, "one spelling per token");

void put_u64(std::string& out, std::uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((v >> shift) & 0xff));
  }
}

std::uint64_t get_u64(std::string_view in) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(in[i]);
  return v;
}

std::uint16_t scope_bits(const ScopeList& scopes) {
  const auto& known = known_scopes();
  std::uint16_t bits = 0;
  for (std::size_t i = 0; i < known.size() && i < 16; ++i) {
    if (contains(scopes, known[i])) bits = static_cast<std::uint16_t>(bits | (1u << i));
  }
  return bits;
}

ScopeList scopes_of(std::uint16_t bits) {
  const auto& known = known_scopes();
  ScopeList out;
  for (std::size_t i = 0; i < known.size() && i < 16; ++i) {
    if (bits & (1u << i)) out.push_back(known[i]);
  }
  std::sort(out.begin(), out.end());  // sorted, as every ScopeList is
  return out;
}

std::string_view prefix_of(AccessKind kind) {
  return kind == AccessKind::kClient ? kClientPrefix : kAccessPrefix;
}

std::string mac_of(const std::string& mac_key, std::string_view prefix, std::string_view body) {
  std::string input(prefix);
  input += body;
  return crypto::hmac_sha256(mac_key, input).substr(0, kAccessMacBytes);
}

OpenedAccessToken refused(const char* why) {
  return OpenedAccessToken{std::nullopt, why};
}

}  // namespace

const std::string& access_token_key(const std::string& server_key) {
  thread_local std::string cached_for;
  thread_local std::string cached_key;
  if (server_key.empty()) throw std::logic_error("server key not loaded");
  if (cached_key.empty() || cached_for != server_key) {
    cached_key = crypto::hmac_sha256(server_key, kKeyLabel);
    cached_for = server_key;
  }
  return cached_key;
}

std::string seal_access_token(const std::string& mac_key, std::string_view prefix,
                              std::string_view body) {
  std::string sealed(body);
  sealed += mac_of(mac_key, prefix, body);
  std::string out(prefix);
  out += crypto::base64url(sealed);
  return out;
}

std::string encode_access_token(const std::string& mac_key, AccessClaims claims) {
  if (claims.token_id.size() != kAccessTokenIdBytes) {
    claims.token_id = crypto::random_bytes(kAccessTokenIdBytes);
  }
  std::string body;
  body.reserve(kAccessBodyBytes);
  body.push_back(static_cast<char>(kFormatVersion));
  body.push_back(static_cast<char>(claims.api_version));
  body.push_back(static_cast<char>(claims.kind));
  put_u64(body, static_cast<std::uint64_t>(claims.subject));
  put_u64(body, static_cast<std::uint64_t>(claims.expires_at));
  std::uint16_t bits = scope_bits(claims.scopes);
  body.push_back(static_cast<char>(bits >> 8));
  body.push_back(static_cast<char>(bits & 0xff));
  body += claims.token_id;
  return seal_access_token(mac_key, prefix_of(claims.kind), body);
}

bool is_self_validating(std::string_view token) {
  for (std::string_view prefix : {kAccessPrefix, kClientPrefix}) {
    if (token.starts_with(prefix) && token.size() == prefix.size() + kAccessEncodedChars) {
      return true;
    }
  }
  return false;
}

OpenedAccessToken open_access_token(const std::string& mac_key, std::string_view token) {
  if (!is_self_validating(token)) return refused("malformed");
  std::string_view prefix = token.substr(0, kAccessPrefix.size());
  std::string raw;
  if (!crypto::base64url_decode(token.substr(prefix.size()), raw) ||
      raw.size() != kAccessBodyBytes + kAccessMacBytes) {
    return refused("malformed");
  }
  std::string_view body = std::string_view(raw).substr(0, kAccessBodyBytes);
  std::string_view mac = std::string_view(raw).substr(kAccessBodyBytes);
  if (!crypto::constant_time_equal(mac, mac_of(mac_key, prefix, body))) return refused("bad mac");
  if (static_cast<std::uint8_t>(body[0]) != kFormatVersion) return refused("unknown format");
  AccessClaims c;
  c.api_version = static_cast<unsigned char>(body[1]);
  auto kind = static_cast<std::uint8_t>(body[2]);
  if (kind != static_cast<std::uint8_t>(AccessKind::kUser) &&
      kind != static_cast<std::uint8_t>(AccessKind::kClient)) {
    return refused("unknown kind");
  }
  c.kind = static_cast<AccessKind>(kind);
  if (prefix != prefix_of(c.kind)) return refused("prefix does not match kind");
  c.subject = static_cast<Id>(get_u64(body.substr(3)));
  c.expires_at = static_cast<UnixSeconds>(get_u64(body.substr(11)));
  c.scopes = scopes_of(static_cast<std::uint16_t>((static_cast<unsigned char>(body[19]) << 8) |
                                                  static_cast<unsigned char>(body[20])));
  c.token_id = std::string(body.substr(21));
  return OpenedAccessToken{std::move(c), ""};
}

OpenedAccessToken check_access_token(const std::string& mac_key, std::string_view token,
                                     UnixSeconds now) {
  auto opened = open_access_token(mac_key, token);
  if (opened.claims && opened.claims->expires_at <= now) return refused("expired");
  return opened;
}

std::string access_token_id_hex(const AccessClaims& claims) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(claims.token_id.size() * 2);
  for (unsigned char ch : claims.token_id) {
    out.push_back(kHex[ch >> 4]);
    out.push_back(kHex[ch & 15]);
  }
  return out;
}

}  // namespace loginkit
