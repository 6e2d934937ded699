#!/usr/bin/env bash
# Compiles every product source for macOS with -fsyntax-only, against the
# macOS SDK given (its own libc and libc++ headers) and this machine's
# LLVM, Clang and Boost headers, never the host's libc: the darwin code
# paths (socket options, sysctl probes, the malloc_trim guard) are checked
# without a Mac.
#
#   scripts/check-macos-build.sh SDK [BUILD_DIR]
#
# SDK is a MacOSX.sdk directory (usr/include with c++/v1). BUILD_DIR (build
# by default) has the compile commands of a configured build. Each source is
# compiled for arm64-apple-macos12 and x86_64-apple-macos12; the output is a
# line per failure and a count. Exit 1 when a source fails.
set -euo pipefail
cd "$(dirname "$0")/.."
sdk=${1:?usage: scripts/check-macos-build.sh SDK [BUILD_DIR]}
build=${2:-build}
[ -f "$sdk/usr/include/stdio.h" ] || { echo "$sdk: no usr/include/stdio.h (not a macOS SDK)"; exit 2; }
[ -d "$sdk/usr/include/c++/v1" ] || { echo "$sdk: no usr/include/c++/v1 (libc++ headers)"; exit 2; }
[ -f "$build/compile_commands.json" ] || { echo "$build/compile_commands.json: configure a build first (cmake --preset default)"; exit 2; }
clangxx=${CGOLS_CLANGXX:-clang++-16}
command -v "$clangxx" >/dev/null || { echo "$clangxx not found"; exit 2; }

# Boost and RE2 live in the host's /usr/include beside its libc: a directory
# of links to just those keeps the host's libc out.
shim=$(mktemp -d)
trap 'rm -rf "$shim"' EXIT
for d in boost re2; do
  [ -d "/usr/include/$d" ] && ln -s "/usr/include/$d" "$shim/$d"
done

# The sources of the tree the build was configured from.
src=$(sed -n 's/^CMAKE_HOME_DIRECTORY:INTERNAL=//p' "$build/CMakeCache.txt")
[ -n "$src" ] || src=$PWD
python3 - "$build/compile_commands.json" "$src" >"$shim/list" <<'PY'
import json, shlex, sys
root = sys.argv[2] + "/"
for e in json.load(open(sys.argv[1])):
    f = e["file"]
    if not f.startswith(root) or f[len(root):].startswith(("tests/", "build")):
        continue
    words = shlex.split(e["command"]) if "command" in e else e["arguments"]
    keep, i = [], 0
    while i < len(words):
        w = words[i]
        if w in ("-I", "-isystem", "-D") and i + 1 < len(words):
            keep += [w, words[i + 1]]; i += 2; continue
        if w.startswith(("-I", "-D", "-std=")) or (w.startswith("-isystem") and len(w) > 8):
            keep.append(w)
        i += 1
    print(f + "\t" + " ".join(shlex.quote(k) for k in keep))
PY

files=0 failures=0
while IFS=$'\t' read -r file flags; do
  files=$((files + 1))
  for triple in arm64-apple-macos12 x86_64-apple-macos12; do
    # shellcheck disable=SC2086
    if ! out=$(eval "$clangxx" -target "$triple" -isysroot "'$sdk'" -fsyntax-only \
        -nostdinc++ -isystem "'$sdk/usr/include/c++/v1'" $flags -isystem "'$shim'" \
        "'$file'" 2>&1); then
      failures=$((failures + 1))
      echo "FAIL ${file#"$src"/} ($triple)"
      echo "$out" | grep -E 'error:' | head -5 | sed 's/^/  /'
    fi
  done
done <"$shim/list"
echo "$files sources, 2 targets each (arm64-apple-macos12, x86_64-apple-macos12): $failures failures"
[ "$failures" -eq 0 ]
