// Bearer token extraction from an Authorization header (RFC 6750 §2.1): bearer_token.
// Properties: no crash; a token is returned only for a case-insensitive "Bearer " header, is a
// non-empty slice of the header itself without surrounding spaces; a well-formed header returns
// its token exactly.
#include <string>

#include "fuzz_common.hpp"
#include "oauth/userinfo.hpp"

using namespace loginkit;
using namespace loginkit::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input = as_view(data, size);
  FUZZ_CHECK(!bearer_token(std::nullopt));

  // 1. The raw input as the header.
  if (auto token = bearer_token(input)) {
    FUZZ_CHECK(input.size() > 7 && ascii_lower(input.substr(0, 7)) == "bearer ");
    FUZZ_CHECK(!token->empty() && token->front() != ' ' && token->back() != ' ');
    FUZZ_CHECK(token->data() >= input.data() + 7 &&
               token->data() + token->size() <= input.data() + input.size());  // a slice
  } else if (input.size() > 7 && ascii_lower(input.substr(0, 7)) == "bearer ") {
    FUZZ_CHECK(input.substr(7).find_first_not_of(' ') == std::string_view::npos);  // only spaces
  }

  // 2. "Bearer <token>" with any spelling of the scheme returns <token> exactly.
  std::string_view token = input;
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  if (!token.empty()) {
    for (std::string_view scheme : {"Bearer ", "bearer ", "BEARER  "}) {
      std::string header = std::string(scheme) + std::string(token);
      auto got = bearer_token(std::string_view(header));
      FUZZ_CHECK(got && *got == token);
    }
    FUZZ_CHECK(!bearer_token(std::string_view("Basic " + std::string(token))));
  }
  return 0;
}
