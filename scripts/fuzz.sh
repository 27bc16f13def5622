#!/usr/bin/env bash
# libFuzzer targets for the parsers of untrusted input (Tests/WasmPackFuzz, a package of its own).
#
#   scripts/fuzz.sh [TARGET...]            fuzz each target for FUZZ_SECONDS (default 40) seconds
#   scripts/fuzz.sh --replay [TARGET...]   run each committed seed once, no fuzzing (the test suite)
#
# Targets (seed corpus in testdata/fuzz/NAME): toml, reference, auth-challenge, manifest-json,
# wasm, layer-extract. New corpus entries go to FUZZ_WORK (default .build-fuzz/work, git-ignored), not
# into testdata; FUZZ_UPDATE_CORPUS=1 merges them into the committed corpus (-merge=1 keeps only
# inputs that add coverage). Any crash, hang (over 10 s), leak or failed property fails the
# script and names the file that reproduces it: `.build-fuzz/debug/FuzzX FILE` runs it again.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/opt/swift/usr/bin"

replay=0
if [ "${1:-}" = "--replay" ]; then replay=1; shift; fi
seconds=${FUZZ_SECONDS:-40}
work=${FUZZ_WORK:-$PWD/.build-fuzz/work}

# corpus folder name -> executable target
declare -A binaries=(
  [toml]=FuzzTOML [reference]=FuzzReference [auth-challenge]=FuzzAuthChallenge
  [manifest-json]=FuzzManifestJSON [wasm]=FuzzWasmReader [layer-extract]=FuzzLayerExtract
)
order=(toml reference auth-challenge manifest-json wasm layer-extract)
if [ $# -gt 0 ]; then order=("$@"); fi
for target in "${order[@]}"; do
  [ -n "${binaries[$target]:-}" ] || { echo "error: unknown fuzz target '$target' (one of: ${!binaries[*]})" >&2; exit 64; }
done

mkdir -p "$work"
# Debug with optimisation off keeps every check the code has; the sanitizers need no release build.
build=(swift build --package-path Tests/WasmPackFuzz --scratch-path .build-fuzz -c debug -Xswiftc -sanitize=fuzzer,address)
if ! "${build[@]}" > "$work/build.log" 2>&1; then
  grep -E "error:" "$work/build.log" | head -n 20 >&2
  echo "error: the fuzz targets did not build (log: $work/build.log)" >&2
  exit 1
fi
bin=$("${build[@]}" --show-bin-path)
# The layer target extracts into a folder under TMPDIR; keep those inside the work folder, and
# start empty (a target that crashed had no chance to remove its own).
export TMPDIR="$work/tmp"
rm -rf "$TMPDIR"
mkdir -p "$TMPDIR"
# Leaks fail like crashes; the Swift runtime's own caches live to exit and are not reported.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
# Swift's backtracer would inspect the crashed process under ASan and crash itself; libFuzzer
# and ASan print the stack already.
export SWIFT_BACKTRACE=enable=no

failed=()
for target in "${order[@]}"; do
  seeds=testdata/fuzz/$target
  log="$work/$target.log"
  if [ "$replay" = 1 ]; then
    mapfile -t files < <(find "$seeds" -type f | sort)
    if "$bin/${binaries[$target]}" -timeout=10 "${files[@]}" > "$log" 2>&1; then
      echo "$target: replayed ${#files[@]} inputs"
    else
      failed+=("$target")
      echo "$target: FAILED replaying $seeds (log: $log)" >&2
      grep -E "^Running: |ERROR: |SUMMARY: |fuzz property failed" "$log" | tail -n 4 >&2
    fi
    continue
  fi

  corpus="$work/corpus/$target"
  mkdir -p "$corpus" "$work/crashes"
  extra=()
  # The TOML conformance suite (Debian's golang-github-burntsushi-toml-dev, which the test
  # command installs) makes good starting points; read from there, never copied into testdata.
  toml_test=/usr/share/gocode/src/github.com/BurntSushi/toml/internal/toml-test/tests
  if [ "$target" = toml ] && [ -d "$toml_test" ]; then extra=("$toml_test/valid" "$toml_test/invalid"); fi
  status=0
  "$bin/${binaries[$target]}" "$corpus" "$seeds" "${extra[@]}" -max_total_time="$seconds" -timeout=10 \
    -print_final_stats=1 -artifact_prefix="$work/crashes/$target-" > "$log" 2>&1 || status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  [ -n "$runs" ] || runs=$(sed -n 's/^#\([0-9]*\).*DONE.*/\1/p' "$log" | tail -n 1)
  if [ "$status" -eq 0 ]; then
    echo "$target: ${runs:-?} executions in ${seconds} s, corpus $(find "$corpus" -type f | wc -l) new inputs"
    if [ "${FUZZ_UPDATE_CORPUS:-0}" = 1 ]; then
      "$bin/${binaries[$target]}" -merge=1 "$seeds" "$corpus" >> "$log" 2>&1
      echo "$target: committed corpus now $(find "$seeds" -type f | wc -l) inputs"
    fi
  else
    failed+=("$target")
    crash=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
    echo "$target: FAILED after ${runs:-?} executions: ${crash:-no crash file} (log: $log)" >&2
    [ -z "$crash" ] || echo "  reproduce: $bin/${binaries[$target]} $crash" >&2
    grep -E "ERROR: |SUMMARY: |fuzz property failed" "$log" | head -n 3 >&2
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "error: fuzz targets failed: ${failed[*]}" >&2
  exit 1
fi
