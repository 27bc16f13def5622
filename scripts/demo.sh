#!/usr/bin/env bash
# The main job on a sample app: install what is missing, build wasmpack, build the sample
# Spin app into an OCI image layout, and print its manifest digest on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/opt/swift/usr/bin"

scripts/install-deps.sh
swift build -c release --product wasmpack >&2
bin=$(swift build -c release --show-bin-path)/wasmpack

app=testdata/v2-multi
out=$(mktemp -d)/layout
echo "== wasmpack build $app -o $out" >&2
digest=$("$bin" build "$app" -o "$out" -t demo)
"$bin" inspect "$out" -t demo >&2
echo "$digest"
