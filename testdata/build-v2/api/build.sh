# Writes the component, and one line to each of stdout and stderr: wasmpack must show both on its
# stderr and keep its stdout for the digest.
set -e
mkdir -p target
wat2wasm api.wat -o target/api.wasm
echo "api build: stdout line"
echo "api build: stderr line" >&2
