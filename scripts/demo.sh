#!/usr/bin/env bash
# The main job on a sample app: install what is missing, build wasmpack, build the sample Spin app
# into an OCI image layout, push it to a local CNCF registry this script starts, and pull it back.
# stdout: the pushed REGISTRY/REPOSITORY@DIGEST.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

scripts/install-deps.sh --demo
build_release
bin=$wasmpack

work=$(mktemp -d)
registry_pid=
cleanup() { [ -n "$registry_pid" ] && kill "$registry_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
start_local_registry "$work/registry"
port=${registry_host#*:}

app=testdata/v2-multi
echo "== wasmpack build $app" >&2
built=$("$bin" build "$app" -o "$work/layout" -t demo)
"$bin" inspect "$work/layout" -t demo >&2

echo "== wasmpack push 127.0.0.1:$port/demo/multi:v1" >&2
pushed=$("$bin" push "127.0.0.1:$port/demo/multi:v1" --layout "$work/layout")

echo "== wasmpack pull 127.0.0.1:$port/demo/multi:v1 --extract" >&2
pulled=$("$bin" pull "127.0.0.1:$port/demo/multi:v1" -o "$work/pulled" --extract "$work/app")
[ "$pushed" = "$pulled" ] && [ "${pushed#*@}" = "$built" ] || { echo "error: digests differ: built $built, pushed $pushed, pulled $pulled" >&2; exit 1; }
echo "== same digest built, pushed and pulled; extracted files:" >&2
(cd "$work/app" && find . -type f | sort) >&2
echo "$pushed"
