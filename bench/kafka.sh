#!/usr/bin/env bash
# Throughput through Kafka, on this machine, medians of N runs (fresh topic each run):
#   collector  - tracegen (OTLP gRPC, flat out for N seconds) into a collector with
#                --span-storage.type=kafka: spans/s the collector acknowledged (Kafka acknowledged).
#   ingester   - an ingester alone (ingester.storage.type=$STORAGE) draining $SPANS spans.
#   end-to-end - $SPANS spans flat out with collector and ingester running: spans/s from the first
#                span sent until the ingester stored the last one.
#   direct     - for comparison, $SPANS spans into a collector writing straight to $STORAGE.
# Starts its own broker (scripts/kafka-local.sh) and, for STORAGE=cassandra, its own Cassandra
# (scripts/cassandra-local.sh), on ports from PORT_BASE (default 38000) so nothing else is hit.
# Usage: bench/kafka.sh [seconds=20] [runs=3]     env: STORAGE=memory|cassandra SPANS=300000 PORT_BASE=38000
# Writes target/bench/kafka-<storage>.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
secs=${1:-20}; runs=${2:-3}
storage=${STORAGE:-memory}; base=${PORT_BASE:-38000}; spans=${SPANS:-300000}
weft_jar
out=target/bench/kafka; mkdir -p "$out"
kport=$((base + 92)); cport=$((base + 93)); cql=$((base + 42)); cstorage=$((base + 70))
grpc=$((base + 17)); cadmin=$((base + 69)); iadmin=$((base + 70 + 100))
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

rm -rf "$out/kafka-data" "$out/cassandra-data"
scripts/kafka-local.sh --port $kport --controller-port $cport --dir "$out/kafka-data" > "$out/broker.log" 2>&1 &
pids+=($!)
until (echo > /dev/tcp/127.0.0.1/$kport) 2>/dev/null; do sleep 0.2; done
store=()
if [[ "$storage" == cassandra ]]; then
  scripts/cassandra-local.sh --fast --port $cql --storage-port $cstorage --dir "$out/cassandra-data" > "$out/cassandra.log" 2>&1 &
  pids+=($!)
  until (echo > /dev/tcp/127.0.0.1/$cql) 2>/dev/null; do sleep 0.5; done
  store=(--ingester.storage.type=cassandra --cassandra.contact-points=127.0.0.1:$cql)
else
  store=(--ingester.storage.type=memory --memory.max-traces=2000000)
fi

metric() { curl -sf "localhost:$1/metrics" | awk -v m="$2" '$1 == m {print $2}'; }
wait_health() { until curl -sf "localhost:$1/health" >/dev/null 2>&1; do sleep 0.1; done; }
start_collector() {
  java -Xmx1g -jar target/weft.jar --roles=collector --span-storage.type=kafka --kafka.brokers=127.0.0.1:$kport \
    --kafka.topic="$1" --collector.otlp.grpc.port=$grpc --collector.otlp.http.port=0 --collector.jaeger.http.port=0 \
    --collector.zipkin.http.port=0 --admin.http.port=$cadmin > "$out/collector.log" 2>&1 &
  collector=$!; wait_health $cadmin
}
start_ingester() {
  java -Xmx2g -jar target/weft.jar --roles=ingester --kafka.brokers=127.0.0.1:$kport --kafka.topic="$1" \
    --ingester.group-id="g-$1" "${store[@]}" --admin.http.port=$iadmin > "$out/ingester.log" 2>&1 &
  ingester=$!; wait_health $iadmin
}
# Waits until the ingester stored $1 spans; prints the time it happened (ns).
wait_stored() {
  while true; do
    n=$(metric $iadmin weft_ingester_spans_written_total); n=${n%.*}
    if [[ -n "$n" && "$n" -ge "$1" ]]; then date +%s%N; return; fi
    sleep 0.1
  done
}
report_start "kafka-$storage" "Through Kafka into $storage (and $storage directly)"
md "Local KRaft broker$([[ $storage == cassandra ]] && echo ' and a local Cassandra node') on the same cores." \
  "collector->kafka: tracegen OTLP gRPC flat out ${secs}s into a collector with --span-storage.type=kafka (acknowledged" \
  "once Kafka acknowledged); ingester alone: draining $spans spans; end to end: $spans spans from the first sent to the" \
  "last stored; direct: the same spans into a collector writing straight to $storage. Spans per second."
md
md "| run | collector->kafka | ingester alone | end to end | collector->$storage directly |"
md "|---|---|---|---|---|"

col=(); e2e=(); ing=(); direct=()
gen() { java -jar target/weft.jar tracegen --protocol=otlp-grpc --endpoint=127.0.0.1:$grpc --batch=512 "$@"; }
rate_of() { grep 'throughput' "$1" | awk '{gsub(",","",$2); print $2}'; }
for r in $(seq "$runs"); do
  # 1. Collector alone into Kafka, flat out for $secs.
  start_collector "bench-c$r-$RANDOM"
  gen --duration="${secs}s" > "$out/tracegen-collector-$r.log"
  rate=$(rate_of "$out/tracegen-collector-$r.log"); col+=("$rate")
  kill $collector; wait $collector 2>/dev/null || true

  # 2. Ingester alone, draining $spans spans written beforehand (timed from its first stored span).
  topic="bench-i$r-$RANDOM"
  start_collector "$topic"; gen --spans="$spans" > "$out/tracegen-fill-$r.log"
  produced=$(metric $cadmin weft_kafka_spans_produced_total); produced=${produced%.*}
  kill $collector; wait $collector 2>/dev/null || true
  start_ingester "$topic"
  t0=$(wait_stored 1); n0=$(metric $iadmin weft_ingester_spans_written_total); n0=${n0%.*}
  t1=$(wait_stored "$produced")
  irate=$(( (produced - n0) * 1000000000 / (t1 - t0) )); ing+=("$irate")
  kill $ingester; wait $ingester 2>/dev/null || true

  # 3. End to end: collector and ingester together, from the first span sent until the last is stored.
  topic="bench-e$r-$RANDOM"
  start_collector "$topic"; start_ingester "$topic"
  t0=$(date +%s%N)
  gen --spans="$spans" > "$out/tracegen-e2e-$r.log"
  sent=$(metric $cadmin weft_kafka_spans_produced_total); sent=${sent%.*}
  t1=$(wait_stored "$sent")
  erate=$(( sent * 1000000000 / (t1 - t0) )); e2e+=("$erate")
  kill $collector $ingester; wait $collector $ingester 2>/dev/null || true

  # 4. For comparison: the same spans into a collector writing straight to the storage.
  java -Xmx1g -jar target/weft.jar --roles=collector --span-storage.type="$storage" "${store[@]:1}" \
    --collector.otlp.grpc.port=$grpc --collector.otlp.http.port=0 --collector.jaeger.http.port=0 \
    --collector.zipkin.http.port=0 --admin.http.port=$cadmin > "$out/direct.log" 2>&1 &
  collector=$!; wait_health $cadmin
  gen --spans="$spans" > "$out/tracegen-direct-$r.log"
  drate=$(rate_of "$out/tracegen-direct-$r.log"); direct+=("$drate")
  kill $collector; wait $collector 2>/dev/null || true
  md "| $r | $rate | $irate | $erate | $drate |"
done
md "| median | $(median "${col[@]}") | $(median "${ing[@]}") | $(median "${e2e[@]}") | $(median "${direct[@]}") |"
md
