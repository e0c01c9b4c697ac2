#!/usr/bin/env bash
# Start-up time: from launching `java -jar target/weft.jar` (all-in-one) to /health answering 200.
# Writes target/bench/startup.md.
# Usage: bench/startup.sh [runs=5]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
runs=${1:-5}
weft_jar
report_start startup "Start-up time of the all-in-one node"
times=()
for r in $(seq "$runs"); do
  require_free_ports 14269
  t0=$(date +%s%N)
  java -jar target/weft.jar > target/bench/startup-node.log 2>&1 &
  node=$!
  until curl -sf localhost:14269/health >/dev/null 2>&1; do sleep 0.02; done
  t1=$(date +%s%N)
  times+=("$(( (t1 - t0) / 1000000 ))")
  stop_pid $node
done
md "Launch to /health 200, $runs runs: ${times[*]} ms; median $(median "${times[@]}") ms (target < 3,000)."
md
