#!/usr/bin/env bash
# fuzz.sh [SECONDS]: run every fuzz target of the module for SECONDS each
# (30 by default), so that no parser's target is forgotten when code moves.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-30}
go=${GO:-go}
grep -rl --include='*_test.go' '^func Fuzz' . | sort | while read -r f; do
  pkg="./$(dirname "${f#./}")"
  for fn in $(grep -o '^func Fuzz[A-Za-z0-9_]*' "$f" | cut -d' ' -f2); do
    echo "== $pkg $fn"
    "$go" test "$pkg" -run '^$' -fuzz "^${fn}\$" -fuzztime "${secs}s"
  done
done
