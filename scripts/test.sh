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
# The GitHub Action's steps (action.yml, read with a YAML parser) against the debug build packaged
# as a release archive, served on loopback, pushing to a local registry.
scripts/test-action.sh --fast
# The .deb on a bare Debian 12 root made by debootstrap (cached in .build-debootstrap), when dist/
# has one; otherwise it says so. Full command, release build included: bash scripts/test-bare-debian.sh
scripts/test-bare-debian.sh --if-packaged
