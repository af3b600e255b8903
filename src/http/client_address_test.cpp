#include "http/client_address.hpp"

#include <gtest/gtest.h>

namespace loginkit::http {
namespace {

Request from(std::string peer, std::vector<std::pair<std::string, std::string>> headers,
             bool tls = false) {
  Request r;
  r.remote_address = std::move(peer);
  r.headers = std::move(headers);
  r.tls = tls;
  return r;
}

const std::vector<std::string> kProxies{"10.0.0.1", "::1"};

TEST(TrustedProxy, TakesTheLastForwardedHopAndTheScheme) {
  Request r = from("10.0.0.1", {{"x-forwarded-for", "203.0.113.9, 198.51.100.7 "},
                                {"x-forwarded-proto", "HTTPS"}});
  apply_trusted_proxy(kProxies, r);
  EXPECT_EQ(r.remote_address, "198.51.100.7");
  EXPECT_TRUE(r.tls);
}

TEST(TrustedProxy, OneHopAndPlainHttp) {
  Request r =
      from("::1", {{"x-forwarded-for", "  203.0.113.9"}, {"x-forwarded-proto", "http"}}, true);
  apply_trusted_proxy(kProxies, r);
  EXPECT_EQ(r.remote_address, "203.0.113.9");
  EXPECT_FALSE(r.tls);
}

TEST(TrustedProxy, AnyOtherPeerIsTakenAsItIs) {
  Request r =
      from("192.0.2.1", {{"x-forwarded-for", "203.0.113.9"}, {"x-forwarded-proto", "https"}});
  apply_trusted_proxy(kProxies, r);
  EXPECT_EQ(r.remote_address, "192.0.2.1");
  EXPECT_FALSE(r.tls);
  Request none = from("10.0.0.1", {{"x-forwarded-for", "203.0.113.9"}});
  apply_trusted_proxy({}, none);
  EXPECT_EQ(none.remote_address, "10.0.0.1");
}

TEST(TrustedProxy, EmptyOrMissingHeadersChangeNothing) {
  Request empty_hop = from("10.0.0.1", {{"x-forwarded-for", "203.0.113.9,  "}});
  apply_trusted_proxy(kProxies, empty_hop);
  EXPECT_EQ(empty_hop.remote_address, "10.0.0.1");
  Request bare = from("10.0.0.1", {}, true);
  apply_trusted_proxy(kProxies, bare);
  EXPECT_EQ(bare.remote_address, "10.0.0.1");
  EXPECT_TRUE(bare.tls);
}

}  // namespace
}  // namespace loginkit::http
