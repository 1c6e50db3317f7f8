#!/usr/bin/env bash
# go-ensure.sh: make sure a Go toolchain of 1.26 or later answers as `go`.
set -euo pipefail
if ! command -v go >/dev/null; then
  echo "no go command: install Go 1.26 (https://go.dev/doc/install) and add it to PATH, e.g. /usr/local/go/bin" >&2
  exit 1
fi
v=$(go env GOVERSION | sed 's/^go//')
major=${v%%.*}; rest=${v#*.}; minor=${rest%%.*}
if [ "$major" -lt 1 ] || { [ "$major" -eq 1 ] && [ "$minor" -lt 26 ]; }; then
  echo "Go $v is older than 1.26: install Go 1.26, or from Go 1.21 on run make with GOTOOLCHAIN=go1.26.8" >&2
  exit 1
fi
