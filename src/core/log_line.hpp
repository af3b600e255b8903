#pragma once
// The one writer of loginkit's JSON log lines (access log, errors, readiness failures). Lines are
// serialized by Boost.JSON, never pasted together: a quote or newline inside a value (an exception
// message quoting client input, a path) stays inside its string and cannot end the line or forge
// fields.
#include <boost/json/object.hpp>
#include <string>

namespace loginkit {

// `fields` as one JSON line ending in '\n'. String values (nested ones too) are made valid UTF-8
// without control characters first, so the line is well-formed whatever bytes they carried.
std::string log_line(boost::json::object fields);

// Writes log_line(fields) to `fd` with one write(2), so lines from many threads never interleave.
void write_log_line(int fd, boost::json::object fields);

}  // namespace loginkit
