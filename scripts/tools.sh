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

# build_tool <binary name> <module path> <package path> <its Go module under tools/> [flags function]
# The optional flags function prints more `go build` flags, one per line; it is called only when the tool is built.
# Set CGO_ENABLED=0 on the call for a static binary without a C toolchain.
build_tool() {
  local name="$1" module="$2" package="$3" flags_fn="${5:-}" flags version dest tmp go_bin tools_module
  local -a extra_flags=()
  tools_module="$tools_root/$4"
  version="$(pinned_version "$module" "$tools_module")"
  [[ -n "$version" ]] || fail "$module is not required in tools/<tool>/go.mod; add it to that module's tools.go and run 'go mod tidy' there"
  dest="$tools_dir/$name-$version/$name"
  [[ -x "$dest" ]] && return 0

  go_bin="$(find_go)"
  echo "tools.sh: building $name $version from source with $("$go_bin" env GOVERSION) into $dest"
  mkdir -p "$(dirname "$dest")"
  tmp="$dest.partial.$$"
  if [[ -n "$flags_fn" ]]; then
    flags="$(cd "$tools_module" && "$flags_fn" "$go_bin" "$version")" || fail "$flags_fn could not work out the build flags of $name $version"
    mapfile -t extra_flags <<<"$flags"
  fi
  # GOTOOLCHAIN=local: use the Go that is installed, never download another toolchain.
  if ! (cd "$tools_module" &&
    GOTOOLCHAIN=local GOFLAGS=-mod=readonly "$go_bin" build -trimpath "${extra_flags[@]}" -o "$tmp" "$package"); then
    rm -f "$tmp"
    fail "building $name $version failed (see the Go output above). tools/<tool>/go.mod needs Go $(awk '$1 == "go" { print $2 }' "$tools_module/go.mod") or newer."
  fi
  mv -f "$tmp" "$dest" # atomic: a concurrent or interrupted run never leaves a half-written binary
}

# Flags for kube-apiserver (run in tools/kubernetes with <go> <version>): like Kubernetes' own release builds
# (hack/lib/version.sh, hack/lib/golang.sh), so that /version reports the release instead of v0.0.0-master and
# clients that check the server's version see the real one. The build date is the release's time from the module
# proxy, the same on every machine; the module's zip carries no git commit, so gitCommit is left empty. `-s -w`:
# no symbol tables or DWARF, as upstream.
kube_apiserver_flags() {
  local go_bin="$1" version="$2" date minor ldflags="-s -w" pkg
  date="$(GOTOOLCHAIN=local GOFLAGS=-mod=readonly "$go_bin" list -m -f '{{.Time.UTC.Format "2006-01-02T15:04:05Z"}}' k8s.io/kubernetes)"
  minor="${version#v1.}"
  minor="${minor%%.*}"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $pkg.gitVersion=$version -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
    ldflags+=" -X $pkg.gitCommit= -X $pkg.gitTreeState=clean -X $pkg.buildDate=$date"
  done
  printf '%s\n' -ldflags "$ldflags"
}

# Release builds of etcd are stripped too.
strip_flags() {
  printf '%s\n' -ldflags '-s -w'
}

build_tool nats-server github.com/nats-io/nats-server/v2 github.com/nats-io/nats-server/v2 nats-server
# The S3 server of the object store tests (`weed mini`). Large: the first build takes ~4-5 minutes on 2 cores
# (plus ~1 minute of module downloads); later runs find it in the cache.
build_tool weed github.com/seaweedfs/seaweedfs github.com/seaweedfs/seaweedfs/weed seaweedfs
# The Kubernetes API server of the Kubernetes adapter's integration tests, and the etcd it stores into. Static
# (CGO_ENABLED=0) like Kubernetes' and etcd's own release binaries. The first build of both takes ~6 minutes on 2
# cores, module downloads (~700 MB) included: kube-apiserver ~5.5, etcd ~0.5 after it; later runs find them cached.
CGO_ENABLED=0 build_tool kube-apiserver k8s.io/kubernetes k8s.io/kubernetes/cmd/kube-apiserver kubernetes kube_apiserver_flags
# Its controllers (garbage collector, PV binder, ReplicaSets, cluster role aggregation, service accounts) make the
# API server behave like a cluster without nodes; built from the same module, ~3 more minutes on a cold cache.
CGO_ENABLED=0 build_tool kube-controller-manager k8s.io/kubernetes k8s.io/kubernetes/cmd/kube-controller-manager kubernetes kube_apiserver_flags
CGO_ENABLED=0 build_tool etcd go.etcd.io/etcd/server/v3 go.etcd.io/etcd/server/v3 etcd strip_flags
