#!/usr/bin/env bash
# JMH micro-benchmarks of the codecs and the in-memory store (src/test/java/io/weft/jmh), one forked JVM
# each; scores are operations per second (codec scores are spans per second). Writes target/bench/jmh.md.
# Usage: bench/jmh.sh [JMH options, e.g. a benchmark regex like CodecBenchmark or -f 2 -wi 2 -i 3]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench/jmh.classpath
report_start jmh "Micro-benchmarks (JMH)"
java -cp "target/test-classes:target/classes:$(cat target/bench/jmh.classpath)" org.openjdk.jmh.Main \
  -rf csv -rff target/bench/jmh.csv "${@:-io.weft.jmh}" 2>&1 | tee target/bench/jmh.log | grep -E '^(# Run progress|Iteration|# Benchmark:)' || true
md "| benchmark | mode | score | error (99.9%) | unit |"
md "|---|---|---|---|---|"
# csv: "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit"
tail -n +2 target/bench/jmh.csv | tr -d '"' | awk -F, '{ sub(/^io\.weft\.jmh\./, "", $1);
  printf "| %s | %s | %\047.0f | %\047.0f | %s |\n", $1, $2, $5, $6, $7 }' | tee -a "$REPORT"
md
md "Scores of codec benchmarks are spans per second on one thread; the memory store's write is spans per second," \
  "its reads are calls per second over 1M stored spans (1/score is the mean latency)."
echo "report: $REPORT"
