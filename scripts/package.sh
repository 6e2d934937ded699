#!/usr/bin/env bash
# Builds the platform .vsix for this machine (linux-x64, linux-arm64,
# darwin-arm64 or darwin-x64): the extension with a self-contained cgols
# (LLVM, Clang, Boost.JSON and the C++ runtime linked statically; see the
# "package" preset) and Clang's resource headers beside it. Prints the path
# of the .vsix. Assumes ./scripts/setup.sh has installed what is needed.
#
# For another platform's .vsix (tests stage a darwin one on Linux):
#   package.sh --target darwin-arm64 --binary FILE --resource DIR [--out-dir DIR]
# takes that binary instead of building one, and refuses one whose format or
# architecture is not the target's (a Linux ELF in a darwin .vsix, an x86_64
# binary in an arm64 one: each installs and then fails to start).
#
# The extension is staged in a temporary copy: the working tree's vscode-ext
# is never written but for its node_modules, so two runs do not collide.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

target="" bin="" resource="" outdir=""
while [ $# -gt 0 ]; do
  case "$1" in
    --target) target="$2"; shift 2 ;;
    --binary) bin="$2"; shift 2 ;;
    --resource) resource="$2"; shift 2 ;;
    --out-dir) outdir="$2"; shift 2 ;;
    *) echo "package: unknown argument $1" >&2; exit 2 ;;
  esac
done

if [ -z "$target" ]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) target=linux-x64 ;;
    Linux-aarch64) target=linux-arm64 ;;
    Darwin-arm64) target=darwin-arm64 ;;
    Darwin-x86_64) target=darwin-x64 ;;
    *) echo "package: no .vsix target for $(uname -s)-$(uname -m)" >&2; exit 2 ;;
  esac
fi
case "$target" in
  linux-x64 | linux-arm64 | darwin-arm64 | darwin-x64) ;;
  *) echo "package: unknown target $target" >&2; exit 2 ;;
esac

if [ -z "$bin" ]; then
  cmake --preset package >/dev/null
  cmake --build --preset package >&2
  bin=build-package/tools/cgols
  resource=$(sed -n 's/^CGOLS_CLANG_RESOURCE_DIR:PATH=//p' build-package/CMakeCache.txt)
fi
[ -f "$bin" ] || { echo "package: no binary at $bin" >&2; exit 2; }
[ -d "$resource/include" ] || {
  echo "package: no Clang resource headers at $resource/include" >&2
  exit 2
}

# The binary's format and architecture, from its first bytes (od is on
# every Linux and Mac): ELF e_machine, Mach-O cputype; a universal Mach-O
# is taken for a darwin target.
kind() {
  local head
  head=$(od -An -tx1 -N20 "$1" | tr -d ' \n')
  case "$head" in
    7f454c46*)
      case "${head:36:4}" in
        3e00) echo linux-x64 ;;
        b700) echo linux-arm64 ;;
        *) echo "an ELF for machine 0x${head:38:2}${head:36:2}" ;;
      esac ;;
    cffaedfe*)
      case "${head:8:8}" in
        0c000001) echo darwin-arm64 ;;
        07000001) echo darwin-x64 ;;
        *) echo "a Mach-O for cputype ${head:8:8}" ;;
      esac ;;
    cafebabe*) echo darwin-universal ;;
    *) echo "not an ELF or Mach-O executable" ;;
  esac
}
got=$(kind "$bin")
if [ "$got" != "$target" ] && ! { [ "$got" = darwin-universal ] && [ "${target%%-*}" = darwin ]; }; then
  echo "package: $bin is $got, not $target" >&2
  exit 1
fi

major=$(basename "$resource")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ext="$work/vscode-ext"
mkdir -p "$ext"
(cd vscode-ext && tar -cf - --exclude=./node_modules --exclude=./dist --exclude=./docs \
  --exclude=./server --exclude='./*.vsix' .) | tar -xf - -C "$ext"
[ -d vscode-ext/node_modules ] || (cd vscode-ext && npm install --no-audit --no-fund >/dev/null 2>&1)
ln -s "$root/vscode-ext/node_modules" "$ext/node_modules"

stage="$ext/server"
mkdir -p "$stage/lib/clang/$major"
cp "$bin" "$stage/cgols"
chmod 755 "$stage/cgols"
# Only a binary of this machine's format: GNU strip cannot read a Mach-O.
[ "${target%%-*}" = "$(uname -s | tr A-Z a-z)" ] && { strip "$stage/cgols" 2>/dev/null || true; }
cp -RL "$resource/include" "$stage/lib/clang/$major/include"
mkdir -p "$ext/docs"
cp docs/checks.md "$ext/docs/checks.md"

cd "$ext"
npm run build >/dev/null
out="cgols-$target.vsix"
npx vsce package --target "$target" --no-dependencies --allow-missing-repository \
  --skip-license -o "$out" >&2
dest="${outdir:-$root/vscode-ext}"
mkdir -p "$dest"
cp "$out" "$dest/$out"
echo "$(cd "$dest" && pwd)/$out"
