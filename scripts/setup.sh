#!/usr/bin/env bash
# Installs what cgols needs on Debian 12 (as root, or with sudo) and builds it.
# Safe to run again: installs only what is missing, then builds incrementally.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  cmake ninja-build g++ pkg-config
  llvm-16-dev libclang-16-dev libclang-cpp16-dev clang-16
  llvm-19-dev libclang-19-dev libclang-cpp19-dev clang-19
  libboost-json1.81-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  golang-go gcc
  libgtk-3-dev clang-format
  chromium libkrb5-dev ripgrep
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
