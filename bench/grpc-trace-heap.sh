#!/usr/bin/env bash
# Heap of the all-in-one node while it streams one 10,000-span trace (tracegen's spans: 5 string tags,
# over services) by gRPC GetTrace, api_v3 and api_v2, to a reader that stalls after each message: the
# live heap (after a full GC) is sampled during the stream and its growth compared with the trace's
# encoded size. Writes target/bench/grpc-trace-heap.md.
# Usage: bench/grpc-trace-heap.sh [spans=10000] [port prefix=27: ports 27317, 27318, ..., 27685]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
spans=${1:-10000}
P=${2:-27}
weft_jar
mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench/test.classpath
report_start grpc-trace-heap "Node heap while streaming a ${spans}-span trace over gRPC"
require_free_ports ${P}317 ${P}318 ${P}268 ${P}411 ${P}686 ${P}685 ${P}269 ${P}778 ${P}779
java -Xmx1g -XX:+UseG1GC -jar target/weft.jar --log-level=warn --collector.otlp.grpc.port=${P}317 \
  --collector.otlp.http.port=${P}318 --collector.jaeger.http.port=${P}268 --collector.zipkin.http.port=${P}411 \
  --query.http.port=${P}686 --query.grpc.port=${P}685 --admin.http.port=${P}269 --agent.jaeger.compact.port=${P}831 \
  --agent.jaeger.binary.port=${P}832 --sampling.http.port=${P}778 --sampling.grpc.port=${P}779 \
  > target/bench/grpc-heap-node.log 2>&1 &
node=$!
trap 'stop_pid $node' EXIT
wait_http localhost:${P}269/health
java -jar target/weft.jar tracegen --protocol=otlp-http --endpoint=127.0.0.1:${P}318 --spans="$spans" \
  --spans-per-trace="$spans" --batch="$spans" --tags=5 > target/bench/grpc-heap-tracegen.log
java -cp "target/test-classes:target/classes:$(cat target/bench/test.classpath)" io.weft.query.grpc.GrpcTraceHeapBench \
  "$node" ${P}685 2>&1 | tee target/bench/grpc-heap-client.log | while IFS= read -r line; do md "    $line"; done
md
echo "report: $REPORT"
