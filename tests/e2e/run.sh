#!/usr/bin/env bash
# Runs loginkit's end-to-end browser tests (node:test + playwright-core driving Debian's chromium).
# Usable from any directory:  bash tests/e2e/run.sh [extra node --test options]
#   LOGINKIT_BIN    server binary      (default <repo>/build/debug/loginkit)
#   SCREENSHOT_DIR  screenshots (PNG)  (default <repo>/build/e2e-screenshots; emptied of old PNGs first)
#   CHROMIUM_BIN    browser            (default /usr/bin/chromium; never downloaded)
# Exit code: node's.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"   # tests/e2e
repo="$(cd "$here/../.." && pwd)"

command -v node >/dev/null || { echo "run.sh: node is not installed (see scripts/install-deps.sh --test)" >&2; exit 1; }
chromium="${CHROMIUM_BIN:-/usr/bin/chromium}"
[[ -x "$chromium" ]] || { echo "run.sh: $chromium not found; install Debian's chromium (apt-get install chromium)" >&2; exit 1; }

if [[ ! -d "$here/node_modules/playwright-core" ]]; then
  # playwright-core never downloads a browser; the variable makes sure nothing else does either.
  (cd "$here" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi

default_shots="$repo/build/e2e-screenshots"
export SCREENSHOT_DIR="${SCREENSHOT_DIR:-$default_shots}"
export LOGINKIT_BIN="${LOGINKIT_BIN:-$repo/build/debug/loginkit}"
export CHROMIUM_BIN="$chromium"
mkdir -p "$SCREENSHOT_DIR"
if [[ "$SCREENSHOT_DIR" == "$default_shots" ]]; then
  rm -f "$SCREENSHOT_DIR"/*.png "$SCREENSHOT_DIR"/*.screenshots.txt
fi

cd "$repo"
set +e
node --test --test-concurrency=1 "$@" tests/e2e/
rc=$?
set -e
echo "e2e screenshots: $SCREENSHOT_DIR (index: *.screenshots.txt)"
exit "$rc"
