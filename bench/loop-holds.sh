#!/usr/bin/env bash
# What one large batch (an ingester's poll: 500 records, about 9k tracegen-shaped spans) holds an event loop
# in the ingester's tail sampling (buffering, deciding), the memory store's writes, and the Cassandra
# dependency counter commits: TailMemoryLoopHoldBench, and CounterCommitLoopHoldBench at a test Cassandra
# node started as the tests start it. Each figure: the call's time on the loop, and the longest gap the loop
# ran nothing else until the step was done (LoopGaps). Builds given as class folders (copies of
# target/classes) run alternately, same test classes over each: side by side A/B.
# Writes target/bench/loop-holds.md.
# Usage: [PARTS=tc] bench/loop-holds.sh [records per batch=500] [rounds=10] [runs=3] [classes dir ...]
#   PARTS: t = tail sampling and memory store, c = counter commits (starts Cassandra once per build)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
records=${1:-500}; rounds=${2:-10}; runs=${3:-3}; shift $(( $# < 3 ? $# : 3 ))
builds=("$@"); (( ${#builds[@]} )) || builds=(target/classes)
parts=${PARTS:-tc}
mvn -B -q -o test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench/test.classpath
deps=$(cat target/bench/test.classpath)
report_start loop-holds "One large batch: what holds the event loop (tail sampling, memory store, counter commits)"
for dir in "${builds[@]}"; do md "- build \`$dir\`: $(cat "$dir/BUILD" 2>/dev/null || echo 'this tree')"; done
md
if [[ $parts == *t* ]]; then
  for run in $(seq "$runs"); do
    for dir in "${builds[@]}"; do
      md "### tail sampling and memory store: run $run, \`$dir\`"
      java -Xmx2g -cp "target/test-classes:$dir:$deps" io.weft.ingester.TailMemoryLoopHoldBench "$records" "$rounds" \
        2>> target/bench/loop-holds.log | tee -a "$REPORT"
      md
    done
  done
fi
if [[ $parts == *c* ]]; then
  for dir in "${builds[@]}"; do
    md "### counter commits: \`$dir\`"
    java -Xmx2g -cp "target/test-classes:$dir:$deps" io.weft.storage.cassandra.CounterCommitLoopHoldBench 9000 "$rounds" \
      2>> target/bench/loop-holds.log | tee -a "$REPORT"
    md
  done
fi
md "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
echo "report: $REPORT"
