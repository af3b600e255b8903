#pragma once
// An endpoint as an ordered list of small named checks (after node-oidc-provider): each reads the
// request being built, may fill part of it in, and may fail; the first failure ends the request.
#include <optional>
#include <span>
#include <string_view>

namespace loginkit {

template <typename Draft, typename Failure>
struct NamedCheck {
  std::string_view name;
  std::optional<Failure> (*run)(Draft&);
};

template <typename Draft, typename Failure>
std::optional<Failure> run_checks(std::span<const NamedCheck<Draft, Failure>> checks,
                                  Draft& draft) {
  for (const auto& check : checks) {
    if (auto failure = check.run(draft)) return failure;
  }
  return std::nullopt;
}

}  // namespace loginkit
