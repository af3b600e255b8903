#pragma once
// What every protocol operation needs, injected: storage, time, settings.
#include "core/clock.hpp"
#include "core/config.hpp"
#include "store/store.hpp"

namespace loginkit {

struct OAuthContext {
  Store& store;
  const Clock& clock;
  const OAuthConfig& config;
};

}  // namespace loginkit
