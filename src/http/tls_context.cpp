#include "http/tls_context.hpp"

#include <openssl/ssl.h>

#include <optional>
#include <stdexcept>

namespace loginkit::http {

namespace asio = boost::asio;

SslContext make_ssl_context(const std::string& cert, const std::string& key) {
  auto ssl = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_server);
  ssl->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                   asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                   asio::ssl::context::no_tlsv1_1);
  try {
    ssl->use_certificate_chain_file(cert);
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot load the TLS certificate " + cert + ": " + e.what());
  }
  try {
    ssl->use_private_key_file(key, asio::ssl::context::pem);
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot load the TLS key " + key + ": " + e.what());
  }
  // A key of another type than the certificate loads without complaint; this catches it too.
  if (SSL_CTX_check_private_key(ssl->native_handle()) != 1) {
    throw std::runtime_error("the TLS key " + key + " does not match the certificate " + cert);
  }
  return ssl;
}

void reload(const Lifecycle& lifecycle, SslContext& ssl) {
  std::optional<PendingReload> pending = lifecycle.reload();
  if (!pending) return;
  SslContext next;
  if (ssl) {
    try {
      next = make_ssl_context(pending->tls_cert, pending->tls_key);
    } catch (const std::exception& e) {
      pending->refuse(e.what());
      return;
    }
  }
  if (next) ssl = std::move(next);
  pending->commit();
}

}  // namespace loginkit::http
