#pragma once
// The TLS server context of the public listener, and how a reload replaces it. A connection holds
// the context it was accepted with to its end; only later handshakes see a new one.
#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <string>

#include "http/server.hpp"

namespace loginkit::http {

using SslContext = std::shared_ptr<boost::asio::ssl::context>;

// A server context for one certificate chain and key (TLS 1.2 and later). Throws, naming the file
// and the reason, when either cannot be loaded or the key is not the certificate's.
SslContext make_ssl_context(const std::string& cert, const std::string& key);

// SIGHUP: asks the owner for its new configuration, loads the TLS files it names (when `ssl` is
// set: the server serves TLS) and either swaps both in or refuses both.
void reload(const Lifecycle& lifecycle, SslContext& ssl);

}  // namespace loginkit::http
