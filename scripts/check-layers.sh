#!/usr/bin/env bash
# The rules the linker cannot see, checked by grep over src/. Prints `file:line: rule: what` for
# each violation and fails if any rule not listed in REPORT_ONLY has one.
# Usage: scripts/check-layers.sh [rule...]   (default: every rule)
# Rules: layers beast sqlite libpq dialect size
set -euo pipefail
cd "$(dirname "$0")/.."

# These rules print their violations without failing; delete a name to enforce that rule.
REPORT_ONLY=()

# Known violations as file:rule, each waiting for the move its comment names.
ALLOWED=(
  # Drives oauth's app registry over every engine: belongs in src/oauth.
  src/store/store_contract_app_update_test.cpp:layers
  # Creates and drops the contract suite's databases: belongs beside the postgres engine.
  src/store/store_contract_fixture.hpp:libpq
)

# The modules each module's files may include: its own and those below it
# (core <- store <- oauth <- api <- http <- cli; web serves api, ops and sandbox serve cli).
declare -A MAY_USE=(
  [core]="core"
  [store]="core store"
  [oauth]="core store oauth"
  [web]="core web"
  [api]="core store oauth web api"
  [http]="core store oauth web api http"
  [ops]="core ops"
  [sandbox]="core store oauth web api sandbox"
  [cli]="core store oauth web api http ops sandbox cli"
)
MAX_LINES=400

rules=("$@")
((${#rules[@]})) || rules=(layers beast sqlite libpq dialect size)
failed=0

# violation RULE FILE:LINE WHAT
violation() {
  local file=${2%%:*}
  [[ " ${ALLOWED[*]} " == *" $file:$1 "* ]] && return 0
  echo "$2: $1: $3"
  [[ " ${REPORT_ONLY[*]} " == *" $1 "* ]] || failed=1
}

# only_in RULE DIR REGEX WHAT: REGEX may match only under DIR.
only_in() {
  local file line
  while IFS=: read -r file line _; do
    [[ "$file" == "$2"/* ]] || violation "$1" "$file:$line" "$4"
  done < <(grep -rnE "$3" src || true)
}

for rule in "${rules[@]}"; do
  case "$rule" in
    layers)
      for module in "${!MAY_USE[@]}"; do
        files=(src/"$module")
        [[ "$module" == cli ]] && files+=(src/main.cpp)
        while IFS=: read -r file line text; do
          used=""
          [[ "$text" =~ \"([a-z_]+)/ ]] && used=${BASH_REMATCH[1]}
          [[ -d "src/$used" ]] || continue
          [[ " ${MAY_USE[$module]} " == *" $used "* ]] ||
            violation layers "$file:$line" "$module may not include $used/ (may use: ${MAY_USE[$module]})"
        done < <(grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"[a-z_]+/' "${files[@]}" || true)
      done
      for dir in src/*/; do
        dir=${dir%/}
        [[ -n "${MAY_USE[${dir#src/}]:-}" ]] || violation layers "$dir:1" "module missing from MAY_USE"
      done
      ;;
    beast) only_in beast src/http '#[[:space:]]*include[[:space:]]*[<"]boost/(beast|asio)' \
      "Beast and Asio belong to src/http" ;;
    sqlite) only_in sqlite src/store/sqlite '#[[:space:]]*include[[:space:]]*[<"]sqlite3\.h' \
      "sqlite3.h belongs to src/store/sqlite" ;;
    libpq) only_in libpq src/store/postgres '#[[:space:]]*include[[:space:]]*[<"](libpq-fe\.h|libpq/|postgresql/)' \
      "libpq belongs to src/store/postgres" ;;
    dialect)
      while IFS=: read -r file line _; do
        [[ "$(basename "$file")" == *dialect* ]] || violation dialect "$file:$line" \
          "api_version == 1 outside a dialect file"
      done < <(grep -rnE 'api_version[[:space:]]*==[[:space:]]*1\b' src || true)
      ;;
    size)
      while read -r lines file; do
        ((lines > MAX_LINES)) && violation size "$file:$((MAX_LINES + 1))" "$lines lines (at most $MAX_LINES)"
      done < <(find src -type f -exec wc -l {} + | grep -v ' total$')
      ;;
    *) echo "check-layers: unknown rule '$rule'" >&2; exit 2 ;;
  esac
done

((failed)) && { echo "check-layers: violations found" >&2; exit 1; }
echo "layers: ok"
