#!/usr/bin/env bash
# Cassandra's CPU for the trace-summary rows alone, three ways interleaved round by round on one node
# (started as the tests start it): schema version 6 (INSERT, four SAI indexes), UPDATE adding to the
# sets with the same four indexes, and version 7 (UPDATE, no min_duration index). SummaryWriteBench.
# Writes target/bench/cassandra-summary-write.md.
# Usage: bench/cassandra-summary-write.sh [traces per round=2000] [rounds=12] [services=6]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench/test.classpath
report_start cassandra-summary-write "Trace-summary rows: Cassandra CPU per span, v6 vs UPDATE vs v7"
md "Load average at start: $(cut -d' ' -f1-3 /proc/loadavg)."
md
java -cp "target/test-classes:target/classes:$(cat target/bench/test.classpath)" \
  io.weft.storage.cassandra.SummaryWriteBench "${1:-2000}" "${2:-12}" "${3:-6}" 2> target/bench/cassandra-summary-write.log \
  | tee -a "$REPORT"
md
md "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg). One node (512 MiB heap, --fast: C1 only), consistency ONE."
echo "report: $REPORT"
