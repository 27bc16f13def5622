#!/usr/bin/env bash
# Builds wasmpack and swift-argument-parser's generate-manual (for the man page) in release mode,
# with the Swift runtime linked in, from the last commit; prints the folder holding both.
#
# The build runs in an exported copy of HEAD at a fixed path, .build-package/src: no path of the
# developer's checkout ends up in the binary, the tree's uncommitted changes stay out of it, the
# checkout is never modified, and the copy's Sources/wasmpack/BuildCommit.swift names the commit
# for `wasmpack --version`. Only files whose bytes changed are rewritten there, so a repeat build
# of the same commit is incremental. Used by scripts/package.sh and scripts/install.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/opt/swift/usr/bin"

if ! command -v swift >/dev/null 2>&1; then
  echo "error: no Swift 6 toolchain on PATH (nor at /opt/swift); install Swift 6.0 or later from swift.org" >&2
  exit 1
fi
commit=$(git rev-parse HEAD)
work=$PWD/.build-package
src=$work/src
mkdir -p "$work" "$src"
export=$(mktemp -d "$work/export.XXXXXX")
trap 'rm -rf "$export"' EXIT

git archive --format=tar HEAD | tar -x -C "$export"
# Package.resolved is not committed; the checkout's pins keep the copy on the same dependencies.
if [ -f Package.resolved ]; then cp Package.resolved "$export/"; fi
cat > "$export/Sources/wasmpack/BuildCommit.swift" <<SWIFT
// Written by scripts/build-release.sh into its exported copy of the commit; see BuildCommit.swift in git.
enum BuildCommit {
    static let hash = "$commit"
}
SWIFT
(cd "$export" && find . -type f -print0) | while IFS= read -r -d '' file; do
  if ! cmp -s "$export/$file" "$src/$file"; then
    mkdir -p "$(dirname "$src/$file")"
    cp "$export/$file" "$src/$file"
  fi
done
(cd "$src" && find . -path ./.build -prune -o -type f -print0) | while IFS= read -r -d '' file; do
  [ -e "$export/$file" ] || rm -f "$src/$file"
done
# Each file's mtime is derived from its bytes. Clang records the mtimes of the C modules' inputs
# (module.modulemap, shim.h) in its module cache, and the Swift objects importing them carry a
# hash of that (.swift_modhash): with checkout or commit times, a fresh build and one continued from
# an older commit gave different binaries for the same sources. A content-derived time is the same
# on every machine and still changes whenever the bytes do, so incremental builds see the change.
(cd "$src" && find . -path ./.build -prune -o -type f -print0 | xargs -0 sha256sum --zero) |
  while IFS= read -r -d '' line; do
    hash=${line%% *}
    touch -d "@$((1000000000 + 16#${hash:0:7}))" "$src/${line#*  }"
  done

echo "building wasmpack $commit (release, Swift runtime linked in) in $src" >&2
start=$(date +%s)
cd "$src"
swift build -c release --static-swift-stdlib --product wasmpack >&2
swift build -c release --static-swift-stdlib --product generate-manual >&2
echo "release build took $(( $(date +%s) - start )) s" >&2
swift build -c release --static-swift-stdlib --show-bin-path
