#!/usr/bin/env bash
# Throughput through Kafka, on this machine, medians of N runs (fresh topic each run):
#   collector  - tracegen (OTLP gRPC, flat out) into a collector with --span-storage.type=kafka:
#                spans/s the collector acknowledged (i.e. Kafka acknowledged).
#   end-to-end - the same load with an ingester running: spans/s from the first span sent until
#                the ingester stored the last one (ingester.storage.type=$STORAGE).
#   ingester   - the ingester alone draining a topic that holds the collector run's spans.
# Starts its own broker (scripts/kafka-local.sh) and, for STORAGE=cassandra, its own Cassandra
# (scripts/cassandra-local.sh), on ports from PORT_BASE (default 38000) so nothing else is hit.
# Usage: bench/kafka.sh [seconds=20] [runs=3]     env: STORAGE=memory|cassandra PORT_BASE=38000
# Needs target/weft.jar (mvn -q package -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-20}; runs=${2:-3}
storage=${STORAGE:-memory}; base=${PORT_BASE:-38000}
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
  store=(--ingester.storage.type=cassandra --cassandra.contact-points=127.0.0.1:$cql --cassandra.consistency=ONE)
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
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

col=(); e2e=(); ing=()
for r in $(seq "$runs"); do
  # 1. Collector alone into Kafka.
  topic="bench-c$r-$RANDOM"
  start_collector "$topic"
  line=$(java -jar target/weft.jar tracegen --protocol=otlp-grpc --endpoint=127.0.0.1:$grpc --duration="${secs}s" \
    --batch=512 | tee "$out/tracegen-collector-$r.log" | grep 'throughput')
  rate=$(echo "$line" | awk '{gsub(",","",$2); print $2}'); col+=("$rate")
  produced=$(metric $cadmin weft_kafka_spans_produced_total); produced=${produced%.*}
  kill $collector; wait $collector 2>/dev/null || true

  # 2. Ingester alone, draining what the collector wrote (timed from its first stored span).
  start_ingester "$topic"
  t0=$(wait_stored 1); n0=$(metric $iadmin weft_ingester_spans_written_total); n0=${n0%.*}
  t1=$(wait_stored "$produced")
  irate=$(( (produced - n0) * 1000000000 / (t1 - t0) )); ing+=("$irate")
  kill $ingester; wait $ingester 2>/dev/null || true

  # 3. End to end: collector and ingester together, until the last span is stored.
  topic="bench-e$r-$RANDOM"
  start_collector "$topic"; start_ingester "$topic"
  t0=$(date +%s%N)
  java -jar target/weft.jar tracegen --protocol=otlp-grpc --endpoint=127.0.0.1:$grpc --duration="${secs}s" \
    --batch=512 > "$out/tracegen-e2e-$r.log"
  sent=$(metric $cadmin weft_kafka_spans_produced_total); sent=${sent%.*}
  t1=$(wait_stored "$sent")
  erate=$(( sent * 1000000000 / (t1 - t0) )); e2e+=("$erate")
  kill $collector $ingester; wait $collector $ingester 2>/dev/null || true
  echo "run $r: collector->kafka $rate spans/s; ingester alone $irate spans/s ($produced spans); end-to-end $erate spans/s ($sent spans, $storage)"
done
echo "median: collector->kafka $(median "${col[@]}") spans/s; ingester alone $(median "${ing[@]}") spans/s; end-to-end $(median "${e2e[@]}") spans/s ($storage)"
