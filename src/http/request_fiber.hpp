#pragma once
// Runs a blocking request handler inside a stackful fiber on the connection's strand, with a
// Suspender (core/suspend.hpp) that parks the fiber instead of the thread. The event-loop threads
// (one per core) therefore never block on a group commit, a database round trip or a password
// hash, and no request is handed to another thread just to run.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <functional>

#include "api/http_types.hpp"

namespace loginkit::http {

boost::asio::awaitable<Response> run_in_fiber(boost::asio::any_io_executor ex,
                                              std::function<Response()> handler);

}  // namespace loginkit::http
