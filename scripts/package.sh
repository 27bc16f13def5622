#!/usr/bin/env bash
# Release artifacts of the last commit, into dist/:
#   wasmpack-VERSION-linux-ARCH.tar.gz   one folder wasmpack-VERSION-linux-ARCH/ with bin/wasmpack
#                                        (stripped, Swift runtime linked in), share/man/man1/wasmpack.1,
#                                        share/{bash-completion,zsh,fish}/… completions, LICENSE, README.md
#   wasmpack_VERSION_DEBARCH.deb         the same under /usr, Depends as dpkg-shlibdeps resolves them
#   SHA256SUMS                           of both
#
#   scripts/package.sh                   release build of HEAD (the tree's uncommitted changes are not in it)
#   scripts/package.sh --binaries DIR    package DIR/wasmpack and DIR/generate-manual as they are, no
#                                        build: the test suite's fast variant (a debug build says commit
#                                        "unknown"); DIST overrides the output folder
#
# Reproducible: the same commit gives byte-identical files. Timestamps come from SOURCE_DATE_EPOCH
# (default: the last commit's time); tar entries are sorted with fixed owners, modes and mtimes and
# gzip stores no name or time. scripts/build-release.sh builds HEAD in a copy of its own.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export PATH="$PATH:/opt/swift/usr/bin"
export LC_ALL=C

binaries=
if [ "${1:-}" = "--binaries" ]; then
  binaries=${2:?usage: scripts/package.sh [--binaries DIR]}
  binaries=$(cd "$binaries" && pwd)
elif [ $# -gt 0 ]; then
  echo "usage: scripts/package.sh [--binaries DIR]" >&2
  exit 64
fi
for tool in dpkg-deb dpkg-shlibdeps strip git tar gzip sha256sum; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "error: $tool is missing; run scripts/install-deps.sh --test (it installs dpkg-dev and binutils)" >&2
    exit 1
  fi
done

export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct)}
dist=${DIST:-$root/dist}
work=$root/.build-package
mkdir -p "$work"

if [ -z "$binaries" ]; then
  binaries=$(scripts/build-release.sh)
fi

version=$("$binaries/wasmpack" --version | head -n 1 | sed -n 's/^wasmpack \([0-9][0-9A-Za-z.+~-]*\)$/\1/p')
if [ -z "$version" ]; then
  echo "error: '$binaries/wasmpack --version' does not start with 'wasmpack X.Y.Z'" >&2
  exit 1
fi
arch=$(uname -m)
deb_arch=$(dpkg --print-architecture)
name=wasmpack-$version-linux-$arch

umask 022
stage=$(mktemp -d "$work/stage.XXXXXX")
trap 'rm -rf "$stage"' EXIT

# The archive's tree.
top=$stage/tar/$name
install -d "$top/bin"
install -m 0755 "$binaries/wasmpack" "$top/bin/wasmpack"
strip --strip-all "$top/bin/wasmpack"
scripts/share-files.sh "$top/bin/wasmpack" "$binaries/generate-manual" "$top"
# From the commit, like the binary, not from the working tree.
git show HEAD:LICENSE > "$stage/LICENSE"
git show HEAD:README.md > "$stage/README.md"
install -m 0644 "$stage/LICENSE" "$stage/README.md" "$top/"

# The .deb's tree: the same files under /usr, in the folders Debian's shells read (Debian's zsh
# looks in vendor-completions, not site-functions), man page gzipped and a copyright file as policy asks.
# It sits where a Debian source tree puts it (debian/PACKAGE), which is where dpkg-shlibdeps expects it.
deb=$stage/source/debian/wasmpack
install -d "$deb/DEBIAN" "$deb/usr/bin" "$deb/usr/share/doc/wasmpack"
install -m 0755 "$top/bin/wasmpack" "$deb/usr/bin/wasmpack"
ZSH_DIR=share/zsh/vendor-completions scripts/share-files.sh "$deb/usr/bin/wasmpack" "$binaries/generate-manual" "$deb/usr"
gzip -9 -n "$deb/usr/share/man/man1/wasmpack.1"
install -m 0644 "$stage/LICENSE" "$deb/usr/share/doc/wasmpack/copyright"

# Depends exactly as dpkg-shlibdeps resolves them (each library's package and the minimum version
# its symbols file gives for the symbols the binary uses); it wants a debian/control to read.
printf 'Source: wasmpack\n\nPackage: wasmpack\nArchitecture: any\n' > "$stage/source/debian/control"
depends=$(cd "$stage/source" && dpkg-shlibdeps -O -edebian/wasmpack/usr/bin/wasmpack | sed -n 's/^shlibs:Depends=//p')
if [ -z "$depends" ]; then
  echo "error: dpkg-shlibdeps found no dependencies of $deb/usr/bin/wasmpack" >&2
  exit 1
fi
# As dpkg-gencontrol counts it (KiB per file rounded up, 1 per directory), not du's figure, which
# depends on the file system the tree is on.
installed_size=$(find "$deb/usr" \( -type f -printf '%s\n' \) -o \( -type d -printf '1024\n' \) |
  awk '{ total += int(($1 + 1023) / 1024) } END { print total }')
cat > "$deb/DEBIAN/control" <<CONTROL
Package: wasmpack
Version: $version
Architecture: $deb_arch
Maintainer: wasmpack maintainers <wasmpack@users.noreply.github.com>
Installed-Size: $installed_size
Depends: $depends
Section: devel
Priority: optional
Description: package WebAssembly apps as OCI images and artifacts
 wasmpack turns a Fermyon Spin app (spin.toml and its .wasm files) into OCI
 content with no Dockerfile and no Docker engine, reproducibly, and pushes and
 pulls it to and from container registries.
CONTROL

# Fixed mtimes everywhere; tar and dpkg-deb sort the entries and set the owners.
find "$stage" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

mkdir -p "$dist"
tarball=$dist/$name.tar.gz
package=$dist/wasmpack_${version}_$deb_arch.deb
rm -f "$tarball" "$package" "$dist/SHA256SUMS"
tar --create --format=gnu --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" \
  --mode='u+rwX,go+rX,go-w' -C "$stage/tar" "$name" | gzip -9 -n > "$tarball.partial"
mv "$tarball.partial" "$tarball"
# One compressor thread: xz splits its output into blocks by thread count, so more threads would
# give other bytes on another machine.
dpkg-deb --root-owner-group -Zxz --threads-max=1 --build "$deb" "$package.partial" >/dev/null
mv "$package.partial" "$package"
(cd "$dist" && sha256sum "$(basename "$tarball")" "$(basename "$package")" > SHA256SUMS)

echo "$tarball"
echo "$package"
echo "$dist/SHA256SUMS"
