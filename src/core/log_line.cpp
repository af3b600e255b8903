#include "core/log_line.hpp"

#include <unistd.h>

#include <boost/json/serialize.hpp>
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

}  // namespace

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
