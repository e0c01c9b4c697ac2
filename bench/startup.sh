#!/usr/bin/env bash
# Start-up time: from launching `java -jar target/weft.jar` to /health answering 200. Prints each run and the median.
# Usage: bench/startup.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
times=()
for r in $(seq "$runs"); do
  t0=$(date +%s%N)
  java -jar target/weft.jar > target/bench-startup.log 2>&1 &
  node=$!
  until curl -sf localhost:14269/health >/dev/null 2>&1; do sleep 0.02; done
  t1=$(date +%s%N)
  ms=$(( (t1 - t0) / 1000000 ))
  times+=("$ms")
  echo "run $r: ready in $ms ms"
  kill $node; wait $node 2>/dev/null || true
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print "median " a[int((NR+1)/2)] " ms"}'
