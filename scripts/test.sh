#!/usr/bin/env bash
# The whole test suite: installs the test peers, builds, and runs every test against real tools.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/opt/swift/usr/bin"

scripts/install-deps.sh --test
swift build --build-tests 2>&1 | tail -n 3
# swift-argument-parser's man page generator, for PackagingTests (package.sh builds its own).
swift build --product generate-manual 2>&1 | tail -n 1
# Every committed fuzz seed once through its libFuzzer target (no new fuzzing): inputs that once
# crashed, hung or leaked stay fixed. Builds the targets with the sanitizers in .build-fuzz.
scripts/fuzz.sh --replay
# The library products as another Swift package uses them: Examples/PushFromSwift builds and pushes
# testdata/spin-hello through WasmPackBuild and WasmPackRegistry (own build in .build-examples).
scripts/test-examples.sh
# Interop tests skip when a peer is missing on a developer's machine; here they must run.
export WASMPACK_REQUIRE_PEERS=1
swift test --skip-build
# The release of HEAD as users get it: scripts/package.sh (release build with the Swift runtime
# linked in, in .build-package) writes the archive, the .deb and SHA256SUMS to dist/. The action's
# steps (read from action.yml with a YAML parser) install that archive from a loopback server and
# push to a local registry; the .deb is installed on a bare Debian 12 root made by debootstrap
# (cached in .build-debootstrap) and builds, pushes and pulls there, with no Swift.
bash scripts/package.sh
scripts/test-action.sh
scripts/test-bare-debian.sh
