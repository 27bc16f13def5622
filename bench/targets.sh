#!/usr/bin/env bash
# wasmpack against the Dockerfile path it replaces, in one run on the same apps: `buildah bud`
# (FROM scratch + COPY, daemonless, as `docker build` makes these images) followed by `buildah push`
# to an OCI layout, against `wasmpack build` into a layout. For each: wall time, peak RSS, and
# whether a second build from a fresh copy of the app (new mtimes) gives the same manifest digest.
# Then reading the imports of a real 25 MB Spin component (the runtime checks' input): `wasmpack
# inspect FILE` against `wasm-tools component wit FILE`.
# Appends to bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

scripts/install-deps.sh --test
if ! command -v buildah >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends buildah >&2
fi
build_release

work=$(mktemp -d)
trap 'buildah --storage-driver vfs rmi -a -f >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
rows=$work/rows
: > "$rows"

measure() { # LABEL BYTES COMMAND... (stdout of the command goes to $work/stdout)
  local label=$1 bytes=$2; shift 2
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" > "$work/stdout" 2> "$work/stderr" || { cat "$work/stderr" >&2; exit 1; }
  read -r wall rss < "$work/time"
  local mibs
  mibs=$(python3 -c "print(f'{$bytes/1048576/max($wall,0.001):.1f}')")
  printf '| %s | %s | %s | %s | %s |\n' "$label" "$(numfmt --to=iec "$bytes")" "$wall" "$mibs" "$(( rss / 1024 ))" >> "$rows"
}

# A fresh copy of testdata/APP with every mtime moved, as a checkout on another machine would have.
copy_app() { # APP DEST STAMP
  rm -rf "$2"
  cp -r "testdata/$1" "$2"
  rm -rf "$2/.wasmpack"
  find "$2" -exec touch -h -d "@$3" {} +
}

# What a Dockerfile for the app COPYs: every top-level entry but wasmpack's own output.
dockerfile() { # DIR
  { echo "FROM scratch"
    (cd "$1" && find . -mindepth 1 -maxdepth 1 ! -name .wasmpack ! -name Dockerfile | sort) | while read -r entry; do
      entry=${entry#./}
      echo "COPY $entry /$entry"
    done
  } > "$1/Dockerfile"
}

buildah_build() { # DIR LAYOUT
  buildah bud --storage-driver vfs --isolation chroot --platform wasi/wasm --quiet -t wasmpack-bench -f "$1/Dockerfile" "$1" >/dev/null
  buildah push --storage-driver vfs --quiet wasmpack-bench "oci:$2:latest" >/dev/null
  python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['manifests'][0]['digest'])" "$2/index.json"
}
export -f buildah_build

# A 25 MiB module that looks like compiled code, for a throughput row.
mkdir -p "$work/apps/big"
{ printf '\0asm\1\0\0\0'
  find /opt/swift/usr/lib /usr/lib/x86_64-linux-gnu -name '*.so*' -type f 2>/dev/null | sort | xargs cat 2>/dev/null
} | head -c $((25 * 1024 * 1024)) > "$work/big.wasm" || true

for app in v2-multi exclude-files big; do
  for round in 1 2; do
    dir=$work/apps/$app-$round
    if [ "$app" = big ]; then
      rm -rf "$dir"; mkdir -p "$dir"; cp "$work/big.wasm" "$dir/app.wasm"
      printf 'spin_manifest_version = 2\n[application]\nname = "big"\n[[trigger.http]]\nroute = "/..."\ncomponent = "app"\n[component.app]\nsource = "app.wasm"\n' > "$dir/spin.toml"
      touch -d "@$((1700000000 + round * 86400))" "$dir"/*
    else
      copy_app "$app" "$dir" $((1700000000 + round * 86400))
    fi
    dockerfile "$dir"
  done
  bytes=$(du -sb --exclude=Dockerfile "$work/apps/$app-1" | cut -f1)

  measure "wasmpack build $app" "$bytes" "$wasmpack" build "$work/apps/$app-1" -o "$work/out/wasmpack-$app-1" --skip-checks
  first=$(cat "$work/stdout")
  "$wasmpack" build "$work/apps/$app-2" -o "$work/out/wasmpack-$app-2" --skip-checks > "$work/stdout" 2>/dev/null
  same=$([ "$first" = "$(cat "$work/stdout")" ] && echo yes || echo no)
  sed -i "\$s/| wasmpack build $app |/| wasmpack build $app (same digest from a copy with other mtimes: $same) |/" "$rows"

  measure "buildah bud + push $app" "$bytes" bash -c 'buildah_build "$1" "$2"' _ "$work/apps/$app-1" "$work/out/buildah-$app-1"
  first=$(cat "$work/stdout")
  buildah --storage-driver vfs rmi -a -f >/dev/null 2>&1 || true
  second=$(buildah_build "$work/apps/$app-2" "$work/out/buildah-$app-2")
  same=$([ "$first" = "$second" ] && echo yes || echo no)
  sed -i "\$s/| buildah bud + push $app |/| buildah bud + push $app (same digest from a copy with other mtimes: $same) |/" "$rows"
  buildah --storage-driver vfs rmi -a -f >/dev/null 2>&1 || true
done

component=testdata/checks/spin-python-http/app.component.wasm.gz
if [ -f "$component" ] && command -v wasm-tools >/dev/null 2>&1; then
  gunzip -c "$component" > "$work/component.wasm"
  bytes=$(stat -c %s "$work/component.wasm")
  measure "wasmpack inspect (imports, exports, targets) of a Spin component" "$bytes" "$wasmpack" inspect "$work/component.wasm"
  measure "wasm-tools component wit of the same component" "$bytes" wasm-tools component wit "$work/component.wasm"
fi

append_results "wasmpack build vs the Dockerfile path (buildah), and reading a component's imports" \
  "$(buildah --version | cut -d' ' -f1-3), $(wasm-tools --version 2>/dev/null || echo 'no wasm-tools')" "$rows"
cat "$rows"
