#!/usr/bin/env bash
# Writes the man page and the shell completions of a built wasmpack, all generated from its argument
# parser (so they never drift from the binary), into the share/ tree under DEST:
#   DEST/share/man/man1/wasmpack.1
#   DEST/share/bash-completion/completions/wasmpack
#   DEST/share/zsh/site-functions/_wasmpack         (ZSH_DIR overrides share/zsh/site-functions)
#   DEST/share/fish/vendor_completions.d/wasmpack.fish
#
#   scripts/share-files.sh WASMPACK GENERATE_MANUAL DEST
#
# GENERATE_MANUAL is swift-argument-parser's generate-manual tool (`swift build --product
# generate-manual`); it reads `wasmpack --experimental-dump-help`. The page is dated from
# SOURCE_DATE_EPOCH (else the last commit), so the same commit gives the same page.
set -euo pipefail

if [ $# -ne 3 ]; then
  echo "usage: scripts/share-files.sh WASMPACK GENERATE_MANUAL DEST" >&2
  exit 64
fi
wasmpack=$1 generate_manual=$2 dest=$3
for tool in "$wasmpack" "$generate_manual"; do
  if [ ! -x "$tool" ]; then
    echo "error: $tool is not an executable; build it first (swift build --product $(basename "$tool"))" >&2
    exit 1
  fi
done
epoch=${SOURCE_DATE_EPOCH:-$(git -C "$(dirname "$0")" log -1 --format=%ct)}
zsh_dir=${ZSH_DIR:-share/zsh/site-functions}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$generate_manual" "$wasmpack" --date "$(date -u -d "@$epoch" +%Y-%m-%d)" --section 1 --output-directory "$work"
# generate-manual copies help text lines as they are; a line of ours that starts with ' or . would
# be read by troff as a request (a warning and a lost line). \& in front makes it plain text.
# Its own lines are mdoc macros (.Xx) or comments (.\"), which stay as they are. A blank line inside
# a help text's discussion is a paragraph break: mdoc wants .Pp there, not an empty line.
sed -e 's/^$/.Pp/' -e "s/^'/\\\\\\&'/" -e '/^\.\([A-Z][a-z]\|\\"\)/!s/^\./\\\&./' "$work/wasmpack.1" > "$work/wasmpack.1.escaped"

install -d "$dest/share/man/man1" "$dest/share/bash-completion/completions" "$dest/$zsh_dir" \
  "$dest/share/fish/vendor_completions.d"
install -m 0644 "$work/wasmpack.1.escaped" "$dest/share/man/man1/wasmpack.1"
"$wasmpack" --generate-completion-script bash > "$work/bash"
"$wasmpack" --generate-completion-script zsh > "$work/zsh"
"$wasmpack" --generate-completion-script fish > "$work/fish"
install -m 0644 "$work/bash" "$dest/share/bash-completion/completions/wasmpack"
install -m 0644 "$work/zsh" "$dest/$zsh_dir/_wasmpack"
install -m 0644 "$work/fish" "$dest/share/fish/vendor_completions.d/wasmpack.fish"
