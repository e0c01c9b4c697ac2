#!/usr/bin/env bash
# The collector's own CPU per span besides OTLP decoding, before vs after in one run: span metrics
# (SpanAggregator.record over tracegen's 512-span OTLP batches), SpanValidator.validate, Zipkin JSON v2
# decoding of tracegen's 512- and 100-span bodies; thread CPU ns per span, one thread
# (src/test/java/io/weft/jmh/CollectorCpu.java). Each build runs RUNS JVMs, alternated, ROUNDS rounds each;
# the medians are over every round of every JVM. A build is a jar or a classes directory (e.g. a copy of
# target/classes from another commit). Writes target/bench/collector-cpu.md.
# Usage: bench/collector-cpu.sh BEFORE AFTER [runs=3] [rounds=5] [seconds=2]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
before=$1; after=$2; runs=${3:-3}; rounds=${4:-5}; secs=${5:-2}
mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench/cpu.classpath
report_start collector-cpu "Collector CPU per span: span metrics, validation, Zipkin JSON decoding"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
for run in $(seq "$runs"); do
  for build in before after; do
    classes=${!build}
    java -Xmx1g -cp "target/test-classes:$classes:$(cat target/bench/cpu.classpath)" io.weft.jmh.CollectorCpu \
      "$rounds" "$secs" | tee -a "$work/$build.txt" | sed "s/^/$build run $run: /"
  done
done
md "| build | record ns/span | validate ns/span | zipkin512 ns/span | zipkin100 ns/span |"
md "|---|---|---|---|---|"
for build in before after; do
  col() { median $(awk -v f="$1" '{gsub(/,/, ""); print $f}' "$work/$build.txt"); }
  md "| $build (${!build}) | $(col 4) | $(col 7) | $(col 9) | $(col 11) |"
done
md
md "Medians over $runs JVMs x $rounds rounds of ${secs}s of thread CPU each (load at end: $(cut -d' ' -f1-3 /proc/loadavg))."
echo "report: $REPORT"
