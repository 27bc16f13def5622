#!/usr/bin/env bash
# Runs the GitHub Action in action.yml here, step by step as a runner would (scripts/run-action.py
# reads it with a YAML parser), against a release archive made by scripts/package.sh and served
# from a loopback HTTP server, and a local registry:
#   - install from the release (checksum verified) and push testdata/spin-hello with extra tags and
#     credentials: the outputs digest and ref are set and skopeo sees that manifest under each tag,
#     and the password appears nowhere in what the steps print;
#   - an archive that does not match SHA256SUMS is refused and nothing is installed;
#   - no version (and no from-source) is a one-line error.
#
#   scripts/test-action.sh          the release of HEAD in dist/ (scripts/package.sh makes it when missing)
#   scripts/test-action.sh DIST     the archive and SHA256SUMS in DIST
#   scripts/test-action.sh --fast   the debug build packaged as a release (package.sh --binaries), as
#                                   scripts/test.sh runs it: the same archive layout in seconds
#   scripts/test-action.sh --from-source
#                                   only `from-source: true`: from HEAD's files without .git, as
#                                   `uses: OWNER/wasmpack@REF` gets them (a release build, minutes),
#                                   and from this checkout, as `uses: ./` (install.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

from_source=0
if [ "${1:-}" = "--from-source" ]; then
  from_source=1
  # No archive needed; the checks below that use one are skipped.
  dist=
elif [ "${1:-}" = "--fast" ]; then
  dist=$PWD/.build-action/dist
  mkdir -p "$dist"
  if ! { swift build --product wasmpack && swift build --product generate-manual &&
         DIST=$dist bash scripts/package.sh --binaries "$(swift build --show-bin-path)"; } > "$dist/../package.log" 2>&1; then
    tail -n 20 "$dist/../package.log" >&2
    echo "error: could not package the debug build (log: .build-action/package.log)" >&2
    exit 1
  fi
else
  dist=${1:-dist}
fi
if [ "$from_source" = 1 ]; then
  archive=none version=none
else
shopt -s nullglob
archives=("$dist"/wasmpack-*-linux-x86_64.tar.gz)
if [ ${#archives[@]} -eq 0 ] && [ -z "${1:-}" ]; then
  bash scripts/package.sh >&2
  archives=("$dist"/wasmpack-*-linux-x86_64.tar.gz)
fi
shopt -u nullglob
[ ${#archives[@]} -eq 1 ] || { echo "error: expected one wasmpack-VERSION-linux-x86_64.tar.gz in $dist, found ${#archives[@]}" >&2; exit 1; }
archive=$(basename "${archives[0]}")
version=${archive#wasmpack-}
version=${version%-linux-x86_64.tar.gz}
[ -f "$dist/SHA256SUMS" ] || { echo "error: no $dist/SHA256SUMS beside $archive" >&2; exit 1; }
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/wasmpack-action.XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  local port=$1
  while (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}
wait_for_port() {
  for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0; sleep 0.1; done
  echo "error: nothing answers on 127.0.0.1:$1 ($2)" >&2
  return 1
}

# The release as GitHub serves it: BASE/vVERSION/ARCHIVE and BASE/vVERSION/SHA256SUMS. A second,
# tampered release (one byte appended) keeps the first one's SHA256SUMS.
mkdir -p "$work/releases/v$version" "$work/releases/v0.0.0-tampered"
if [ "$from_source" = 0 ]; then
  cp "$dist/$archive" "$dist/SHA256SUMS" "$work/releases/v$version/"
  cp "$dist/$archive" "$work/releases/v0.0.0-tampered/wasmpack-0.0.0-tampered-linux-x86_64.tar.gz"
  printf 'x' >> "$work/releases/v0.0.0-tampered/wasmpack-0.0.0-tampered-linux-x86_64.tar.gz"
  sed "s/$archive/wasmpack-0.0.0-tampered-linux-x86_64.tar.gz/" "$dist/SHA256SUMS" > "$work/releases/v0.0.0-tampered/SHA256SUMS"
fi
http_port=$(free_port 8400)
/usr/bin/python3 -m http.server --bind 127.0.0.1 --directory "$work/releases" "$http_port" > "$work/http.log" 2>&1 &
pids+=($!)
wait_for_port "$http_port" "the release server"

# A registry that wants a user and password (bcrypt htpasswd, the only kind distribution reads).
password="action-secret-$RANDOM$RANDOM"
registry_port=$(free_port 5400)
mkdir -p "$work/registry"
htpasswd -Bbn ci "$password" > "$work/registry/htpasswd"
cat > "$work/registry/config.yml" <<YAML
version: 0.1
storage:
  filesystem:
    rootdirectory: $work/registry/storage
http:
  addr: 127.0.0.1:$registry_port
  secret: wasmpack-action-test
auth:
  htpasswd:
    realm: wasmpack-action-test
    path: $work/registry/htpasswd
log:
  level: error
YAML
docker-registry serve "$work/registry/config.yml" > "$work/registry/log" 2>&1 &
pids+=($!)
wait_for_port "$registry_port" "docker-registry"
registry=127.0.0.1:$registry_port

mkdir -p "$work/workspace"
cp -R testdata/spin-hello "$work/workspace/app"
# The runner's PATH without any wasmpack, so the steps can only use the one the action installs.
runner_path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
if PATH=$runner_path command -v wasmpack >/dev/null; then
  echo "error: a wasmpack is already on $runner_path; the test could not tell it from the action's" >&2
  exit 1
fi

action=action.yml
run_action() {
  local name=$1; shift
  PATH=$runner_path /usr/bin/python3 scripts/run-action.py --action "$action" --workspace "$work/workspace" \
    --temp "$work/runner-temp-$name" "$@" > "$work/$name.json" 2> "$work/$name.log"
}

failed=0
fail() { echo "error: $*" >&2; failed=1; }

# 0. Inputs reach the shell only through env: a `${{ inputs.x }}` inside `run:` would be pasted
# into the script as code (a tag named `$(...)` would run).
/usr/bin/python3 - action.yml <<'PY' || fail "action.yml expands an input inside a run: script; pass it through env: instead"
import sys, yaml
steps = yaml.safe_load(open(sys.argv[1]))["runs"]["steps"]
bad = [step.get("name", "?") for step in steps if "${{" in step.get("run", "")]
if bad:
    print("steps with ${{ }} in run:", ", ".join(bad), file=sys.stderr)
    sys.exit(1)
PY

# From source: the action's files as GitHub fetches them for `uses:` (an archive of the ref, no .git).
if [ "$from_source" = 1 ]; then
  action=$work/action-source/action.yml
  mkdir -p "$work/action-source"
  git archive --format=tar HEAD | tar -x -C "$work/action-source"
  if run_action source --input from-source=true --input "reference=$registry/action/source:v1" --input path=app \
      --input username=ci --input "password=$password"; then
    digest=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["digest"])' "$work/source.json")
    ref=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["ref"])' "$work/source.json")
    served=sha256:$(skopeo inspect --tls-verify=false --creds "ci:$password" --raw "docker://$registry/action/source:v1" | sha256sum | cut -d' ' -f1)
    [ "$ref" = "$registry/action/source@$served" ] && [ "$digest" = "$served" ] ||
      fail "from source: outputs digest '$digest' and ref '$ref', but the registry serves $served"
    [ -f "$work/runner-temp-source/wasmpack/share/man/man1/wasmpack.1" ] || fail "from source: no man page installed"
  else
    tail -n 30 "$work/source.log" >&2
    fail "the action's steps failed with from-source: true"
  fi
  # And from this checkout, as `uses: ./` after actions/checkout runs it: install.sh's release build
  # of HEAD (in .build-package, shared with package.sh, so incremental after it).
  action=action.yml
  if run_action checkout --input from-source=true --input "reference=$registry/action/checkout:v1" --input path=app \
      --input username=ci --input "password=$password"; then
    checkout_ref=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["ref"])' "$work/checkout.json")
    [ "$checkout_ref" = "$registry/action/checkout@$digest" ] || fail "from a checkout: output ref '$checkout_ref', expected $registry/action/checkout@$digest"
    "$work/runner-temp-checkout/wasmpack/bin/wasmpack" --version | grep -qx "commit $(git rev-parse HEAD)" ||
      fail "from a checkout: the installed wasmpack does not name HEAD's commit"
  else
    tail -n 30 "$work/checkout.log" >&2
    fail "the action's steps failed with from-source: true in a git checkout"
  fi
  [ "$failed" = 0 ] || exit 1
  echo "action.yml from-source: built HEAD's files without .git and HEAD in this checkout, pushed $ref (outputs set, skopeo agrees)"
  exit 0
fi

# 1. Install from the release and push with credentials and extra tags.
if run_action push --input "version=$version" --input "release-url=http://127.0.0.1:$http_port" \
    --input "reference=$registry/action/hello:v1" --input path=app --input "tags=latest,, ci" \
    --input target=spinkube --input username=ci --input "password=$password"; then
  digest=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["digest"])' "$work/push.json")
  ref=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["ref"])' "$work/push.json")
  [[ "$digest" =~ ^sha256:[0-9a-f]{64}$ ]] || fail "output digest is '$digest'"
  [ "$ref" = "$registry/action/hello@$digest" ] || fail "output ref is '$ref', expected $registry/action/hello@$digest"
  for reference in "$registry/action/hello:v1" "$registry/action/hello:latest" "$registry/action/hello:ci" "$ref"; do
    served=sha256:$(skopeo inspect --tls-verify=false --creds "ci:$password" --raw "docker://$reference" | sha256sum | cut -d' ' -f1)
    [ "$served" = "$digest" ] || fail "skopeo sees $served at $reference, the action's output digest is $digest"
  done
  ! grep -qF "$password" "$work/push.log" "$work/push.json" || fail "the password appears in the steps' output"
  [ -x "$work/runner-temp-push/wasmpack/bin/wasmpack" ] || fail "no wasmpack installed under RUNNER_TEMP/wasmpack/bin"
else
  cat "$work/push.log" >&2
  fail "the action's steps failed against the release of $archive"
fi

# 1b. The format input reaches wasmpack: --format spin gives Spin's registry artifact.
if run_action spin --input "version=$version" --input "release-url=http://127.0.0.1:$http_port" \
    --input "reference=$registry/action/hello-spin:v1" --input path=app --input format=spin \
    --input username=ci --input "password=$password"; then
  spin_digest=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["digest"])' "$work/spin.json")
  layer_types=$(skopeo inspect --tls-verify=false --creds "ci:$password" --raw "docker://$registry/action/hello-spin@$spin_digest" |
    /usr/bin/python3 -c 'import json,sys; print(" ".join(sorted({l["mediaType"] for l in json.load(sys.stdin)["layers"]})))')
  [[ " $layer_types " == *" application/vnd.wasm.content.layer.v1+wasm "* ]] ||
    fail "format=spin pushed layers of types '$layer_types', no Spin wasm layer"
else
  cat "$work/spin.log" >&2
  fail "the action's steps failed with format=spin"
fi

# 2. An archive that does not match SHA256SUMS: refused, nothing installed.
if run_action tampered --input version=0.0.0-tampered --input "release-url=http://127.0.0.1:$http_port"; then
  fail "the action installed an archive that does not match SHA256SUMS"
else
  grep -q "does not match" "$work/tampered.log" || { cat "$work/tampered.log" >&2; fail "no checksum error for the tampered archive"; }
  [ ! -e "$work/runner-temp-tampered/wasmpack/bin/wasmpack" ] || fail "the tampered archive was unpacked"
fi

# 3. Neither a version nor from-source: one clear error.
if run_action no-version; then
  fail "the action succeeded without a version"
else
  grep -q "set the input 'version'" "$work/no-version.log" || { cat "$work/no-version.log" >&2; fail "no error naming the version input"; }
fi

[ "$failed" = 0 ] || exit 1
echo "action.yml: installed $archive from a loopback release, pushed $ref (outputs digest and ref set, skopeo agrees)"
