# Shared by scripts/demo.sh and bench/*.sh (sourced, not run).

export PATH="$PATH:/opt/swift/usr/bin"

# Builds the release binary with the Swift runtime linked in; sets $wasmpack.
build_release() {
  swift build -c release --static-swift-stdlib --product wasmpack >&2
  wasmpack=$(swift build -c release --static-swift-stdlib --show-bin-path)/wasmpack
}

# Starts CNCF distribution on a free loopback port with storage under $1; sets $registry_host and
# $registry_pid (the caller stops it: kill "$registry_pid").
start_local_registry() {
  local dir=$1 port=5000
  while (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; do port=$((port + 1)); done
  mkdir -p "$dir"
  cat > "$dir/registry.yml" <<YAML
version: 0.1
storage:
  filesystem:
    rootdirectory: $dir/storage
http:
  addr: 127.0.0.1:$port
  secret: wasmpack-local
log:
  level: error
YAML
  docker-registry serve "$dir/registry.yml" > "$dir/registry.log" 2>&1 &
  registry_pid=$!
  registry_host=127.0.0.1:$port
  for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && return 0; sleep 0.1; done
  echo "error: the local registry did not start; see $dir/registry.log" >&2
  return 1
}

# Appends a results table to bench/RESULTS.md: $1 heading, $2 a line naming versions, $3 the rows file.
append_results() {
  {
    echo
    echo "## $1, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
    echo
    echo "wasmpack $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $2"
    echo
    echo "| what | input | wall s | MiB/s | peak RSS MB |"
    echo "|---|---|---|---|---|"
    cat "$3"
  } >> bench/RESULTS.md
  echo "appended to bench/RESULTS.md" >&2
}
