#!/usr/bin/env bash
# Cold `cgols check` of a real cgo package against plain clang over the same
# preambles, in one run: `clang-16 -fsyntax-only` on each cgo file's preamble
# (as a .c file, with the package's pkg-config flags), two at a time, is the
# reference. Prints wall seconds (medians of RUNS alternated runs, 5 by
# default), cgols's peak memory (its own and its largest compile worker's,
# the most of any run) and the ratio.
#
#   scripts/bench-check.sh [DIR]   default: Debian's gotk3 gtk/ package
#                                  (golang-github-gotk3-gotk3-dev)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-/usr/share/gocode/src/github.com/gotk3/gotk3/gtk}
cgols=${CGOLS_BINARY:-$PWD/build/tools/cgols}
[ -d "$dir" ] || { echo "no package at $dir" >&2; exit 2; }
[ -x "$cgols" ] || { echo "build cgols first (cmake --build build)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The preambles as .c files (the comment right above import "C"; #cgo lines
# dropped) and the union of the package's #cgo pkg-config packages.
python3 - "$dir" "$work" <<'EOF'
import os, re, sys
src, out = sys.argv[1], sys.argv[2]
pkgs = set()
for name in sorted(os.listdir(src)):
    if not name.endswith('.go') or name.endswith('_test.go'):
        continue
    text = open(os.path.join(src, name), encoding='utf-8', errors='replace').read()
    m = re.search(r'\n((?://[^\n]*\n)+|/\*.*?\*/\n)import "C"', text, re.S)
    if not m:
        continue
    block = m.group(1)
    if block.startswith('/*'):
        lines = block[2:block.rfind('*/')].split('\n')
    else:
        lines = [l[3:] if l.startswith('// ') else l[2:] for l in block.split('\n')]
    c = []
    for l in lines:
        if l.lstrip().startswith('#cgo'):
            m2 = re.match(r'\s*#cgo\s+(?:[\w,!]+\s+)?pkg-config:\s*(.*)', l)
            if m2:
                pkgs.update(m2.group(1).split())
            c.append('')
        else:
            c.append(l)
    open(os.path.join(out, name[:-3] + '.c'), 'w').write('\n'.join(c) + '\n')
open(os.path.join(out, 'pkgs'), 'w').write(' '.join(sorted(pkgs)))
EOF
pkgs=$(cat "$work/pkgs")
flags=""
[ -n "$pkgs" ] && flags=$(pkg-config --cflags $pkgs)
n=$(ls "$work"/*.c | wc -l)

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }

# Alternated runs, medians: this machine's timings vary by 20% from one
# run to the next.
runs=${RUNS:-5}
clang_all=() cgols_all=() rss_kb=0
for _ in $(seq "$runs"); do
  start=$(now)
  ls "$work"/*.c | xargs -P2 -I{} sh -c "cd '$dir' && clang-16 -fsyntax-only -w -I'$dir' $flags {}" || true
  clang_all+=("$(since "$start")")
  start=$(now)
  CGOLS_CACHE_DIR= /usr/bin/time -f '%M' -o "$work/rss" "$cgols" check --target linux/amd64 "$dir" >/dev/null 2>&1 || true
  cgols_all+=("$(since "$start")")
  rss_kb=$(( $(cat "$work/rss") > rss_kb ? $(cat "$work/rss") : rss_kb ))
done
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
clang_s=$(median "${clang_all[@]}")
cgols_s=$(median "${cgols_all[@]}")

# GO_VET=1: also `go vet` of the package with an empty build cache, once
# (Debian's packages, under /usr/share/gocode/src, in GOPATH mode; gotk3's
# gtk/ takes minutes: its cgo dependencies are compiled too).
vet_s=""
if [ "${GO_VET:-0}" = 1 ] && [[ "$dir" == /usr/share/gocode/src/* ]]; then
  cache=$(mktemp -d)
  start=$(now)
  (cd / && GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="$cache" GOTOOLCHAIN=local \
    go vet "${dir#/usr/share/gocode/src/}" >/dev/null 2>&1) || true
  vet_s=$(since "$start")
  rm -rf "$cache"
fi

printf '%s: %d preambles, median of %d runs\n' "$dir" "$n" "$runs"
printf '  clang-16 -fsyntax-only, 2 at a time: %.2f s\n' "$clang_s"
printf '  cgols check (cold):                  %.2f s (%.2fx clang), peak RSS %d MB (the largest of cgols and its workers)\n' \
  "$cgols_s" "$(awk -v a="$cgols_s" -v b="$clang_s" 'BEGIN { print a / b }')" "$(( rss_kb / 1024 ))"
if [ -n "$vet_s" ]; then
  printf '  go vet, empty build cache (once):     %.2f s (cgols check %.3fx go vet)\n' \
    "$vet_s" "$(awk -v a="$cgols_s" -v b="$vet_s" 'BEGIN { print a / b }')"
fi
