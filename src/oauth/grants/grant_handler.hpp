#pragma once
// One handler per grant type behind one interface (after fosite), looked up by `grant_type`.
#include <map>
#include <memory>
#include <string>

#include "core/error.hpp"
#include "core/form.hpp"
#include "oauth/context.hpp"
#include "oauth/dialect.hpp"
#include "oauth/token_response.hpp"

namespace loginkit {

// One token request on its way through a grant handler: the dialect renders its failures and
// labels its metrics; the trace collects what the call was about.
struct TokenCall {
  OAuthContext& ctx;
  const Dialect& dialect;
  const Params& params;
  CallTrace& trace;
};

class GrantHandler {
 public:
  virtual ~GrantHandler() = default;
  // `client` is already authenticated.
  virtual Result<TokenResponse> handle(TokenCall& call, const App& client) = 0;
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

// Each version's grants, wired in one place: v1 has no client_credentials (SPEC §3).
GrantRegistry make_v2_grants();
GrantRegistry make_v1_grants();

}  // namespace loginkit
