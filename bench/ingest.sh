#!/usr/bin/env bash
# Ingestion throughput of the all-in-one node into memory: tracegen flat out for N seconds, a fresh
# node per run; prints each run's accepted spans/s and the median.
# Usage: bench/ingest.sh [protocol=otlp-grpc] [seconds=20] [runs=3] [extra tracegen flags...]
set -euo pipefail
cd "$(dirname "$0")/.."
protocol=${1:-otlp-grpc}; secs=${2:-20}; runs=${3:-3}; shift $(( $# < 3 ? $# : 3 ))
mkdir -p target/bench
rates=()
for r in $(seq "$runs"); do
  java -Xmx2g -jar target/weft.jar > target/bench/ingest-node.log 2>&1 &
  node=$!
  until curl -sf localhost:14269/health >/dev/null 2>&1; do sleep 0.05; done
  line=$(java -jar target/weft.jar tracegen --protocol="$protocol" --duration="${secs}s" --batch=512 "$@" \
    | tee target/bench/ingest-tracegen.log | grep 'throughput')
  rate=$(echo "$line" | awk '{gsub(",","",$2); print $2}')
  rates+=("$rate")
  echo "run $r: $rate spans/s ($protocol)"
  kill $node; wait $node 2>/dev/null || true
done
printf '%s\n' "${rates[@]}" | sort -n | awk '{a[NR]=$1} END {print "median " a[int((NR+1)/2)] " spans/s"}'
