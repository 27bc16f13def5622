#!/usr/bin/env bash
# Issue 11's lean-binary goals, wasmpack beside skopeo in one run on the same machine:
#   stripped release binary (swift build -c release --static-swift-stdlib, then strip)  goal <= 25 MB
#   peak RSS of --version                                                              goal <= 12 MB
#   peak RSS of a 200 MiB push and pull against a local docker-registry (and 25 MiB,
#   to show it is flat whatever the size)                                             goal <= 20 MB
#   start-up time (hyperfine on --version)                                            goal <= skopeo's
# Appends a table to bench/RESULTS.md.
#   bench/lean.sh                       builds this checkout's release binary and measures it
#   WASMPACK_BIN=PATH LABEL=before bench/lean.sh   measures another build (e.g. main's) the same way
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

scripts/install-deps.sh --test
if [ -n "${WASMPACK_BIN:-}" ]; then
  wasmpack=$WASMPACK_BIN
else
  build_release
fi
label=${LABEL:-$(git rev-parse --short HEAD 2>/dev/null || echo '?')}
skopeo=$(command -v skopeo)

work=$(mktemp -d)
registry_pid=
cleanup() { [ -n "$registry_pid" ] && kill "$registry_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

row() { printf '| %s | %s | %s | %s |\n' "$@" | tee -a "$work/rows"; }
mb() { python3 -c "print(f'{$1/1e6:.1f}')"; }

# Size: the stripped copy is what a release archive ships.
cp "$wasmpack" "$work/wasmpack"
strip "$work/wasmpack"
cp "$skopeo" "$work/skopeo"
strip "$work/skopeo" 2>/dev/null || true
row "binary size, stripped (MB; goal <= 25)" "$(mb "$(stat -c %s "$work/wasmpack")")" "$(mb "$(stat -c %s "$work/skopeo")")" \
  "unstripped wasmpack $(mb "$(stat -c %s "$wasmpack")")"

# Peak RSS of --version: the median of 5 runs (KB from /usr/bin/time %M).
peak_rss() { # COMMAND... -> median peak RSS in MB
  for _ in 1 2 3 4 5; do
    /usr/bin/time -f "%M" -o "$work/time" "$@" > /dev/null 2>&1
    cat "$work/time"
  done | sort -n | sed -n 3p | awk '{printf "%.1f", $1 / 1024}'
}
row "peak RSS of --version (MB; goal <= 12)" "$(peak_rss "$work/wasmpack" --version)" "$(peak_rss "$skopeo" --version)" "median of 5"

# Start-up: hyperfine without a shell in between, mean of many runs.
hyperfine -N --warmup 5 --runs 100 --export-json "$work/hyperfine.json" \
  "$work/wasmpack --version" "$skopeo --version" > /dev/null 2>&1
read -r wasmpack_ms skopeo_ms < <(python3 -c "
import json; r = json.load(open('$work/hyperfine.json'))['results']
print(' '.join(f\"{x['mean'] * 1000:.2f}\" for x in r))")
row "start-up, --version (ms, mean of 100; goal: no slower than skopeo)" "$wasmpack_ms" "$skopeo_ms" "hyperfine $(hyperfine --version | awk '{print $2}')"

# Push and pull: the module bytes are machine code (the toolchain's shared libraries) behind a
# wasm header, as in bench/transfer.sh.
make_module() { # SIZE_MIB OUTPUT
  { printf '\0asm\1\0\0\0'
    find /opt/swift/usr/lib /usr/lib/x86_64-linux-gnu -name '*.so*' -type f 2>/dev/null | sort | xargs cat 2>/dev/null
  } | head -c $(( $1 * 1024 * 1024 )) > "$2" || true
}
rss_of() { # COMMAND... -> peak RSS in MB of one run
  rm -f /var/lib/containers/cache/blob-info-cache-v1.boltdb  # or skopeo mounts instead of uploading
  /usr/bin/time -f "%M" -o "$work/time" "$@" > "$work/stdout" 2> "$work/stderr" || { cat "$work/stderr" >&2; exit 1; }
  awk '{printf "%.1f", $1 / 1024}' "$work/time"
}
start_local_registry "$work/registry"
host=$registry_host
for size in 200 25; do
  make_module "$size" "$work/m$size.wasm"
  "$work/wasmpack" build --format wasm-to-oci "$work/m$size.wasm" -o "$work/layout$size" > /dev/null 2>&1
  sync
  push_w=$(rss_of "$work/wasmpack" push "$host/lean-w/m$size:v1" --layout "$work/layout$size")
  push_s=$(rss_of "$skopeo" copy --dest-tls-verify=false "oci:$work/layout$size:latest" "docker://$host/lean-s/m$size:v1")
  row "peak RSS of a $size MiB push (MB; goal <= 20)" "$push_w" "$push_s" "wasmpack push / skopeo copy oci: → docker://"
  pull_w=$(rss_of "$work/wasmpack" pull "$host/lean-w/m$size:v1" -o "$work/pull-w$size")
  pull_s=$(rss_of "$skopeo" copy --src-tls-verify=false "docker://$host/lean-s/m$size:v1" "oci:$work/pull-s$size:latest")
  row "peak RSS of a $size MiB pull (MB; goal <= 20)" "$pull_w" "$pull_s" "wasmpack pull / skopeo copy docker:// → oci:"
  rm -rf "$work/pull-w$size" "$work/pull-s$size" "$work/layout$size" "$work/m$size.wasm"
done

{
  echo
  echo "## lean binary ($label), $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo
  echo "wasmpack $label ($(swift --version 2>/dev/null | head -1 | sed 's/ (.*//'), release, --static-swift-stdlib), skopeo $("$skopeo" --version | awk '{print $3}'), docker-registry $(dpkg-query -W -f='${Version}' docker-registry)"
  echo
  echo "| what | wasmpack | skopeo | note |"
  echo "|---|---|---|---|"
  cat "$work/rows"
} >> bench/RESULTS.md
echo "appended to bench/RESULTS.md" >&2
