#pragma once
// Who the client is when a load balancer stands in front: the peer's address and whether the
// client reached us over TLS, as the transport saw them, corrected from X-Forwarded-For and
// X-Forwarded-Proto only when the peer is a proxy the operator trusts. Handlers see the result as
// Request::remote_address and Request::tls and never read the forwarding headers themselves.
#include <string>
#include <vector>

#include "api/http_types.hpp"

namespace loginkit::http {

// Rewrites req.remote_address from the last X-Forwarded-For hop (the one the trusted proxy
// appended) and req.tls from X-Forwarded-Proto, when req.remote_address is in `trusted_proxies`;
// from any other peer the headers are ignored.
void apply_trusted_proxy(const std::vector<std::string>& trusted_proxies, Request& req);

}  // namespace loginkit::http
