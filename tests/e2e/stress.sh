#!/usr/bin/env bash
# The e2e test under load: runs it N times in a row (5 by default) with two
# busy processes of its own beside it (both cores of a CI machine busy), and
# prints each run's result and time, then how many passed. Fails unless all
# did. Usage: stress.sh CGOLS_BINARY OUT_DIR [N]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$1 out=$2 n=${3:-5}
mkdir -p "$out"
busy=()
stop_busy() {
  for p in "${busy[@]}"; do kill "$p" 2>/dev/null || true; done
}
trap stop_busy EXIT
for _ in 1 2; do
  (while :; do :; done) &
  busy+=($!)
done
passed=0
for i in $(seq 1 "$n"); do
  start=$(date +%s)
  if "$here/run.sh" "$bin" "$out/run$i" >"$out/run$i.log" 2>&1; then
    passed=$((passed + 1))
    result=passed
  else
    result=FAILED
    tail -n 30 "$out/run$i.log" | sed 's/^/    /'
  fi
  echo "e2e with two busy processes, run $i of $n: $result in $(($(date +%s) - start)) s"
done
echo "e2e with two busy processes: $passed of $n passed"
[ "$passed" = "$n" ]
