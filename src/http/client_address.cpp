#include "http/client_address.hpp"

#include <algorithm>
#include <string_view>

#include "core/form.hpp"

namespace loginkit::http {

void apply_trusted_proxy(const std::vector<std::string>& trusted_proxies, Request& req) {
  if (std::find(trusted_proxies.begin(), trusted_proxies.end(), req.remote_address) ==
      trusted_proxies.end()) {
    return;
  }
  if (auto xff = req.header("x-forwarded-for")) {
    // The last hop is the one our trusted proxy appended.
    std::string_view v = *xff;
    auto comma = v.rfind(',');
    if (comma != std::string_view::npos) v = v.substr(comma + 1);
    while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
    while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
    if (!v.empty()) req.remote_address = std::string(v);
  }
  if (auto proto = req.header("x-forwarded-proto")) req.tls = iequals(*proto, "https");
}

}  // namespace loginkit::http
