#include "core/uri.hpp"

#include <algorithm>
#include <boost/url/authority_view.hpp>
#include <boost/url/grammar/hexdig_chars.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/rfc/reserved_chars.hpp>
#include <boost/url/rfc/sub_delim_chars.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <cctype>

#include "core/form.hpp"

namespace loginkit {
namespace {

namespace urls = boost::urls;

bool escape_at(std::string_view s, std::size_t i) {
  return i + 2 < s.size() && urls::grammar::hexdig_chars(s[i + 1]) &&
         urls::grammar::hexdig_chars(s[i + 2]);
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// What the parser accepts as a DNS name also allows '_', '~', sub-delims and %-escapes; a
// browser would read those differently from us (or not at all), so names are kept plain.
bool plain_name(std::string_view host) {
  return !host.empty() && std::all_of(host.begin(), host.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.';
  });
}

bool valid_port(std::string_view port) {
  if (port.empty() || port.size() > 5) return false;
  int value = 0;
  for (char c : port) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  return value >= 1 && value <= 65535;
}

class Checker {
 public:
  explicit Checker(UriReport& r) : r_(r) {}

  void flag(UriFlaw f) {
    if (!r_.has(f)) r_.flaws.push_back(f);
  }

  // Drops what the parser must not see (each drop names its rule), so the structure of the rest
  // can still be explained.
  std::string screen(std::string_view text) {
    std::string clean;
    clean.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
      auto c = static_cast<unsigned char>(text[i]);
      if (c <= 0x20 || c == 0x7f) {
        flag(UriFlaw::kControl);
      } else if (c >= 0x80) {
        flag(UriFlaw::kNonAscii);
      } else if (c == '\\') {
        flag(UriFlaw::kBackslash);
      } else if ((c == '%' && !escape_at(text, i)) ||
                 (c != '%' && !urls::unreserved_chars(c) && !urls::reserved_chars(c))) {
        flag(UriFlaw::kBadCharacter);
      } else {
        clean.push_back(static_cast<char>(c));
      }
    }
    return clean;
  }

  // The parts of a parsed URI, flagging each rule they break. `port` overrides the parsed port
  // (the wildcard, or the text a diagnosis cut off).
  void read(const urls::url_view& u, std::optional<std::string> port = std::nullopt) {
    if (u.has_fragment()) flag(UriFlaw::kFragment);
    if (!u.has_authority()) {
      flag(UriFlaw::kNotAbsolute);
      return;
    }
    Uri::Parts p;
    p.scheme = std::string(u.scheme());
    std::string scheme = lower(p.scheme);
    if (scheme != "http" && scheme != "https") flag(UriFlaw::kScheme);
    if (u.has_userinfo()) flag(UriFlaw::kUserinfo);
    p.host = std::string(u.encoded_host());
    p.host_is_name = u.host_type() == urls::host_type::name;
    bool ip = u.host_type() == urls::host_type::ipv4 || u.host_type() == urls::host_type::ipv6;
    if (!(ip || (p.host_is_name && plain_name(p.host)))) flag(UriFlaw::kHost);
    if (port) {
      p.port = std::move(port);
    } else if (u.has_port()) {
      p.port = std::string(u.port());
      if (!valid_port(*p.port)) flag(UriFlaw::kPort);
    }
    p.path = std::string(u.encoded_path());
    // Boost.URL 1.81 reads "host:abc/cb" as an empty port and the path "abc/cb".
    if (!p.path.empty() && p.path.front() != '/') {
      flag(u.has_port() ? UriFlaw::kPort : UriFlaw::kNotAbsolute);
    }
    if (u.has_query()) p.query = std::string(u.encoded_query());
    r_.parts = std::move(p);
  }

  // The text did not parse: find the rule it breaks (RFC 3986 Appendix B splits any string into
  // scheme, authority and the rest; the parser judges each piece).
  void diagnose(const std::string& clean) {
    if (clean.find('#') != std::string::npos) flag(UriFlaw::kFragment);
    auto sep = clean.find("://");
    if (sep == std::string::npos || sep == 0 || !urls::parse_uri(clean.substr(0, sep + 1))) {
      flag(UriFlaw::kNotAbsolute);
      return;
    }
    std::string_view rest = std::string_view(clean).substr(sep + 3);
    std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
    if (urls::parse_authority(authority)) {
      flag(UriFlaw::kBadCharacter);  // e.g. '[' in the path
      return;
    }
    auto colon = authority.rfind(':');
    if (colon != std::string_view::npos && authority.find(']', colon) == std::string_view::npos &&
        urls::parse_authority(authority.substr(0, colon))) {
      flag(UriFlaw::kPort);
      std::string without_port = clean.substr(0, sep + 3) +
                                 std::string(authority.substr(0, colon)) +
                                 std::string(rest.substr(authority.size()));
      if (auto u = urls::parse_uri(without_port)) {
        read(*u, std::string(authority.substr(colon + 1)));
      }
      return;
    }
    flag(UriFlaw::kHost);
  }

 private:
  UriReport& r_;
};

}  // namespace

bool UriReport::has(UriFlaw f) const {
  return std::find(flaws.begin(), flaws.end(), f) != flaws.end();
}

UriReport Uri::check(std::string_view text, UriOptions options) {
  UriReport r;
  Checker c(r);
  if (text.size() >= kMaxUriLength) c.flag(UriFlaw::kTooLong);
  std::string clean = c.screen(text);
  bool read = false;
  // A desktop "*" port: parse with a digit in its place, and accept it only when the parser
  // puts the port exactly there.
  if (auto star = clean.find(":*"); options.wildcard_port && star != std::string::npos) {
    std::string digit = clean;
    digit[star + 1] = '1';
    auto u = urls::parse_uri(digit);
    if (u && u->has_port() && u->port() == "1" &&
        u->port().data() == u->buffer().data() + star + 1) {
      c.read(*u, "*");
      read = true;
    }
  }
  if (!read) {
    if (auto u = urls::parse_uri(clean)) {
      c.read(*u);
    } else {
      c.diagnose(clean);
    }
  }
  std::sort(r.flaws.begin(), r.flaws.end());
  if (r.flaws.empty() && r.parts) r.uri = Uri(*r.parts);
  return r;
}

std::optional<Uri> Uri::parse(std::string_view text, UriOptions options) {
  return check(text, options).uri;
}

std::string Uri::str() const {
  std::string out = parts_.scheme + "://" + parts_.host;
  if (parts_.port) out += ":" + *parts_.port;
  out += parts_.path;
  if (parts_.query) out += "?" + *parts_.query;
  return out;
}

std::string Uri::with_params(const std::vector<std::pair<std::string, std::string>>& params) const {
  return str() + (parts_.query ? '&' : '?') + encode_form(params);
}

bool is_local_target(std::string_view t) {
  if (t.empty() || t.size() > kMaxLocalTargetLength || t.front() != '/') return false;
  auto query_at = std::min(t.find('?'), t.size());
  if (t.substr(0, query_at).find("//") != std::string_view::npos) return false;
  for (std::size_t i = 0; i < t.size(); ++i) {
    auto c = static_cast<unsigned char>(t[i]);
    bool in_path = i < query_at;
    if (c == '%') {
      if (!escape_at(t, i)) return false;
      // An escaped '/', '\' or control character in the path is inert for browsers, but a proxy
      // that decodes paths could turn it into "//host"; nothing of ours needs one.
      int byte = std::stoi(std::string(t.substr(i + 1, 2)), nullptr, 16);
      if (in_path && (byte == '/' || byte == '\\' || byte < 0x20 || byte == 0x7f)) return false;
      i += 2;
      continue;
    }
    bool safe = urls::unreserved_chars(c) || (urls::sub_delim_chars(c) && c != '\'') || c == ':' ||
                c == '@' || c == '/' || (!in_path && c == '?');
    if (!safe) return false;
  }
  return urls::parse_origin_form(t).has_value();
}

}  // namespace loginkit
