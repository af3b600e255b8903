#include "core/log_line.hpp"

#include <unistd.h>

#include <boost/json/serialize.hpp>
#include <boost/json/serializer.hpp>
#include <boost/json/string.hpp>
#include <boost/json/value.hpp>

#include "core/utf8.hpp"

namespace loginkit {
namespace {

void make_printable(boost::json::value& v) {
  if (auto* s = v.if_string()) {
    *s = printable_utf8(std::string_view(s->data(), s->size()));
  } else if (auto* o = v.if_object()) {
    for (auto& member : *o) make_printable(member.value());
  } else if (auto* a = v.if_array()) {
    for (auto& item : *a) make_printable(item);
  }
}

// Appends `text` as log_line() would write it: made printable, then as a JSON string.
void append_string(std::string& out, std::string_view text) {
  bool plain = true;
  for (char c : text) {
    if (c < 0x20 || c > 0x7E) {
      plain = false;
      break;
    }
  }
  if (!plain) {
    // Rare (non-ASCII, control characters): the general path, allocations and all.
    std::string clean = printable_utf8(text);
    out += boost::json::serialize(boost::json::string(clean));
    return;
  }
  out.push_back('"');
  for (char c : text) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
}

}  // namespace

LogLineBuilder::LogLineBuilder(std::string& out) : out_(out) {
  out_.clear();
  out_.push_back('{');
}

void LogLineBuilder::key(std::string_view k) {
  if (out_.size() > 1) out_.push_back(',');
  append_string(out_, k);
  out_.push_back(':');
}

LogLineBuilder& LogLineBuilder::add(std::string_view k, std::string_view value) {
  key(k);
  append_string(out_, value);
  return *this;
}

LogLineBuilder& LogLineBuilder::add_int(std::string_view k, std::int64_t value) {
  return add_number_text(k, boost::json::value(value));
}

LogLineBuilder& LogLineBuilder::add_number(std::string_view k, double value) {
  return add_number_text(k, boost::json::value(value));
}

// Numbers are written by Boost.JSON's own serializer (its spelling of doubles, e.g. 1.5E-1),
// one per thread and reused, into a stack buffer.
LogLineBuilder& LogLineBuilder::add_number_text(std::string_view k, const boost::json::value& v) {
  key(k);
  thread_local boost::json::serializer sr;
  sr.reset(&v);
  char buf[64];
  while (!sr.done()) out_.append(sr.read(buf, sizeof buf));
  return *this;
}

void LogLineBuilder::finish() {
  out_.append("}\n");
}

std::string log_line(boost::json::object fields) {
  for (auto& member : fields) make_printable(member.value());
  std::string line = boost::json::serialize(fields);
  line.push_back('\n');
  return line;
}

void write_log_line(int fd, boost::json::object fields) {
  std::string line = log_line(std::move(fields));
  [[maybe_unused]] auto n = ::write(fd, line.data(), line.size());
}

}  // namespace loginkit
