#!/usr/bin/env bash
# Installs loginkit's build and test dependencies from Debian 12 packages.
# Idempotent: installs only what is missing. Usage: scripts/install-deps.sh [--test]
set -euo pipefail

build_pkgs=(g++ cmake ninja-build pkg-config
  libboost1.81-dev libboost-json1.81-dev libboost-context1.81-dev libboost-url1.81-dev
  libssl-dev libsodium-dev libtomlplusplus-dev libkainjow-mustache-dev libsqlite3-dev libpq-dev sqlite3)
# sd_notify (Type=notify); the man page and the package dependencies of the .deb.
build_pkgs+=(libsystemd-dev help2man dpkg-dev)
test_pkgs=(libgtest-dev wrk curl openssl chromium postgresql postgresql-client haproxy nginx-light
  clang clang-format clang-tidy libclang-rt-14-dev)
# The package test: lintian, the notify-socket check in python3, strace for the W^X check.
test_pkgs+=(lintian python3 strace)

want=("${build_pkgs[@]}")
if [[ "${1:-}" == "--test" ]]; then
  want+=("${test_pkgs[@]}")
  # Node.js runs the integration tests; the machine image usually ships its own node and npm,
  # and Debian's nodejs/npm packages conflict with it, so only ask apt when none is present.
  command -v node >/dev/null || want+=(nodejs)
  command -v npm >/dev/null || want+=(npm)
fi

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo_cmd=""
  [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
