#!/usr/bin/env bash
# Agent throughput over UDP: a fresh all-in-one node per run (agent -> event bus -> collector -> memory),
# tracegen sending Jaeger thrift compact datagrams of 10 spans at a fixed rate. Each run first warms the
# node up at that rate for WARMUP seconds (default 10; a cold JVM interprets the agent's code at first
# and drops datagrams for ~2 s), lets it drain, then measures: loss = 1 - written/sent over the measured
# part, with where it went (kernel socket drops, agent buffer drops). Prints each run and the median.
# The node listens on ports with prefix P (default 27: 27831...).
# Writes target/bench/agent-udp-<rate>.md.
# Usage: [WARMUP=10] [P=27] bench/agent-udp.sh [rate=100000] [seconds=20] [runs=3] [extra node flags...]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
rate=${1:-100000}; secs=${2:-20}; runs=${3:-3}; shift $(( $# < 3 ? $# : 3 ))
P=${P:-27}
WARMUP=${WARMUP:-10}
weft_jar
report_start "agent-udp-$rate" "Jaeger compact UDP through the agent at $rate spans/s"
md "A fresh all-in-one node per run (agent -> event bus -> collector -> memory, -Xmx3g${*:+, $*}); tracegen sends" \
  "Jaeger thrift compact emitBatch datagrams of 10 spans at $rate spans/s: ${WARMUP}s warm-up, then ${secs}s measured." \
  "Loss = 1 - written/sent over the measured part; where it went: kernel socket drops, agent buffer drops."
md
md "| run | sent | written | loss % | kernel drops (datagrams) | agent buffer drops (spans) | load |"
md "|---|---|---|---|---|---|---|"
metric() { curl -s "localhost:${P}269/metrics" | awk -v k="$1" 'index($0, k" ") == 1 {print $2}' | head -1; }
# Until the agent holds nothing and its socket is read out.
settle() {
  for i in $(seq 100); do
    b=$(metric weft_agent_buffer_spans); f=$(metric weft_agent_batches_in_flight)
    a=$(metric "weft_agent_spans_received_total{port=\"${P}831\"}"); sleep 0.3
    [[ "$b" == 0.0 && "$f" == 0.0 && "$a" == "$(metric "weft_agent_spans_received_total{port=\"${P}831\"}")" ]] && break
  done
}
losses=()
for r in $(seq "$runs"); do
  java -Xmx3g -jar target/weft.jar --log-level=warn --collector.otlp.grpc.port=${P}317 --collector.otlp.http.port=${P}318 \
    --collector.jaeger.http.port=${P}268 --collector.zipkin.http.port=${P}411 --query.http.port=${P}686 --query.grpc.port=${P}685 \
    --admin.http.port=${P}269 --agent.jaeger.compact.port=${P}831 --agent.jaeger.binary.port=${P}832 \
    --sampling.http.port=${P}778 --sampling.grpc.port=${P}779 "$@" > target/bench/agent-udp-node.log 2>&1 &
  node=$!
  until curl -sf "localhost:${P}269/health" >/dev/null 2>&1; do sleep 0.05; done
  if (( WARMUP > 0 )); then
    java -jar target/weft.jar tracegen --protocol=jaeger-udp --endpoint=127.0.0.1:${P}831 --batch=10 --spans-per-trace=10 \
      --rate="$rate" --duration="${WARMUP}s" > target/bench/agent-udp-warmup.log
    settle
  fi
  written0=$(metric weft_spans_written_total); kernel0=$(metric "weft_agent_udp_socket_drops_total{port=\"${P}831\"}")
  buffer0=$(metric 'weft_spans_dropped_total{reason="agent-buffer-full"}')
  java -jar target/weft.jar tracegen --protocol=jaeger-udp --endpoint=127.0.0.1:${P}831 --batch=10 --spans-per-trace=10 \
    --rate="$rate" --duration="${secs}s" > target/bench/agent-udp-tracegen.log
  sent=$(grep -o 'sent [0-9,]*' target/bench/agent-udp-tracegen.log | tail -1 | tr -dc 0-9)
  settle
  written=$(awk -v a="$(metric weft_spans_written_total)" -v b="$written0" 'BEGIN {print a - b}')
  kernel=$(awk -v a="$(metric "weft_agent_udp_socket_drops_total{port=\"${P}831\"}")" -v b="$kernel0" 'BEGIN {print a - b}')
  buffer=$(awk -v a="$(metric 'weft_spans_dropped_total{reason="agent-buffer-full"}')" -v b="${buffer0:-0}" 'BEGIN {print a - b}')
  stop_pid $node
  loss=$(awk -v s="$sent" -v w="$written" 'BEGIN {printf "%.3f", 100 * (s - w) / s}')
  losses+=("$loss")
  md "| $r | $sent | $written | $loss | $kernel | $buffer | $(cut -d' ' -f1 /proc/loadavg) |"
done
md
md "Median loss at $rate spans/s: $(median "${losses[@]}")% (target at 100,000 spans/s: < 0.1%)."
md
