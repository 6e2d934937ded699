#!/usr/bin/env bash
# Runs one libFuzzer target for a bounded time: FUZZER SEEDS REGRESSIONS SECONDS.
# New inputs go to a temporary corpus (the repository's seeds are only read);
# a crash's input is kept under build/fuzz-artifacts and printed, and the
# test fails. Prints the figures: executions, corpus size, crashes.
set -uo pipefail
fuzzer=$1 seeds=$2 regressions=$3 seconds=${4:-60}
name=$(basename "$fuzzer")
work=$(mktemp -d "${TMPDIR:-/tmp}/cgols-$name.XXXXXX")
artifacts="$(dirname "$fuzzer")/fuzz-artifacts/$name"
mkdir -p "$work/corpus" "$artifacts"
trap 'rm -rf "$work"' EXIT
dirs=("$work/corpus" "$seeds")
[ -d "$regressions" ] && dirs+=("$regressions")
touch "$work/start"
start=$SECONDS
"$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -max_len=65536 -print_final_stats=1 -artifact_prefix="$artifacts/" \
  "${dirs[@]}" >"$work/log" 2>&1
rc=$?
took=$((SECONDS - start))
runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$work/log" | grep -oE '[0-9]+$' | tail -1)
corpus=$(find "$work/corpus" "$seeds" -type f | wc -l)
crashes=$(find "$artifacts" -type f -newer "$work/start" 2>/dev/null | wc -l)
[ $rc -ne 0 ] && [ "$crashes" = 0 ] && crashes=1
echo "$name: ${runs:-0} executions in ${took} s, corpus ${corpus} inputs, crashes: ${crashes}"
if [ $rc -ne 0 ]; then
  tail -60 "$work/log"
  echo "$name: the input is in $artifacts; add it to $regressions as a regression test"
  exit 1
fi
exit 0
