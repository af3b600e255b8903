#!/usr/bin/env bash
# Builds loginkit, seeds the demo developer, app and end user into ./var/loginkit.db and serves
# on http://127.0.0.1:8080 (override with LISTEN=host:port). Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
listen="${LISTEN:-127.0.0.1:8080}"
./build/release/loginkit demo seed --data var --base-url "http://$listen"
exec ./build/release/loginkit serve --data var --listen "$listen"
