#!/usr/bin/env bash
# Push/pull benchmark against a local CNCF registry (no auth, loopback), in one run on the same
# inputs: wasmpack push/pull, skopeo copy both ways, and curl POST + streamed PUT as the raw upper
# bound. Inputs: a wasm-to-oci artifact whose layer is a 200 MiB module, and one of 25 MiB.
# Appends wall time, MiB/s and peak RSS to bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

scripts/install-deps.sh --test
build_release

work=$(mktemp -d)
registry_pid=
cleanup() { [ -n "$registry_pid" ] && kill "$registry_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
start_local_registry "$work/registry"
host=$registry_host

# Machine-code-like bytes (the toolchain's shared libraries), behind a wasm header.
make_module() { # SIZE_MIB OUTPUT
  { printf '\0asm\1\0\0\0'
    find /opt/swift/usr/lib /usr/lib/x86_64-linux-gnu -name '*.so*' -type f 2>/dev/null | sort | xargs cat 2>/dev/null
  } | head -c $(( $1 * 1024 * 1024 )) > "$2" || true
}

measure() { # LABEL BYTES COMMAND...
  local label=$1 bytes=$2; shift 2
  rm -f /var/lib/containers/cache/blob-info-cache-v1.boltdb  # or skopeo mounts instead of uploading
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" > "$work/stdout" 2> "$work/stderr" || { cat "$work/stderr" >&2; exit 1; }
  read -r wall rss < "$work/time"
  local mibs
  mibs=$(python3 -c "print(f'{$bytes/1048576/max($wall,0.001):.1f}')")
  printf '| %s | %s | %s | %s | %s |\n' "$label" "$(numfmt --to=iec "$bytes")" "$wall" "$mibs" "$(( rss / 1024 ))" | tee -a "$work/rows"
}

curl_push() { # FILE REPO
  local file=$1 repo=$2 digest location
  digest=sha256:$(sha256sum "$file" | cut -d' ' -f1)
  location=$(curl -sS -X POST -D - -o /dev/null "http://$host/v2/$repo/blobs/uploads/" | tr -d '\r' | awk 'tolower($1)=="location:"{print $2}')
  case "$location" in http*) ;; *) location="http://$host$location" ;; esac
  curl -sS -f -X PUT -H 'Content-Type: application/octet-stream' -T "$file" "$location&digest=$digest" -o /dev/null
}

for size in 200 25; do
  make_module "$size" "$work/m$size.wasm"
  "$wasmpack" build --format wasm-to-oci "$work/m$size.wasm" -o "$work/layout$size" >/dev/null 2>&1
  bytes=$(stat -c %s "$work/m$size.wasm")
  sync
  measure "wasmpack push, $size MiB layer" "$bytes" "$wasmpack" push "$host/wasmpack/m$size:v1" --layout "$work/layout$size"
  measure "skopeo copy oci: → docker://, $size MiB layer" "$bytes" skopeo copy --dest-tls-verify=false "oci:$work/layout$size:latest" "docker://$host/skopeo/m$size:v1"
  measure "curl POST + streamed PUT, $size MiB blob" "$bytes" bash -c "$(declare -f curl_push); host=$host; curl_push $work/m$size.wasm curl/m$size"
  measure "wasmpack pull, $size MiB layer" "$bytes" "$wasmpack" pull "$host/wasmpack/m$size:v1" -o "$work/pull-w$size"
  measure "skopeo copy docker:// → oci:, $size MiB layer" "$bytes" skopeo copy --src-tls-verify=false "docker://$host/skopeo/m$size:v1" "oci:$work/pull-s$size:latest"
  measure "curl GET blob, $size MiB" "$bytes" curl -sS -f -o "$work/curl-get$size" "http://$host/v2/wasmpack/m$size/blobs/sha256:$(sha256sum "$work/m$size.wasm" | cut -d' ' -f1)"
  rm -rf "$work/pull-w$size" "$work/pull-s$size" "$work/curl-get$size"
done

append_results "push/pull, local docker-registry $(dpkg-query -W -f='${Version}' docker-registry) on loopback" \
  "skopeo $(skopeo --version | awk '{print $3}'), curl $(curl --version | head -1 | awk '{print $2}')" "$work/rows"
