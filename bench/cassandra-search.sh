#!/usr/bin/env bash
# Trace search on a real Cassandra 5 node (started as the tests start it), with and without a service:
# p50/p99 of each kind of search over TRACES tracegen-shaped traces (8 spans, 5 tags) spread over SERVICES
# services and the last two hours, and how many index rows a time-bucket-only index would add per write.
# Writes target/bench/cassandra-search.md. The node's heap is 1 GiB (WEFT_TEST_CASSANDRA_HEAP): at the tests' 512 MiB,
# 100,000 traces in summary mode brought the node down.
# Usage: bench/cassandra-search.sh [services=20] [traces=20000] [searches=200] [cassandra.index.mode: rows|summary|packed]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
export WEFT_TEST_CASSANDRA_HEAP=${WEFT_TEST_CASSANDRA_HEAP:-1g}
mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench/test.classpath
report_start cassandra-search "Trace search on Cassandra, with and without a service (${1:-20} services, index mode ${4:-rows})"
java -cp "target/test-classes:target/classes:$(cat target/bench/test.classpath)" \
  io.weft.storage.cassandra.CassandraSearchBench "${1:-20}" "${2:-20000}" "${3:-200}" "${4:-rows}" 2> target/bench/cassandra-search.log \
  | tee -a "$REPORT"
md
md "Cassandra runs on the same cores as the bench (one node, consistency ONE). A search without a service asks every" \
  "service's index partitions, bucket by bucket (at most 32 reads in flight per search), and stops once it has its limit."
echo "report: $REPORT"
