#!/usr/bin/env bash
# Builds and runs every test: unit, marker, transcript and toolchain (go
# build with clang-16 and gcc), then all of them again under ASan + UBSan.
# Set CGOLS_SKIP_SANITIZERS=1 to skip the second pass.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
ctest --preset default -j2
if [ "${CGOLS_SKIP_SANITIZERS:-0}" != 1 ]; then
  echo "== the same tests under AddressSanitizer + UndefinedBehaviorSanitizer"
  cmake --preset asan >/dev/null
  cmake --build --preset asan
  # The e2e test drives the same binary under a browser; once is enough.
  ctest --preset asan -j2 -LE e2e
fi
