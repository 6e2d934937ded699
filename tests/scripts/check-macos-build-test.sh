#!/usr/bin/env bash
# scripts/check-macos-build.sh on a tiny configured tree and a skeleton SDK
# (its own stdio.h and an empty c++/v1): a source that compiles for macOS
# passes, one with a darwin-only error fails with its line, and a directory
# that is not an SDK is refused. Needs clang++-16.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
mkdir -p "$t/sdk/usr/include/c++/v1" "$t/src" "$t/build"
printf 'int puts(const char *);\n' >"$t/sdk/usr/include/stdio.h"
printf '#include <stdio.h>\nint main(void) { return puts("hi"); }\n' >"$t/src/ok.cpp"
printf 'CMAKE_HOME_DIRECTORY:INTERNAL=%s\n' "$t/src" >"$t/build/CMakeCache.txt"
db() {
  printf '[{"directory":"%s","command":"c++ -std=c++17 -DX=1 -c %s","file":"%s"}]' \
    "$t/build" "$t/src/$1" "$t/src/$1" >"$t/build/compile_commands.json"
}
db ok.cpp
out=$("$here/scripts/check-macos-build.sh" "$t/sdk" "$t/build")
grep -q '^1 sources, 2 targets each .*: 0 failures$' <<<"$out" || { echo "clean source: $out"; exit 1; }
printf '#include <stdio.h>\n#if defined(__APPLE__) && X\n#error darwin only\n#endif\nint main(void) { return 0; }\n' >"$t/src/bad.cpp"
db bad.cpp
if out=$("$here/scripts/check-macos-build.sh" "$t/sdk" "$t/build"); then
  echo "a darwin-only error passed: $out"; exit 1
fi
grep -q '^FAIL bad.cpp (arm64-apple-macos12)$' <<<"$out" || { echo "no failure line: $out"; exit 1; }
grep -q 'bad.cpp:3:2: error: darwin only' <<<"$out" || { echo "no error line: $out"; exit 1; }
grep -q ': 2 failures$' <<<"$out" || { echo "count: $out"; exit 1; }
rmdir "$t/sdk/usr/include/c++/v1"
if "$here/scripts/check-macos-build.sh" "$t/sdk" "$t/build" >/dev/null; then
  echo "an SDK without libc++ headers was taken"; exit 1
fi
echo ok
