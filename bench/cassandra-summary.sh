#!/usr/bin/env bash
# Today's per-trace index rows vs a trace-summary table searched through Cassandra 5's storage-attached
# indexes (SAI), on a real Cassandra 5 node (started as the tests start it): the same tracegen-shaped
# batches written each way, alternated, with this JVM's and Cassandra's CPU per span, then a
# service + tag search each way (CassandraSummaryBench). Writes target/bench/cassandra-summary.md.
# Usage: bench/cassandra-summary.sh [services=6] [traces per round=6000] [rounds=3]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench/test.classpath
report_start cassandra-summary "Index rows vs a trace-summary table with SAI, on Cassandra 5"
md "Load average at start: $(cut -d' ' -f1-3 /proc/loadavg)."
md
java -cp "target/test-classes:target/classes:$(cat target/bench/test.classpath)" \
  io.weft.storage.cassandra.CassandraSummaryBench "${1:-6}" "${2:-6000}" "${3:-3}" 2> target/bench/cassandra-summary.log \
  | tee -a "$REPORT"
md
md "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg). One node (512 MiB heap, --fast), consistency ONE;" \
  "the client writes each batch and waits for it before the next (as a collector's request does)."
echo "report: $REPORT"
