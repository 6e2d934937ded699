#!/usr/bin/env bash
# Builds and runs the latency benchmark: edit-to-diagnostics time for a small
# preamble and a <gtk/gtk.h> preamble, beside go build of the same package.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./build/tests/cgols_bench "$@"
