#!/usr/bin/env bash
# The tree keeps its rules: layering of includes, a one-line purpose comment
# at the top of every source file, and LLVM formatting (.clang-format).
set -uo pipefail
cd "$(dirname "$0")/../.."
fail=0
bad=$(grep -rlE '#include *[<"](boost/json|protocol/)' analyzers || true)
[ -n "$bad" ] && { echo "analyzers/ must not include JSON or protocol headers: $bad"; fail=1; }
bad=$(grep -rlE '#include *[<"](clang|llvm)/' protocol || true)
[ -n "$bad" ] && { echo "protocol/ must not include Clang or LLVM headers: $bad"; fail=1; }
bad=$(grep -rlE '#include *[<"](clang|llvm|protocol|analyzers|server)/' jsonc settings || true)
[ -n "$bad" ] && { echo "jsonc/ and settings/ must stay pure (no Clang, LLVM, protocol or server): $bad"; fail=1; }
bad=$(grep -rlE '#include *[<"](clang|protocol|server|boost)/' doctor || true)
[ -n "$bad" ] && { echo "doctor/ must stay pure (LLVM Object only; no Clang, JSON, protocol or server): $bad"; fail=1; }
bad=$(grep -rlE '#include *[<"](clang|llvm|protocol|server|analyzers|settings|doctor|jsonc|boost/json)' core || true)
[ -n "$bad" ] && { echo "core/ is shared by every layer: no Clang, LLVM, JSON or other layer: $bad"; fail=1; }
# settings/ and doctor/ build on core/ alone: they never link Clang.
bad=$(grep -lE 'cgols_analyzers|clang-cpp|clang[A-Z][A-Za-z]+' settings/CMakeLists.txt doctor/CMakeLists.txt || true)
[ -n "$bad" ] && { echo "settings/ and doctor/ must not link Clang or the analyzers: $bad"; fail=1; }
# Repository, environment and setting text never meets std::regex (it
# backtracks, one stack frame per character: a 30 KB #cgo flag overflowed the
# stack) and Go's patterns are RE2 syntax: GoRegexp (RE2) or a plain scan.
bad=$(grep -rlE 'std::w?regex|#include *<regex>' protocol jsonc analyzers doctor settings server cli tools || true)
[ -n "$bad" ] && { echo "std::regex in the product (use analyzers/cgo/GoRegexp.h, RE2): $bad"; fail=1; }
for f in $(git ls-files '*.cpp' '*.h' | grep -v -e '^tests/fixtures/' -e '^tests/toolchain/cases/'); do
  head -1 "$f" | grep -q '^//===-' || { echo "$f: first line should say what the file is for (//===- Name - purpose ---===//)"; fail=1; }
done
if command -v clang-format >/dev/null; then
  files=$(git ls-files 'protocol/*.cpp' 'protocol/*.h' 'analyzers/*.cpp' 'analyzers/*.h' 'server/*.cpp' 'server/*.h' 'cli/*.cpp' 'cli/*.h' 'tools/*.cpp' 'jsonc/*.cpp' 'jsonc/*.h' 'settings/*.cpp' 'settings/*.h' 'doctor/*.cpp' 'doctor/*.h' 2>/dev/null)
  report=$(mktemp)
  if ! clang-format --dry-run -Werror $files 2>"$report"; then
    echo "not formatted with clang-format (run: clang-format -i <files>):"
    grep -E '^[^ ].*(warning|error):' "$report" | cut -d: -f1 | sort -u
    fail=1
  fi
  rm -f "$report"
else
  echo "clang-format not installed: formatting not checked"
fi
# Every diagnostic code the analyzers emit is documented by its check, and
# docs/checks.md is exactly what the checks' documentation generates.
cgols=${CGOLS_BINARY:-build/tools/cgols}
if [ -x "$cgols" ]; then
  generated=$("$cgols" docs checks)
  for code in $(grep -rhoE '"(cgo|settings|env)-[a-z0-9-]+"' analyzers settings doctor | tr -d '"' | sort -u); do
    grep -qE "^## $code( \\(|$)" <<<"$generated" || { echo "no check documents $code (codes() of its check)"; fail=1; }
  done
  if [ "$generated" != "$(cat docs/checks.md)" ]; then
    echo "docs/checks.md is stale: run $cgols docs checks > docs/checks.md"
    fail=1
  fi
else
  echo "tidy: $cgols not built: docs/checks.md not compared"; fail=1
fi
# docs/architecture.md names files and types of the tree: each must exist.
# A path in backquotes (a name with a file extension) is looked up from the
# root, analyzers/ and docs/, a bare file name anywhere in the tree; a
# CamelCase name in backquotes (a type or function, or Type::member) must be
# a word of the sources, and so must its member.
srcs=$(git ls-files '*.cpp' '*.h' '*.inc' | grep -v -e '^tests/fixtures/' -e '^tests/toolchain/cases/')
files=$(git ls-files)
for f in $(grep -o '`[A-Za-z0-9_./-]*\.\(cpp\|h\|md\|inc\|ts\|mjs\|json\|sh\|txtar\)`' docs/architecture.md | tr -d '`' | sort -u); do
  if [[ $f == */* ]]; then
    [ -e "$f" ] || [ -e "analyzers/$f" ] || [ -e "docs/$f" ] || { echo "docs/architecture.md names $f, which does not exist"; fail=1; }
  else
    grep -q "\(^\|/\)$f\$" <<<"$files" || { echo "docs/architecture.md names $f, which no file of the tree is"; fail=1; }
  fi
done
for t in $(grep -o '`[A-Z][a-z0-9]\+[A-Za-z0-9]*\(::[A-Za-z_][A-Za-z0-9_]*\)\?`' docs/architecture.md | tr -d '`' | sort -u); do
  type=${t%%::*}
  # shellcheck disable=SC2086
  grep -qw "$type" $srcs || { echo "docs/architecture.md names $type, which no source has"; fail=1; continue; }
  if [[ $t == *::* ]]; then
    member=${t##*::}
    # shellcheck disable=SC2086
    grep -qw "$member" $srcs || { echo "docs/architecture.md names $t, but no source has $member"; fail=1; }
  fi
done
[ $fail = 0 ] && echo "tidy: ok"
exit $fail
