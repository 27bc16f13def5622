#!/usr/bin/env bash
# Push/pull benchmark against a local CNCF registry (no auth, loopback), in one run on the same
# inputs: wasmpack push/pull/copy, skopeo copy each way, and curl POST + streamed PUT as the raw upper
# bound. Inputs: a wasm-to-oci artifact whose layer is a 200 MiB module, and one of 25 MiB.
# Appends wall time, MiB/s and peak RSS to bench/RESULTS.md.
#
# Then a latency case: bench/latency_relay.py in front of the registry adds 25 ms each way (a
# 50 ms round trip), and counts the requests and TCP connections of a first push, a no-op re-push
# and a pull, for wasmpack and skopeo (and an older wasmpack given as WASMPACK_BEFORE=path). Each
# new connection first waits HANDSHAKE_ROUND_TRIPS round trips (default 2: TCP + TLS 1.3).
#   bench/transfer.sh              both cases
#   bench/transfer.sh --latency    only the latency case
# WASMPACK=path benchmarks that binary instead of building the release one.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

scripts/install-deps.sh --test
if [ -n "${WASMPACK:-}" ]; then wasmpack=$WASMPACK; else build_release; fi
only_latency=false
[ "${1:-}" = "--latency" ] && only_latency=true

work=$(mktemp -d)
registry_pid=
relay_pid=
second_pid=
cleanup() {
  [ -n "$relay_pid" ] && kill "$relay_pid" 2>/dev/null
  [ -n "$second_pid" ] && kill "$second_pid" 2>/dev/null
  [ -n "$registry_pid" ] && kill "$registry_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
start_local_registry "$work/registry"
host=$registry_host
# A second registry for registry-to-registry copies (wasmpack copy against skopeo copy docker:// → docker://).
first_pid=$registry_pid
start_local_registry "$work/registry2"
host2=$registry_host
second_pid=$registry_pid
registry_pid=$first_pid

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

throughput_sizes="200 25"
$only_latency && throughput_sizes=
for size in $throughput_sizes; do
  make_module "$size" "$work/m$size.wasm"
  "$wasmpack" build --format wasm-to-oci "$work/m$size.wasm" -o "$work/layout$size" >/dev/null 2>&1
  bytes=$(stat -c %s "$work/m$size.wasm")
  sync
  measure "wasmpack push, $size MiB layer" "$bytes" "$wasmpack" push "$host/wasmpack/m$size:v1" --layout "$work/layout$size"
  measure "skopeo copy oci: → docker://, $size MiB layer" "$bytes" skopeo copy --dest-tls-verify=false "oci:$work/layout$size:latest" "docker://$host/skopeo/m$size:v1"
  measure "curl POST + streamed PUT, $size MiB blob" "$bytes" bash -c "$(declare -f curl_push); host=$host; curl_push $work/m$size.wasm curl/m$size"
  measure "wasmpack pull, $size MiB layer" "$bytes" "$wasmpack" pull "$host/wasmpack/m$size:v1" -o "$work/pull-w$size"
  measure "skopeo copy docker:// → oci:, $size MiB layer" "$bytes" skopeo copy --src-tls-verify=false "docker://$host/skopeo/m$size:v1" "oci:$work/pull-s$size:latest"
  measure "wasmpack copy registry → registry, $size MiB layer" "$bytes" "$wasmpack" copy "$host/wasmpack/m$size:v1" "$host2/wasmpack/m$size:v1"
  measure "skopeo copy docker:// → docker://, $size MiB layer" "$bytes" skopeo copy --src-tls-verify=false --dest-tls-verify=false "docker://$host/skopeo/m$size:v1" "docker://$host2/skopeo/m$size:v1"
  measure "curl GET blob, $size MiB" "$bytes" curl -sS -f -o "$work/curl-get$size" "http://$host/v2/wasmpack/m$size/blobs/sha256:$(sha256sum "$work/m$size.wasm" | cut -d' ' -f1)"
  rm -rf "$work/pull-w$size" "$work/pull-s$size" "$work/curl-get$size"
done

if ! $only_latency; then
  append_results "push/pull, local docker-registry $(dpkg-query -W -f='${Version}' docker-registry) on loopback" \
    "skopeo $(skopeo --version | awk '{print $3}'), curl $(curl --version | head -1 | awk '{print $2}')" "$work/rows"
fi

# --- Latency: requests, connections and wall time over a 50 ms round trip ---------------------
python3 bench/latency_relay.py --target "$host" --delay 0.025 --handshake-round-trips "${HANDSHAKE_ROUND_TRIPS:-2}" --stats "$work/relay.json" --port-file "$work/relay.port" &
relay_pid=$!
for _ in $(seq 50); do [ -s "$work/relay.port" ] && break; sleep 0.1; done
relay=127.0.0.1:$(cat "$work/relay.port")

relay_counts() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["requests"], d["connections"])' "$work/relay.json"; }

step() { # LABEL COMMAND...: one measurement, kept in $work/latency-runs for the median below
  local label=$1 r0 c0 r1 c1 start end; shift
  rm -f /var/lib/containers/cache/blob-info-cache-v1.boltdb  # or skopeo mounts or skips by its cache
  read -r r0 c0 < <(relay_counts)
  start=$(date +%s.%N)
  "$@" > "$work/stdout" 2> "$work/stderr" || { cat "$work/stderr" >&2; exit 1; }
  end=$(date +%s.%N)
  sleep 0.2  # the relay counts a request when it forwards it, up to 25 ms after the client sent it
  read -r r1 c1 < <(relay_counts)
  printf '%s\t%d\t%d\t%s\n' "$label" $((r1 - r0)) $((c1 - c0)) "$(python3 -c "print($end - $start)")" >> "$work/latency-runs"
}

"$wasmpack" build testdata/v2-multi -o "$work/layout-app" >/dev/null 2>&1
[ -f "$work/m25.wasm" ] || make_module 25 "$work/m25.wasm"
[ -d "$work/layout25" ] || "$wasmpack" build --format wasm-to-oci "$work/m25.wasm" -o "$work/layout25" >/dev/null 2>&1

# Each tool in turn, three rounds (a fresh repository each), so that the machine's noise shows
# in one median rather than in one tool's figures.
tools="wasmpack"
[ -n "${WASMPACK_BEFORE:-}" ] && tools="wasmpack-before $tools"
for round in 1 2 3; do
  for input in app:layout-app m25:layout25; do
    name=${input%%:*} layout=$work/${input#*:}
    what=$([ "$name" = app ] && echo "v2-multi image (2 small blobs)" || echo "25 MiB wasm-to-oci")
    for tool in $tools skopeo; do
      ref=$relay/lat/$tool/$name$round:v1
      out=$work/pulled-$tool-$name$round
      case $tool in
        wasmpack|wasmpack-before)
          binary=$wasmpack
          [ "$tool" = wasmpack-before ] && binary=$WASMPACK_BEFORE
          step "$tool first push, $what" "$binary" push "$ref" --layout "$layout"
          step "$tool no-op re-push, $what" "$binary" push "$ref" --layout "$layout"
          step "$tool pull, $what" "$binary" pull "$ref" -o "$out" ;;
        skopeo)
          step "skopeo first push, $what" skopeo copy --dest-tls-verify=false "oci:$layout:latest" "docker://$ref"
          step "skopeo no-op re-push, $what" skopeo copy --dest-tls-verify=false "oci:$layout:latest" "docker://$ref"
          step "skopeo pull, $what" skopeo copy --src-tls-verify=false "docker://$ref" "oci:$out:latest" ;;
      esac
    done
  done
done
# One row per step: requests and connections of the last round (they do not vary), median wall time.
python3 - "$work/latency-runs" > "$work/latency-rows" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    label, requests, connections, wall = line.rstrip("\n").split("\t")
    rows.setdefault(label, []).append((int(requests), int(connections), float(wall)))
for label, runs in rows.items():
    print("| %s | %d | %d | %.2f |" % (label, runs[-1][0], runs[-1][1], statistics.median(r[2] for r in runs)))
PY
cat "$work/latency-rows" >&2

{
  echo
  echo "## push/pull over a 50 ms round trip (bench/latency_relay.py, 25 ms each way, ${HANDSHAKE_ROUND_TRIPS:-2} round trips per new connection), $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores"
  echo
  echo "wasmpack $(git rev-parse --short HEAD 2>/dev/null || echo '?') ($wasmpack)${WASMPACK_BEFORE:+, wasmpack-before = $WASMPACK_BEFORE}, skopeo $(skopeo --version | awk '{print $3}'); requests and connections as the relay saw them (skopeo with tls-verify=false tries https first: one extra connection per registry contact)"
  echo
  echo "| what | requests | connections | wall s (median of 3) |"
  echo "|---|---|---|---|"
  cat "$work/latency-rows"
} >> bench/RESULTS.md
echo "appended to bench/RESULTS.md" >&2
