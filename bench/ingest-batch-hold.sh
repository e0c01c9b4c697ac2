#!/usr/bin/env bash
# How long one ingester batch (500 Kafka records of tracegen-shaped spans, about 9k spans) holds the event loop
# on its way into a real Cassandra node (started as the tests start it): the records' decoding, timed on a loop
# (the ingester now runs it on a worker), and the storage write's call until it returns its future (the
# statements are built on a worker), besides the write's whole time. BatchLoopHoldBench.
# Writes target/bench/ingest-batch-hold.md.
# Usage: bench/ingest-batch-hold.sh [records per batch=500] [rounds=10]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench/test.classpath
report_start ingest-batch-hold "One ingester batch into Cassandra: what holds the event loop"
java -cp "target/test-classes:target/classes:$(cat target/bench/test.classpath)" \
  io.weft.ingester.BatchLoopHoldBench "${1:-500}" "${2:-10}" 2> target/bench/ingest-batch-hold.log | tee -a "$REPORT"
md
md "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
echo "report: $REPORT"
