#!/usr/bin/env bash
# Builds Examples/PushFromSwift (a package of its own that uses wasmpack only as a library:
# WasmPackBuild, WasmPackLayout, WasmPackRegistry) and runs it against a local registry: it builds
# testdata/spin-hello and pushes it; the digest it prints must be what the registry serves (skopeo)
# and what the CLI builds for the same app. Run by scripts/test.sh; its own build goes to
# .build-examples (a few minutes the first time, seconds after).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

work=$(mktemp -d "${TMPDIR:-/tmp}/wasmpack-examples.XXXXXX")
registry_pid=
cleanup() {
  if [ -n "$registry_pid" ]; then kill "$registry_pid" 2>/dev/null || true; wait "$registry_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

build=(swift build --package-path Examples/PushFromSwift --scratch-path .build-examples)
if ! "${build[@]}" > "$work/build.log" 2>&1; then
  grep -E "error:" "$work/build.log" | head -n 20 >&2
  echo "error: Examples/PushFromSwift did not build (see the errors above)" >&2
  exit 1
fi
example=$("${build[@]}" --show-bin-path)/PushFromSwift

start_local_registry "$work/registry"
cp -R testdata/spin-hello "$work/app"
pushed=$("$example" "$work/app" "$registry_host/examples/hello:v1" 2> "$work/push.log") || {
  cat "$work/push.log" >&2; echo "error: PushFromSwift failed" >&2; exit 1; }
digest=${pushed##*@}
[ "$pushed" = "$registry_host/examples/hello@$digest" ] || {
  echo "error: PushFromSwift printed '$pushed', not $registry_host/examples/hello@sha256:…" >&2; exit 1; }

served=sha256:$(skopeo inspect --tls-verify=false --raw "docker://$registry_host/examples/hello:v1" | sha256sum | cut -d' ' -f1)
[ "$served" = "$digest" ] || { echo "error: the registry serves $served for examples/hello:v1, PushFromSwift printed $digest" >&2; exit 1; }

# The library builds what the CLI builds: same app, same default target, same digest.
cli=$(swift build --show-bin-path)/wasmpack
if [ -x "$cli" ]; then
  built=$("$cli" build "$work/app" -o "$work/cli-layout" 2>/dev/null)
  [ "$built" = "$digest" ] || { echo "error: 'wasmpack build' gives $built, the library example $digest" >&2; exit 1; }
fi
echo "Examples/PushFromSwift: pushed $pushed (skopeo agrees)"
