#!/usr/bin/env bash
# The Debian package, end to end: builds it (release preset, `package` target), runs lintian on
# it (errors fail, warnings are listed), unpacks it into a throwaway root, checks the files and
# conffiles are where the unit and the docs say, then starts the INSTALLED binary with the
# INSTALLED configuration (data dir and ports overridden to a temp dir and port 0) and checks
# sd_notify READY=1, /healthz, exit 0 on SIGTERM and STOPPING=1 (serve_check.py). With strace
# available it also checks the server never maps writable+executable memory, which the unit's
# MemoryDenyWriteExecute=yes would refuse.
set -euo pipefail
cd "$(dirname "$0")/../.."
here=tests/package

cmake --preset release >/dev/null
cmake --build --preset release --target package
deb=$(ls -t build/release/loginkit_*.deb | head -1)
echo "package: $deb"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# lintian refuses nothing as root but says so on stderr; only E: lines fail the test.
lintian --tag-display-limit 0 "$deb" >"$tmp/lintian.txt" 2>&1 || true
if grep -q '^E: ' "$tmp/lintian.txt"; then
  echo "FAIL: lintian errors:"; grep '^E: ' "$tmp/lintian.txt"; exit 1
fi
echo "lintian: no errors; warnings and notes:"
grep -E '^(W|I|N): ' "$tmp/lintian.txt" | sed 's/^/  /' || echo "  (none)"

root="$tmp/root"
dpkg -x "$deb" "$root"
for f in usr/bin/loginkit etc/loginkit/loginkit.toml lib/systemd/system/loginkit.service \
  usr/share/man/man1/loginkit.1.gz usr/share/doc/loginkit/copyright \
  usr/share/doc/loginkit/changelog.gz; do
  [[ -f "$root/$f" ]] || { echo "FAIL: /$f missing from the package"; exit 1; }
done
dpkg-deb -e "$deb" "$tmp/control"
grep -qx /etc/loginkit/loginkit.toml "$tmp/control/conffiles" ||
  { echo "FAIL: /etc/loginkit/loginkit.toml is not a conffile"; exit 1; }
grep -q '^Depends: .*libsystemd0' "$tmp/control/control" ||
  { echo "FAIL: Depends misses libsystemd0"; cat "$tmp/control/control"; exit 1; }
# The man page is the binary's own help.
zcat "$root/usr/share/man/man1/loginkit.1.gz" | grep -q 'loginkit — an OAuth 2.0' ||
  { echo "FAIL: the man page does not carry the CLI help"; exit 1; }
# The unit runs what the package installs.
grep -qx 'ExecStart=/usr/bin/loginkit serve --config /etc/loginkit/loginkit.toml' \
  "$root/lib/systemd/system/loginkit.service" || { echo "FAIL: unit ExecStart"; exit 1; }
# systemctl reload sends SIGHUP to the server after checking the file.
grep -qx 'ExecReload=/bin/kill -HUP $MAINPID' "$root/lib/systemd/system/loginkit.service" ||
  { echo "FAIL: unit ExecReload"; exit 1; }
echo "contents: binary, conffile, unit, man page, copyright, changelog"
# The unit's exposure score stays at or below 2.0 (the threshold is on a 0-100 scale).
systemd-analyze security --offline=true --threshold=20 \
  "$root/lib/systemd/system/loginkit.service" | tail -1

mkdir "$tmp/data"
strace_log=()
command -v strace >/dev/null && strace_log=("$tmp/maps.txt")
python3 "$here/serve_check.py" "$root/usr/bin/loginkit" "$root/etc/loginkit/loginkit.toml" \
  "$tmp/data" "${strace_log[@]}"
if ((${#strace_log[@]})); then
  if grep -E 'PROT_WRITE\|PROT_EXEC|PROT_EXEC\|PROT_WRITE|protect\(.*PROT_EXEC' "$tmp/maps.txt"; then
    echo "FAIL: writable+executable memory (MemoryDenyWriteExecute=yes would kill the server)"
    exit 1
  fi
  echo "memory: no writable+executable mapping in $(wc -l <"$tmp/maps.txt") mmap/mprotect calls"
fi
echo "PASS"
