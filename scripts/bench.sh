#!/usr/bin/env bash
# Builds and runs the latency benchmark: edit-to-diagnostics time for a small
# preamble and a <gtk/gtk.h> preamble, beside go build of the same package
# and clangd-16 on the same text as a .c file; first diagnostics after
# opening a file of gotk3's gtk/ package beside clangd; completion after C.
# in the gtk package, beside clangd-16. scripts/bench-check.sh times a cold
# `cgols check` against plain clang.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
# The completion benchmark compares with clangd-16 (bench only, not a build
# or test dependency).
if ! dpkg-query -W -f='${Status}' clangd-16 2>/dev/null | grep -q "install ok installed"; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq clangd-16 >/dev/null
fi
./build/tests/cgols_bench "$@"
