#pragma once
// The one writer of loginkit's JSON log lines (access log, errors, readiness failures). Lines are
// serialized by Boost.JSON, never pasted together: a quote or newline inside a value (an exception
// message quoting client input, a path) stays inside its string and cannot end the line or forge
// fields.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <string>
#include <string_view>

namespace loginkit {

// `fields` as one JSON line ending in '\n'. String values (nested ones too) are made valid UTF-8
// without control characters first, so the line is well-formed whatever bytes they carried.
std::string log_line(boost::json::object fields);

// Writes log_line(fields) to `fd` with one write(2), so lines from many threads never interleave.
void write_log_line(int fd, boost::json::object fields);

// Builds one log line field by field into a caller's buffer, byte for byte what log_line() writes
// for the same fields, without a boost::json::object: the access log's per-request path reuses
// one buffer and allocates nothing for the usual (printable ASCII) values.
class LogLineBuilder {
 public:
  explicit LogLineBuilder(std::string& out);  // clears `out`
  LogLineBuilder& add(std::string_view key, std::string_view value);
  LogLineBuilder& add_int(std::string_view key, std::int64_t value);
  LogLineBuilder& add_number(std::string_view key, double value);
  // Closes the object and ends the line; `out` is then complete.
  void finish();

 private:
  void key(std::string_view k);
  LogLineBuilder& add_number_text(std::string_view k, const boost::json::value& v);
  std::string& out_;
};

}  // namespace loginkit
