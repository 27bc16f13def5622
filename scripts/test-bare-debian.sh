#!/usr/bin/env bash
# Installs wasmpack's .deb on a bare Debian 12 (debootstrap --variant=minbase: no Swift, no build
# tools, no libraries beyond what the package's Depends bring) and uses it there: --version, build
# testdata/spin-hello, push it to a registry running outside the chroot on loopback, pull it back,
# compare digests. Proves the Depends are complete and the binary needs no Swift.
#
#   scripts/test-bare-debian.sh [DEB]           full: runs scripts/package.sh first when dist/ has no .deb
#   scripts/test-bare-debian.sh --if-packaged   what scripts/test.sh runs: the same test when dist/ has a
#                                               .deb (or DEB is given), else skips, saying so: a release
#                                               build takes minutes, the rest about one (cold) or 15 s
#
# DEB defaults to dist/wasmpack_*_amd64.deb. Runs as root (debootstrap, mount, chroot). The root
# is cached in .build-debootstrap/bookworm (git-ignored); each run mounts a throw-away overlay on
# it, so the cache stays bare. Needs Debian's mirror
# (DEBIAN_MIRROR, default http://deb.debian.org/debian) for debootstrap and for the Depends.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

if_packaged=0
if [ "${1:-}" = "--if-packaged" ]; then if_packaged=1; shift; fi
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
cache=$PWD/.build-debootstrap
base=$cache/bookworm

if [ "$(id -u)" -ne 0 ]; then
  if [ "$if_packaged" = 1 ]; then echo "skipped the bare Debian test: it needs root (debootstrap, mount, chroot)" >&2; exit 0; fi
  echo "error: scripts/test-bare-debian.sh needs root (debootstrap, mount and chroot); run it with sudo" >&2
  exit 1
fi

deb=${1:-}
if [ -z "$deb" ]; then
  shopt -s nullglob
  debs=(dist/wasmpack_*_amd64.deb)
  shopt -u nullglob
  if [ ${#debs[@]} -eq 0 ] && [ "$if_packaged" = 1 ]; then
    echo "skipped the bare Debian test: no dist/wasmpack_*_amd64.deb; 'bash scripts/test-bare-debian.sh' makes one and runs it" >&2
    exit 0
  fi
  if [ ${#debs[@]} -eq 0 ]; then
    bash scripts/package.sh >&2
    debs=(dist/wasmpack_*_amd64.deb)
  fi
  [ ${#debs[@]} -eq 1 ] || { echo "error: several .deb files in dist/ (${debs[*]}); pass the one to test" >&2; exit 1; }
  deb=${debs[0]}
fi
[ -f "$deb" ] || { echo "error: no package '$deb'; run scripts/package.sh or pass a .deb" >&2; exit 1; }

mkdir -p "$cache"
work=$(mktemp -d "$cache/run.XXXXXX")
root=$work/root
registry_pid=
mounts=()
cleanup() {
  # Innermost first; a lazy unmount so a process still inside never leaves the mount behind.
  local index
  for ((index = ${#mounts[@]} - 1; index >= 0; index--)); do
    umount "${mounts[$index]}" 2>/dev/null || umount -l "${mounts[$index]}" 2>/dev/null || true
  done
  if [ -n "$registry_pid" ]; then kill "$registry_pid" 2>/dev/null || true; wait "$registry_pid" 2>/dev/null || true; fi
  # Only once nothing is mounted below it: rm must never reach the host's /dev or /proc.
  if ! grep -q " $work/" /proc/self/mounts; then rm -rf "$work"; else echo "warning: $work still has mounts; left in place" >&2; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

started=$(date +%s)
if [ ! -f "$base/.wasmpack-ready" ]; then
  echo "making a bare Debian 12 root in $base (debootstrap --variant=minbase bookworm)" >&2
  # An interrupted debootstrap may leave its /proc or /sys mounted inside: never rm through those.
  { grep -o " $base.partial/[^ ]*" /proc/self/mounts || true; } | sort -r | while read -r mounted; do umount -l "$mounted"; done
  rm -rf "$base.partial"
  debootstrap --variant=minbase bookworm "$base.partial" "$mirror" > "$cache/debootstrap.log" 2>&1 || {
    tail -n 20 "$cache/debootstrap.log" >&2; echo "error: debootstrap failed (log: $cache/debootstrap.log)" >&2; exit 1; }
  # What a Debian 12 machine has: the release, its point updates and security updates.
  cat > "$base.partial/etc/apt/sources.list" <<SOURCES
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb ${mirror%/debian}/debian-security bookworm-security main
SOURCES
  rm -rf "$base"
  mv "$base.partial" "$base"
  touch "$base/.wasmpack-ready"
fi

mkdir -p "$root" "$work/upper" "$work/overlay-work"
if mount -t overlay overlay -o "lowerdir=$base,upperdir=$work/upper,workdir=$work/overlay-work" "$root" 2>/dev/null; then
  mounts+=("$root")
else
  # No overlayfs here (some containers): a copy costs a few seconds and the same bytes.
  cp -a "$base/." "$root/"
fi
mount -t proc proc "$root/proc"; mounts+=("$root/proc")
mount --bind /dev "$root/dev"; mounts+=("$root/dev")
cp /etc/resolv.conf "$root/etc/resolv.conf"

in_root() { chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }

# No Swift anywhere in the root: what follows runs on the package alone.
if in_root sh -c 'command -v swift' >/dev/null || [ -n "$(find "$root/usr" -name 'libswiftCore*' -print -quit)" ]; then
  echo "error: the Debian root has Swift in it; remove $base and run again" >&2
  exit 1
fi

cp "$deb" "$root/tmp/"
package=/tmp/$(basename "$deb")
echo "apt-get install $package (Depends from $mirror)" >&2
in_root apt-get update -q > "$work/apt.log" 2>&1 || { tail -n 20 "$work/apt.log" >&2; echo "error: apt-get update failed in the Debian root" >&2; exit 1; }
# --no-install-recommends: the Depends alone must be enough.
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$package" >> "$work/apt.log" 2>&1 || {
  tail -n 20 "$work/apt.log" >&2; echo "error: apt-get install $(basename "$deb") failed in a bare Debian 12 root (log above)" >&2; exit 1; }
installed=$(in_root dpkg-query -W -f='${Version} ${Depends}' wasmpack)
echo "installed wasmpack $installed" >&2

start_local_registry "$work/registry"
cp -R testdata/spin-hello "$root/root/app"
version=$(in_root wasmpack --version)
echo "in the root: wasmpack --version: $(echo "$version" | tr '\n' ' ')" >&2
commit=$(echo "$version" | sed -n 's/^commit //p')
if [ "$commit" != "$(git rev-parse HEAD 2>/dev/null)" ]; then
  echo "note: $(basename "$deb") was built from commit '$commit', not HEAD; scripts/package.sh makes HEAD's" >&2
fi
built=$(in_root wasmpack build /root/app -o /root/layout)
pushed=$(in_root wasmpack push "$registry_host/bare-debian/hello:v1" /root/app)
pulled=$(in_root wasmpack pull "$registry_host/bare-debian/hello:v1" -o /root/pulled --extract /root/pulled-app)
served=sha256:$(skopeo inspect --tls-verify=false --raw "docker://$registry_host/bare-debian/hello:v1" | sha256sum | cut -d' ' -f1)

failed=0
check() { if [ "$1" != "$2" ]; then echo "error: $3: '$1', expected '$2'" >&2; failed=1; fi; }
check "$pushed" "$registry_host/bare-debian/hello@$built" "push in the root printed"
check "$pulled" "$registry_host/bare-debian/hello@$built" "pull in the root printed"
check "$served" "$built" "the registry (skopeo, outside the root) serves"
cmp -s "$root/root/app/hello.wasm" "$root/root/pulled-app/hello.wasm" || { echo "error: the pulled app's hello.wasm differs from the one pushed" >&2; failed=1; }
[ "$failed" = 0 ] || exit 1
echo "bare Debian 12: installed $(basename "$deb"), built, pushed and pulled $pushed in $(( $(date +%s) - started )) s"
