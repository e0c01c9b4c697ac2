#!/usr/bin/env bash
# Ingestion throughput of the all-in-one node into memory: tracegen flat out for N seconds, a fresh node
# per run (-Xmx2g); each run's accepted spans/s, the node's CPU per span, and the median.
# Writes target/bench/ingest-<protocol>.md.
# Usage: bench/ingest.sh [protocol=otlp-grpc] [seconds=20] [runs=3] [extra tracegen flags...]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
protocol=${1:-otlp-grpc}; secs=${2:-20}; runs=${3:-3}; shift $(( $# < 3 ? $# : 3 ))
weft_jar
report_start "ingest-$protocol" "Ingestion: Weft alone, $protocol into memory"
md "tracegen \`--protocol=$protocol --batch=512\` flat out (8 requests in flight) for ${secs}s into a fresh all-in-one node" \
  "(-Xmx2g) per run${*:+, with $*}. Accepted = the node answered OK, which for Weft means stored and indexed."
md
md "| run | accepted spans/s | node CPU µs per span | sender p99 ms |"
md "|---|---|---|---|"
rates=()
for r in $(seq "$runs"); do
  require_free_ports 14269
  java -Xmx2g -jar target/weft.jar --log-level=warn > target/bench/ingest-node.log 2>&1 &
  node=$!
  wait_http localhost:14269/health
  cpu0=$(cpu_secs $node)
  java -jar target/weft.jar tracegen --protocol="$protocol" --duration="${secs}s" --batch=512 "$@" \
    > target/bench/ingest-tracegen.log || true
  cpu1=$(cpu_secs $node)
  stop_pid $node
  rate=$(field target/bench/ingest-tracegen.log 'throughput ([0-9,]+) spans/s accepted')
  total=$(field target/bench/ingest-tracegen.log 'accepted ([0-9,]+)  rejected')
  p99=$(field target/bench/ingest-tracegen.log 'p99 ([0-9.]+) ms')
  rates+=("$rate")
  md "| $r | $rate | $(awk -v a="$cpu1" -v b="$cpu0" -v n="$total" 'BEGIN {printf "%.2f", (n > 0 ? (a - b) * 1e6 / n : 0)}') | $p99 |"
done
md
md "Median: $(median "${rates[@]}") spans/s accepted ($protocol; target for OTLP gRPC: 150,000)."
md
