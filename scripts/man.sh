#!/usr/bin/env bash
# Regenerates the checked-in man pages (assets/man) from the clap definitions; tests/shell.rs
# fails while they are stale.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --quiet --locked -- __write-man assets/man
echo "assets/man: $(ls assets/man | wc -l) pages" >&2
