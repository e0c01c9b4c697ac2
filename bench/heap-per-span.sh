#!/usr/bin/env bash
# Heap bytes per stored span in the all-in-one node holding ~1M typical spans (5 string tags each, 8 spans
# per trace, 6 services), sent by tracegen over OTLP gRPC: live heap after a full GC, minus the empty
# node's. Writes target/bench/heap-per-span.md.
# Usage: bench/heap-per-span.sh [runs=3]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
runs=${1:-3}
weft_jar
report_start heap-per-span "Heap bytes per stored span (memory store, 1M spans)"
heap_used_kb() { jcmd "$1" GC.run >/dev/null; sleep 1; jcmd "$1" GC.heap_info | awk '/garbage-first heap/ {v=$6; gsub(/[^0-9]/,"",v); print v}'; }
per=()
for r in $(seq "$runs"); do
  require_free_ports 14269
  java -Xmx4g -XX:+UseG1GC -jar target/weft.jar --memory.max-traces=125000 > target/bench/heap-node.log 2>&1 &
  node=$!
  wait_http localhost:14269/health
  base=$(heap_used_kb $node)
  java -jar target/weft.jar tracegen --protocol=otlp-grpc --spans=1000000 --duration=5m --spans-per-trace=8 --tags=5 \
    --error-rate=0 > target/bench/heap-tracegen.log
  spans=$(curl -s localhost:14269/metrics | awk '/^weft_stored_spans / {print int($2)}')
  used=$(heap_used_kb $node)
  per+=("$(( (used - base) * 1024 / spans ))")
  md "- run $r: $spans spans stored, live heap ${base} KiB -> ${used} KiB: ${per[-1]} bytes/span"
  stop_pid $node
done
md
md "Median: $(median "${per[@]}") bytes per stored span (target <= 300; the Zipkin server holds ~1.8 KB per span)."
md
