#!/usr/bin/env bash
# Every benchmark with its default settings, one after another, then target/bench/report.md.
# Takes about 75 minutes (the Zipkin comparison alone ~30); KAFKA=1 adds the Kafka paths into memory and
# Cassandra (~20 more). Run it on a machine doing nothing else.
# Usage: [KAFKA=1] bench/all.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q package -DskipTests
bench/startup.sh 5
bench/heap-per-span.sh 3
bench/ingest.sh otlp-grpc 20 3
bench/agent-udp.sh 100000 20 3
bench/query-latency.sh 1000 3
bench/jmh.sh
bench/vs-zipkin.sh 5m 2
if [[ ${KAFKA:-0} == 1 ]]; then
  STORAGE=memory SPANS=500000 bench/kafka.sh 20 3
  STORAGE=cassandra SPANS=200000 bench/kafka.sh 20 3
fi
bench/report.sh
