#pragma once
// One handler per grant type behind one interface (after fosite), looked up by `grant_type`.
#include <map>
#include <memory>
#include <string>

#include "core/error.hpp"
#include "core/form.hpp"
#include "oauth/context.hpp"
#include "oauth/token_response.hpp"

namespace loginkit {

class GrantHandler {
 public:
  virtual ~GrantHandler() = default;
  // `client` is already authenticated.
  virtual Result<TokenResponse> handle(OAuthContext& ctx, const App& client,
                                       const Params& body) = 0;
};

class GrantRegistry {
 public:
  void add(std::string grant_type, std::unique_ptr<GrantHandler> handler) {
    handlers_[std::move(grant_type)] = std::move(handler);
  }
  GrantHandler* find(const std::string& grant_type) const {
    auto it = handlers_.find(grant_type);
    return it == handlers_.end() ? nullptr : it->second.get();
  }

 private:
  std::map<std::string, std::unique_ptr<GrantHandler>> handlers_;
};

// The v2 token endpoint's grants, wired in one place.
GrantRegistry make_v2_grants();

}  // namespace loginkit
