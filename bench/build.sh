#!/usr/bin/env bash
# Benchmark of `wasmpack build` (image format) against the same work done by standard tools, in
# one run on the same input: tar | gzip -6 | sha256sum and tar | pigz -6 | sha256sum.
# Appends wall time, MiB/s and peak RSS of each to bench/RESULTS.md.
#   bench/build.sh [MODULE_MIB] [LARGE_MIB]   (defaults 25 and 1024; LARGE_MIB=0 skips the large run)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
module_mib=${1:-25}
large_mib=${2:-1024}

scripts/install-deps.sh --test
build_release

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A valid module whose bytes look like compiled code: the wasm header, then one custom section
# holding machine code taken from the toolchain's shared libraries (compresses like real wasm, ~35-40 %).
make_module() { # SIZE_MIB OUTPUT
  local size=$(( $1 * 1024 * 1024 )) out=$2 payload=$work/payload
  # head closes the pipe early on purpose: ignore the SIGPIPE status of the writers.
  { find /opt/swift/usr/lib /usr/lib/x86_64-linux-gnu -name '*.so*' -type f 2>/dev/null | sort | xargs cat 2>/dev/null \
    | head -c $(( 64 * 1024 * 1024 )) > "$payload.src"; } || true
  : > "$payload"
  while [ "$(stat -c %s "$payload")" -lt "$size" ]; do cat "$payload.src" >> "$payload"; done
  truncate -s "$size" "$payload"
  python3 - "$payload" "$out" <<'PY'
import sys
payload, out = sys.argv[1], sys.argv[2]
import os
name = b"bench"
body = len(name).to_bytes(1, "little") + name
size = os.path.getsize(payload) + len(body)
leb = bytearray()
while True:
    byte = size & 0x7f; size >>= 7
    leb.append(byte | (0x80 if size else 0))
    if not size: break
with open(out, "wb") as f, open(payload, "rb") as p:
    f.write(b"\0asm\1\0\0\0" + b"\0" + bytes(leb) + body)
    while chunk := p.read(1 << 20): f.write(chunk)
PY
  rm -f "$payload" "$payload.src"
}

make_app() { # DIR SIZE_MIB
  mkdir -p "$1"
  make_module "$2" "$1/app.wasm"
  cat > "$1/spin.toml" <<'TOML'
spin_manifest_version = 2
[application]
name = "bench"
version = "1.0.0"
[[trigger.http]]
route = "/..."
component = "app"
[component.app]
source = "app.wasm"
TOML
}

measure() { # LABEL INPUT_BYTES COMMAND...
  local label=$1 bytes=$2; shift 2
  # Warm caches for every contender: the input, and wasmpack's own binary (81 MB with the static
  # runtime, which a cold cache would charge to the first run).
  sync
  cat "$work"/app/* "$wasmpack" > /dev/null
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" > "$work/stdout"
  read -r wall rss < "$work/time"
  local mibs
  mibs=$(python3 -c "print(f'{$bytes/1048576/max($wall,0.001):.1f}')")
  printf '| %s | %s | %s | %s | %s |\n' "${label//|/\\|}" "$(numfmt --to=iec "$bytes")" "$wall" "$mibs" "$(( rss / 1024 ))" | tee -a "$work/rows"
}

make_app "$work/app" "$module_mib"
bytes=$(cat "$work"/app/* | wc -c)
tarcmd="tar -C $work/app --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -cf - spin.toml app.wasm"

echo "== $module_mib MiB module" >&2
measure "wasmpack build (tar+gzip -6 in one pass, both hashed)" "$bytes" "$wasmpack" build "$work/app" -o "$work/out1"
measure "tar | gzip -6 | sha256sum" "$bytes" bash -c "$tarcmd | gzip -6 | sha256sum"
measure "tar | pigz -6 | sha256sum (2 threads)" "$bytes" bash -c "$tarcmd | pigz -6 -p $(nproc) | sha256sum"
measure "tar | sha256sum (no compression: the I/O + hash floor)" "$bytes" bash -c "$tarcmd | sha256sum"

if [ "$large_mib" -gt 0 ]; then
  echo "== $large_mib MiB module (memory check)" >&2
  rm -rf "$work/app" "$work/out1"
  make_app "$work/app" "$large_mib"
  large_bytes=$(cat "$work"/app/* | wc -c)
  measure "wasmpack build, $large_mib MiB module" "$large_bytes" "$wasmpack" build "$work/app" -o "$work/out2"
  measure "tar | pigz -6 | sha256sum, $large_mib MiB module" "$large_bytes" bash -c "tar -C $work/app --sort=name -cf - spin.toml app.wasm | pigz -6 -p $(nproc) | sha256sum"
fi

append_results "build" \
  "zlib $(dpkg-query -W -f='${Version}' zlib1g), gzip $(gzip --version | head -1 | awk '{print $2}'), pigz $(pigz --version 2>&1 | awk '{print $2}')" "$work/rows"
