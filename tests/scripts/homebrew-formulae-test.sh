#!/usr/bin/env bash
# Every Homebrew formula cgols names (scripts/setup.sh's macOS list and
# `brew --prefix`, each `brew install NAME` in the doctor, the docs and the
# README) is one tests/fixtures/homebrew-formulae.txt lists, with the page
# that shows it exists. Hermetic: no network; the list is the record.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
known="$root/tests/fixtures/homebrew-formulae.txt"
names=$(
  {
    sed -n 's/^ *for f in \(.*\); do$/\1/p' "$root/scripts/setup.sh" | tr ' ' '\n'
    grep -ho 'brew --prefix [a-z0-9@.+-]*' "$root/scripts/setup.sh" | awk '{print $3}'
    grep -rhoE 'brew install [a-z0-9@.+_-]+' "$root/doctor" "$root/docs" "$root/README.md" \
      "$root/scripts" | awk '{print $3}'
  } | sort -u | grep -v '^$'
)
[ -n "$names" ] || { echo "no formula names found: the patterns are stale" >&2; exit 1; }
echo "$names" | grep -qx 'llvm@19' || { echo "setup.sh's list was not read" >&2; exit 1; }
bad=0
for n in $names; do
  if ! grep -q "^$n " "$known"; then
    echo "not a formula seen on formulae.brew.sh: $n (add it to $known with its page)" >&2
    bad=1
  fi
done
exit $bad
