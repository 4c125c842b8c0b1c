#!/usr/bin/env bash
# Installs the programs `npm run bench -- datamover` compares Tandem with:
#   restic, rsync and GNU time (for peak RSS) from Debian's packages;
#   kopia, only with --kopia: built from source through the Go module proxy (never a prebuilt download) into
#   ${TANDEM_TOOLS_DIR:-$HOME/.cache/tandem/tools}/kopia-<version>/kopia, like scripts/tools.sh does.
# Safe to run again: what is installed already is kept. Prints one line per tool with its version.
set -euo pipefail

KOPIA_VERSION="${KOPIA_VERSION:-v0.21.1}"
tools_dir="${TANDEM_TOOLS_DIR:-${HOME:-$(cd ~ && pwd)}/.cache/tandem/tools}"
with_kopia=false
for arg in "$@"; do
  case "$arg" in
    --kopia) with_kopia=true ;;
    *) echo "usage: bash scripts/bench-tools.sh [--kopia]" >&2; exit 2 ;;
  esac
done

fail() {
  echo "bench-tools.sh: $*" >&2
  exit 1
}

missing=()
command -v restic >/dev/null 2>&1 || missing+=(restic)
command -v rsync >/dev/null 2>&1 || missing+=(rsync)
[[ -x /usr/bin/time ]] || missing+=(time)
if ((${#missing[@]} > 0)); then
  command -v apt-get >/dev/null 2>&1 || fail "missing ${missing[*]} and there is no apt-get: install them with this system's package manager"
  sudo=()
  [[ "$(id -u)" == 0 ]] || sudo=(sudo)
  echo "bench-tools.sh: installing ${missing[*]} from Debian's packages"
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if $with_kopia; then
  dest="$tools_dir/kopia-$KOPIA_VERSION/kopia"
  if [[ ! -x "$dest" ]]; then
    go_bin="$(command -v go || echo /usr/local/go/bin/go)"
    [[ -x "$go_bin" ]] || fail "--kopia needs Go to build kopia from source; 'go' is not on PATH (nor at /usr/local/go/bin/go)"
    echo "bench-tools.sh: building kopia $KOPIA_VERSION from source with $("$go_bin" env GOVERSION) (about 2 minutes on 2 cores)"
    mkdir -p "$(dirname "$dest")"
    tmp="$(mktemp -d)"
    trap 'rm -rf "$tmp"' EXIT
    # Built as a dependency of a throwaway module: `go install kopia@version` asks the proxy for the module's
    # version list (for deprecation notices), which the proxy here refuses. GOTOOLCHAIN=local: use the installed
    # Go, never download another toolchain.
    if ! (cd "$tmp" && export GOTOOLCHAIN=local GOFLAGS=-mod=mod &&
      "$go_bin" mod init bench-tools-kopia >/dev/null 2>&1 &&
      printf 'package tools\n\nimport _ "github.com/kopia/kopia"\n' >tools.go &&
      { "$go_bin" get "github.com/kopia/kopia@$KOPIA_VERSION" >get.log 2>&1 || { cat get.log >&2; false; }; } &&
      "$go_bin" build -trimpath -o "$tmp/kopia" github.com/kopia/kopia); then
      fail "building kopia $KOPIA_VERSION failed (see the Go output above)"
    fi
    mv -f "$tmp/kopia" "$dest" # atomic: never a half-written binary
  fi
  echo "kopia: $("$dest" --version 2>&1 | head -1) ($dest)"
fi

echo "restic: $(restic version)"
echo "rsync: $(rsync --version | head -1)"
echo "time: $(/usr/bin/time --version 2>&1 | head -1)"
