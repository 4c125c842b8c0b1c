#!/usr/bin/env bash
# Builds the Go programs that Tandem's tests and lab run, at the versions pinned in tools/<tool>/go.mod, from source
# (never a prebuilt download) into a cache outside the clone:
#   ${TANDEM_TOOLS_DIR:-$HOME/.cache/tandem/tools}/<tool>-<version>/<tool>
# A version already built is reused, so this is fast when nothing changed; bumping a pin builds the new one.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools_root="$repo_root/tools"
tools_dir="${TANDEM_TOOLS_DIR:-${HOME:-$(cd ~ && pwd)}/.cache/tandem/tools}"

fail() {
  echo "tools.sh: $*" >&2
  exit 1
}

# The version of a module required in tools/<tool>/go.mod, in either the one-line or the block form of `require`.
pinned_version() {
  awk -v mod="$1" '$1 == mod { print $2; exit } $1 == "require" && $2 == mod { print $3; exit }' \
    "$2/go.mod"
}

find_go() {
  if command -v go >/dev/null 2>&1; then
    command -v go
  elif [[ -x /usr/local/go/bin/go ]]; then
    echo /usr/local/go/bin/go
  else
    fail "Go is needed to build the pinned tools but 'go' is not on PATH (nor at /usr/local/go/bin/go).
Install Go (the version in tools/<tool>/go.mod or newer) and run 'npm run tools' again."
  fi
}

# build_tool <binary name> <module path> <package path> <its Go module under tools/>
build_tool() {
  local name="$1" module="$2" package="$3" version dest tmp go_bin tools_module
  tools_module="$tools_root/$4"
  version="$(pinned_version "$module" "$tools_module")"
  [[ -n "$version" ]] || fail "$module is not required in tools/<tool>/go.mod; add it to that module's tools.go and run 'go mod tidy' there"
  dest="$tools_dir/$name-$version/$name"
  [[ -x "$dest" ]] && return 0

  go_bin="$(find_go)"
  echo "tools.sh: building $name $version from source with $("$go_bin" env GOVERSION) into $dest"
  mkdir -p "$(dirname "$dest")"
  tmp="$dest.partial.$$"
  # GOTOOLCHAIN=local: use the Go that is installed, never download another toolchain.
  if ! (cd "$tools_module" && GOTOOLCHAIN=local GOFLAGS=-mod=readonly "$go_bin" build -trimpath -o "$tmp" "$package"); then
    rm -f "$tmp"
    fail "building $name $version failed (see the Go output above). tools/<tool>/go.mod needs Go $(awk '$1 == "go" { print $2 }' "$tools_module/go.mod") or newer."
  fi
  mv -f "$tmp" "$dest" # atomic: a concurrent or interrupted run never leaves a half-written binary
}

build_tool nats-server github.com/nats-io/nats-server/v2 github.com/nats-io/nats-server/v2 nats-server
# The S3 server of the object store tests (`weed mini`). Large: the first build takes ~4-5 minutes on 2 cores
# (plus ~1 minute of module downloads); later runs find it in the cache.
build_tool weed github.com/seaweedfs/seaweedfs github.com/seaweedfs/seaweedfs/weed seaweedfs
