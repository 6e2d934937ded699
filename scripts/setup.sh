#!/usr/bin/env bash
# Installs what cgols needs and builds it: on Debian 12 with apt (as root, or
# with sudo), on macOS with Homebrew. Safe to run again: installs only what
# is missing, then builds incrementally.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(uname -s)" = Darwin ]; then
  # Homebrew's formulae (https://formulae.brew.sh): LLVM/Clang 19 with its
  # CMake packages, Boost (with boost_json's CMake config), GoogleTest,
  # Google Benchmark, Go and pkg-config (Homebrew's pkgconf). Each name is in
  # tests/fixtures/homebrew-formulae.txt, checked against formulae.brew.sh.
  # Not run in CI (no Mac).
  command -v brew >/dev/null || {
    echo "setup: Homebrew is needed: https://brew.sh" >&2
    exit 1
  }
  for f in llvm@19 boost re2 cmake ninja googletest google-benchmark go pkgconf node; do
    brew list --formula "$f" >/dev/null 2>&1 || brew install "$f"
  done
  llvm=$(brew --prefix llvm@19)
  cmake --preset default -DCGOLS_LLVM_VERSION=19 \
    -DLLVM_DIR="$llvm/lib/cmake/llvm" -DClang_DIR="$llvm/lib/cmake/clang" \
    -DCGOLS_CLANG_RESOURCE_DIR="$llvm/lib/clang/19" >/dev/null
  cmake --build --preset default
  exit 0
fi

PACKAGES=(
  cmake ninja-build g++ pkg-config
  llvm-16-dev libclang-16-dev libclang-cpp16-dev clang-16
  llvm-19-dev libclang-19-dev libclang-cpp19-dev clang-19
  libboost-json1.81-dev libboost1.81-dev libre2-dev libclang-rt-16-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  golang-go gcc
  libgtk-3-dev zlib1g-dev clang-format
  chromium libkrb5-dev ripgrep python3
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

cmake --preset default >/dev/null
cmake --build --preset default
