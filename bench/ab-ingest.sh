#!/usr/bin/env bash
# Side by side: two builds of the node, alternated run by run under the same tracegen load (OTLP gRPC,
# batches of 512, flat out), so a shared machine's noise hits both alike. Extra flags go to both nodes
# (e.g. --cluster for a one-member cluster). Writes target/bench/ab-ingest.md.
# Usage: bench/ab-ingest.sh OLD.jar NEW.jar [seconds=15] [runs=3] [node flags...]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
old=$1; new=$2; secs=${3:-15}; runs=${4:-3}; shift $(( $# < 4 ? $# : 4 ))
report_start ab-ingest "A/B: $(basename "$old") vs $(basename "$new")${*:+ ($*)}"
md "OTLP gRPC flat out for ${secs}s into a fresh node (\`--roles=collector,query $*\`, -Xmx2g) per run, builds alternated."
md
md "| run | old spans/s | new spans/s |"
md "|---|---|---|"
declare -A rates
for r in $(seq "$runs"); do
  row=()
  for jar in "$old" "$new"; do
    require_free_ports 14269 4317
    java -Xmx2g -jar "$jar" --roles=collector,query --log-level=warn "$@" > target/bench/ab-node.log 2>&1 &
    node=$!
    wait_http localhost:14269/health
    rate=$(java -jar "$new" tracegen --protocol=otlp-grpc --duration="${secs}s" --batch=512 \
      | awk '/throughput/ {gsub(",", "", $2); print $2}')
    row+=("$rate"); rates[$jar]+=" $rate"
    stop_pid $node
  done
  md "| $r | ${row[0]} | ${row[1]} |"
done
mo=$(median ${rates[$old]}); mn=$(median ${rates[$new]})
md
md "Medians: old $mo, new $mn spans/s; new/old $(awk -v a="$mn" -v b="$mo" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}')."
md
