#!/usr/bin/env bash
# Regenerates the checked-in man pages (assets/man) and completion scripts
# (assets/completions) from the clap definitions; the package takes them from there, and
# tests/shell.rs fails while they are stale.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --quiet --locked -- __write-assets assets
echo "assets: $(ls assets/man | wc -l) man pages, $(ls assets/completions | wc -l) completion scripts" >&2
