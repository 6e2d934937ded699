#!/usr/bin/env bash
# Builds the platform .vsix for this machine (linux-x64, linux-arm64,
# darwin-arm64 or darwin-x64): the extension with a self-contained cgols
# (LLVM, Clang, Boost.JSON and the C++ runtime linked statically; see the
# "package" preset) and Clang's resource headers beside it. Prints the path
# of the .vsix. Assumes ./scripts/setup.sh has installed what is needed.
set -euo pipefail
cd "$(dirname "$0")/.."

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) target=linux-x64 ;;
  Linux-aarch64) target=linux-arm64 ;;
  Darwin-arm64) target=darwin-arm64 ;;
  Darwin-x86_64) target=darwin-x64 ;;
  *) echo "package: no .vsix target for $(uname -s)-$(uname -m)" >&2; exit 2 ;;
esac

cmake --preset package >/dev/null
cmake --build --preset package >&2
bin=build-package/tools/cgols
resource=$(sed -n 's/^CGOLS_CLANG_RESOURCE_DIR:PATH=//p' build-package/CMakeCache.txt)
major=$(basename "$resource")

stage="$PWD/vscode-ext/server"
rm -rf "$stage"
mkdir -p "$stage/lib/clang/$major"
cp "$bin" "$stage/cgols"
strip "$stage/cgols" 2>/dev/null || true
cp -RL "$resource/include" "$stage/lib/clang/$major/include"
trap 'rm -rf "$stage"' EXIT

cd vscode-ext
[ -d node_modules ] || npm install --no-audit --no-fund >/dev/null 2>&1
npm run build >/dev/null
npm run docs >/dev/null
out="cgols-$target.vsix"
npx vsce package --target "$target" --no-dependencies --allow-missing-repository \
  --skip-license -o "$out" >&2
echo "$PWD/$out"
