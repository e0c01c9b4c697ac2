#!/usr/bin/env bash
# Heap bytes per stored span in the all-in-one node holding ~1M typical spans (5 string tags each,
# 8 spans per trace, 6 services), sent by tracegen over OTLP gRPC. Prints one line per run.
# Usage: bench/heap-per-span.sh [runs]   (needs target/weft.jar)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
mkdir -p target/bench
heap_used_kb() { jcmd "$1" GC.run >/dev/null; sleep 1; jcmd "$1" GC.heap_info | awk '/garbage-first heap/ {v=$6; gsub(/[^0-9]/,"",v); print v}'; }
for r in $(seq "$runs"); do
  java -Xmx4g -XX:+UseG1GC -jar target/weft.jar --memory.max-traces=125000 > target/bench/heap-node.log 2>&1 &
  node=$!
  until curl -sf localhost:14269/health >/dev/null; do sleep 0.1; done
  base=$(heap_used_kb $node)
  java -jar target/weft.jar tracegen --protocol=otlp-grpc --spans=1000000 --duration=5m --spans-per-trace=8 --tags=5 \
    --error-rate=0 > target/bench/heap-tracegen.log
  spans=$(curl -s localhost:14269/metrics | awk '/^weft_stored_spans / {print int($2)}')
  used=$(heap_used_kb $node)
  echo "run $r: stored spans $spans, heap used ${base}K -> ${used}K, $(( (used - base) * 1024 / spans )) bytes/span"
  kill $node; wait $node 2>/dev/null || true
done
