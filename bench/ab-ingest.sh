#!/usr/bin/env bash
# Side by side: two builds of the all-in-one node, alternated run by run under the same tracegen load
# (OTLP gRPC, batches of 512, flat out), so a shared machine's noise hits both alike.
# Usage: bench/ab-ingest.sh OLD.jar NEW.jar [seconds=15] [runs=3]
set -euo pipefail
old=$1; new=$2; secs=${3:-15}; runs=${4:-3}
gen=$new
for r in $(seq "$runs"); do
  for jar in "$old" "$new"; do
    java -Xmx2g -jar "$jar" --roles=collector,query > /tmp/ab-node.log 2>&1 &
    node=$!
    until curl -sf localhost:14269/health >/dev/null 2>&1; do sleep 0.05; done
    rate=$(java -jar "$gen" tracegen --protocol=otlp-grpc --duration="${secs}s" --batch=512 | awk '/throughput/ {print $2}')
    echo "run $r $(basename "$(dirname "$(dirname "$jar")")")/$(basename "$jar"): $rate spans/s"
    kill $node; wait $node 2>/dev/null || true
  done
done
