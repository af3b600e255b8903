#pragma once
// Client bytes that are echoed into JSON, HTML or logs must be valid UTF-8 (RFC 8259 §8.1).
#include <string>
#include <string_view>

namespace loginkit {
// `text` with every invalid UTF-8 sequence replaced by U+FFFD and control characters (other
// than tab) dropped; valid text comes back unchanged.
std::string printable_utf8(std::string_view text);
// True when `text` is valid UTF-8 without control characters (other than tab): what may be
// stored as a name, an email, a client key. PostgreSQL refuses NUL and invalid UTF-8 outright.
bool is_printable_utf8(std::string_view text);
}  // namespace loginkit
