#!/usr/bin/env bash
# Builds wasmpack from source (release, Swift runtime linked in, from the last commit: see
# scripts/build-release.sh) and installs it under PREFIX (default /usr/local):
#   PREFIX/bin/wasmpack                                  stripped
#   PREFIX/share/man/man1/wasmpack.1                     man wasmpack
#   PREFIX/share/bash-completion/completions/wasmpack    bash-completion loads it on first use
#   PREFIX/share/zsh/site-functions/_wasmpack            in zsh's fpath for /usr/local
#   PREFIX/share/fish/vendor_completions.d/wasmpack.fish
#
#   scripts/install.sh [PREFIX]
#   scripts/install.sh --binaries DIR [PREFIX]   install DIR/wasmpack as it is, man page made with
#                                                DIR/generate-manual; no build (the test suite's variant)
#
# Running it again replaces the same files (a running wasmpack keeps its old binary); nothing else
# under PREFIX is touched. Remove with: rm PREFIX/bin/wasmpack and the four files above.
set -euo pipefail
cd "$(dirname "$0")/.."

binaries=
if [ "${1:-}" = "--binaries" ] && [ $# -ge 2 ]; then
  binaries=$(cd "$2" && pwd)
  shift 2
fi
if [ $# -gt 1 ] || [ "${1:-}" = "--binaries" ]; then
  echo "usage: scripts/install.sh [--binaries DIR] [PREFIX]" >&2
  exit 64
fi
prefix=${1:-/usr/local}
case $prefix in
  /*) ;;
  *) prefix=$PWD/$prefix ;;
esac
if ! mkdir -p "$prefix" 2>/dev/null || [ ! -w "$prefix" ]; then
  echo "error: cannot write to $prefix; run as root (sudo scripts/install.sh $prefix) or pass a PREFIX you own" >&2
  exit 1
fi

if [ -z "$binaries" ]; then
  scripts/install-deps.sh
  binaries=$(scripts/build-release.sh)
fi

install -d "$prefix/bin"
# Into a temporary name first, then renamed: the installed binary is never half-written.
install -m 0755 -s "$binaries/wasmpack" "$prefix/bin/.wasmpack.new"
mv -f "$prefix/bin/.wasmpack.new" "$prefix/bin/wasmpack"
scripts/share-files.sh "$prefix/bin/wasmpack" "$binaries/generate-manual" "$prefix"

echo "installed $("$prefix/bin/wasmpack" --version | head -n 1) in $prefix/bin" >&2
