#pragma once
// The one type for every place we send a browser to: redirect URIs (registration, v1 and v2
// authorize) and the local path a sign-in continues to. Text is parsed by Boost.URL (RFC 3986)
// and validated once; a Uri exists only when every rule holds, and its text is rebuilt from the
// parsed parts, so nothing a client sent reaches a Location header unchecked.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace loginkit {

inline constexpr std::size_t kMaxUriLength = 512;  // a URI must be shorter (SPEC §1)

// The rules a URI's text can break; Uri::check names every one that applies.
enum class UriFlaw {
  kTooLong,       // 512 characters or more
  kControl,       // a space or a control character
  kNonAscii,      // a byte >= 0x80 (RFC 3986: percent-encode it)
  kBackslash,     // browsers read '\' as '/', so the URI would not mean what it says
  kBadCharacter,  // a character RFC 3986 does not allow there, or a broken %-escape
  kNotAbsolute,   // not scheme://host...
  kScheme,        // neither http nor https
  kHost,          // neither a DNS name (letters, digits, '-', '.') nor an IP literal
  kPort,          // present but not a number from 1 to 65535
  kUserinfo,      // "name@host": a browser would show one host and go to another
  kFragment,      // '#'
};

struct UriOptions {
  bool wildcard_port = false;  // desktop registrations may name the port "*"
};

struct UriReport;

class Uri {
 public:
  // As written in the text (Boost.URL's encoded views): comparing parts compares characters.
  struct Parts {
    std::string scheme;
    std::string host;                  // a name or a bracketed IP literal
    std::optional<std::string> port;   // digits, or "*" with UriOptions::wildcard_port
    std::string path;                  // percent-encoded; empty or starting with '/'
    std::optional<std::string> query;  // percent-encoded, without the '?'
    bool host_is_name = false;         // a DNS name rather than an IP literal
  };

  // Every rule `text` breaks; the Uri only when it breaks none.
  static UriReport check(std::string_view text, UriOptions options = {});
  static std::optional<Uri> parse(std::string_view text, UriOptions options = {});

  const Parts& parts() const { return parts_; }
  const std::string& scheme() const { return parts_.scheme; }
  const std::string& host() const { return parts_.host; }
  bool wildcard_port() const { return parts_.port == "*"; }

  // The URI rebuilt from its parts; equals the checked text character for character.
  std::string str() const;
  // The URI with `params` form-encoded onto its query (after a '&' when it already has one).
  std::string with_params(const std::vector<std::pair<std::string, std::string>>& params) const;

 private:
  explicit Uri(Parts parts) : parts_(std::move(parts)) {}
  Parts parts_;
};

struct UriReport {
  std::vector<UriFlaw> flaws;  // every broken rule, in UriFlaw order
  // The parts when the text has a URI's structure (also when it breaks other rules), for
  // callers that explain their own rules (SPEC §1 messages per platform).
  std::optional<Uri::Parts> parts;
  std::optional<Uri> uri;  // only when no rule is broken
  bool has(UriFlaw f) const;
};

// A same-origin target for a redirect after sign-in: '/', then a path of safe characters (and
// an optional query), never "//" or '\', no spaces or control characters. An allow-list, so a
// browser cannot read it as another origin however it repairs what it is given.
inline constexpr std::size_t kMaxLocalTargetLength = 8192;
bool is_local_target(std::string_view target);

}  // namespace loginkit
