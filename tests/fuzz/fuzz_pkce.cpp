// RFC 7636 PKCE, S256 only (SPEC §2.2): valid_verifier, valid_challenge, verifier_matches.
// Properties: no crash; shapes follow RFC 7636 §4.1 exactly; a verifier matches exactly the two
// encodings of its own SHA-256 (lowercase hex, base64url) and nothing else.
#include <algorithm>
#include <string>

#include "core/crypto.hpp"
#include "fuzz_common.hpp"
#include "oauth/pkce.hpp"

using namespace loginkit;
using namespace loginkit::fuzz;

namespace {

bool unreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

bool rfc_verifier(std::string_view v) {
  return v.size() >= 43 && v.size() <= 128 && std::all_of(v.begin(), v.end(), unreserved);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input = as_view(data, size);
  auto fields = split_fields(input, 2);
  std::string_view challenge = fields[0], verifier = fields[1];

  for (std::string_view v : {input, challenge, verifier}) {
    FUZZ_CHECK(pkce::valid_verifier(v) == rfc_verifier(v));
    pkce::valid_challenge(v);
  }

  bool matches = pkce::verifier_matches(challenge, verifier);
  if (matches) {
    FUZZ_CHECK(rfc_verifier(verifier));
    FUZZ_CHECK(challenge == crypto::sha256_hex(verifier) ||
               challenge == crypto::sha256_base64url(verifier));
  }
  // The whole input as a verifier: both encodings of its hash match, and pass valid_challenge.
  std::string_view v = input.size() > 128 ? input.substr(0, 128) : input;
  std::string hex = crypto::sha256_hex(v), b64 = crypto::sha256_base64url(v);
  FUZZ_CHECK(pkce::valid_challenge(hex) && pkce::valid_challenge(b64));
  FUZZ_CHECK(hex.size() == 64 && b64.size() == 43);
  FUZZ_CHECK(pkce::verifier_matches(hex, v) == rfc_verifier(v));
  FUZZ_CHECK(pkce::verifier_matches(b64, v) == rfc_verifier(v));
  if (rfc_verifier(v) && !v.empty()) {
    // One changed character in the challenge breaks the match.
    std::string wrong = hex;
    wrong[static_cast<std::uint8_t>(v[0]) % wrong.size()] ^= 1;
    FUZZ_CHECK(!pkce::verifier_matches(wrong, v));
    std::string upper = hex;
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](char c) { return (c >= 'a' && c <= 'f') ? static_cast<char>(c - 32) : c; });
    if (upper != hex) FUZZ_CHECK(!pkce::valid_challenge(upper));  // lowercase hex only
  }
  return 0;
}
