#!/usr/bin/env bash
# Runs ldapdeck's whole test suite. This is the README's test command and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo test --locked "$@"
