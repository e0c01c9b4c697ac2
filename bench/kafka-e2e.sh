#!/usr/bin/env bash
# End to end through Kafka into memory, flat out: tracegen (OTLP gRPC) -> a collector with
# --span-storage.type=kafka -> a local KRaft broker -> an ingester with ingester.storage.type=memory,
# each in a JVM of its own on this machine. With CASSANDRA=1 the ingester stores into one local
# Cassandra node instead (scripts/cassandra-local.sh, as bench/cassandra-ingest.sh starts it: 1 GiB heap,
# one node for every run, each run in a keyspace of its own), and its CPU is reported beside the others.
# Per run, after WARMUP seconds (JIT compilation of a new JVM takes a minute or more under load: the JIT CPU
# column says what of the window it still took), over SECONDS:
#   stored/s   - spans the ingester stored (weft_ingester_spans_written_total on its /metrics)
#   acked/s    - spans the collector acknowledged (Kafka acknowledged: weft_kafka_spans_produced_total)
#   CPU        - CPU seconds per second of broker, collector, ingester and tracegen, and CPU µs per stored span
#                (- when nothing was stored: a stalled run, left out of the median); with CASSANDRA=1 also
#                Cassandra's CPU seconds per second and its CPU µs per stored span (apart from the four), and the
#                ingester's statements retried after Cassandra timeouts per 1000 stored spans (weft_storage_write_retries_total:
#                work Cassandra may have done twice)
# With CASSANDRA=1 a fresh node first takes WARM_RUNS (default 1) unreported runs of the first variant: a node's first
# minute (JIT compilation, its first flushes) cost up to 3x the CPU per span of later ones, which would fall on run 1.
# Several jars are run alternately (run 1: each jar, run 2: each jar, ...), each on a fresh topic, so a
# before/after comparison sees the same machine load; medians per jar at the end.
# Usage: bench/kafka-e2e.sh [seconds=20] [runs=3] [variant...]   (default: target/weft.jar)
#   a variant is a jar, optionally with Weft options for collector and ingester after '@' signs, e.g.
#   /tmp/a.jar@--kafka.producer.compression=none; it is named after the jar (and its options).
#   env: WARMUP=30 (20 with CASSANDRA=1: its first writes are slow) PORT_BASE=41000 GEN="--batch=512 --concurrency=8" COLLECTOR_OPTS= INGESTER_OPTS= PROFILE=1 (JFR per process)
#        CASSANDRA=1 (into Cassandra; CASSANDRA_HEAP=1g)
# Writes target/bench/kafka-e2e.md (kafka-e2e-cassandra.md with CASSANDRA=1).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
secs=${1:-20}; runs=${2:-3}; shift $(( $# > 2 ? 2 : $# ))
jars=("$@"); [[ ${#jars[@]} -gt 0 ]] || { weft_jar; jars=(target/weft.jar); }
warm=${WARMUP:-${CASSANDRA:+20}}; warm=${warm:-30}; base=${PORT_BASE:-41000}; gen_opts=(${GEN:---batch=512 --concurrency=8})
cass=${CASSANDRA:-}; rname=kafka-e2e${cass:+-cassandra}
out=target/bench/$rname; mkdir -p "$out"
kport=$((base + 92)); kcport=$((base + 93)); grpc=$((base + 17)); cadmin=$((base + 69)); iadmin=$((base + 70))
cql=$((base + 42)); cstorage=$((base + 71))
require_free_ports $kport $kcport $grpc $cadmin $iadmin ${cass:+$cql $cstorage}
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

rm -rf "$out/kafka-data"
scripts/kafka-local.sh --port $kport --controller-port $kcport --dir "$out/kafka-data" --heap 768m > "$out/broker.log" 2>&1 &
broker=$!; pids+=($broker)
until (echo > /dev/tcp/127.0.0.1/$kport) 2>/dev/null; do sleep 0.2; done
cassandra=
if [[ -n $cass ]]; then
  rm -rf "$out/cassandra-data"
  start_cassandra $cql "$out/cassandra.log" --port $cql --storage-port $cstorage --heap "${CASSANDRA_HEAP:-1g}" \
    --dir "$out/cassandra-data"
fi

vname() { local j=${1%%@*}; local rest=${1#"$j"}; echo "$(basename "$j" .jar)${rest//@/ }"; }
metric() { curl -sf "localhost:$1/metrics" | awk -v m="$2" '$1 == m {printf "%d", $2}'; }
# statements sent again after a Cassandra timeout (0 when none yet)
retries() { curl -sf "localhost:$1/metrics" | awk '$1 ~ /^weft_storage_write_retries_total/ {n += $2} END {printf "%d", n}'; }
jfr() { [[ -n "${PROFILE:-}" ]] && echo "-XX:StartFlightRecording=filename=$out/$1.jfr,settings=profile" || true; }

into=${cass:+one local Cassandra node}; into=${into:-memory}
report_start "$rname" "End to end through Kafka into $into (collector, broker, ingester: separate JVMs)"
md "tracegen OTLP gRPC flat out (${gen_opts[*]}) into a collector (--span-storage.type=kafka), a local KRaft broker," \
  "an ingester into $into; each process its own JVM, all on the same cores. Measured over ${secs}s after ${warm}s of load." \
  "stored/s: the ingester's weft_ingester_spans_written_total; acked/s: Kafka-acknowledged spans of the collector;" \
  "CPU: CPU-seconds per second of each process; µs/span: the four processes' CPU (not Cassandra's) per stored span;" \
  "JIT CPU: what the collector's and ingester's JIT compiler threads took of it (CPU-seconds per second)."
md
if [[ -n $cass ]]; then
  md "| run | jar | load avg | stored/s | acked/s | broker CPU | collector CPU | ingester CPU | tracegen CPU | µs CPU/stored span | JIT CPU | Cassandra CPU | Cassandra µs/stored span | retries per 1000 stored |"
  md "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
else
  md "| run | jar | load avg | stored/s | acked/s | broker CPU | collector CPU | ingester CPU | tracegen CPU | µs CPU/stored span | JIT CPU |"
  md "|---|---|---|---|---|---|---|---|---|---|---|"
fi
# the ingester's storage: memory, or a fresh keyspace of the Cassandra node per run
storage() {
  if [[ -n $cass ]]; then
    echo "--ingester.storage.type=cassandra --cassandra.contact-points=127.0.0.1:$cql --cassandra.keyspace=e2e_$1"
  else
    echo "--ingester.storage.type=memory --memory.max-traces=3000000"
  fi
}
declare -A stored_by acked_by us_by cus_by
warm_runs=${WARM_RUNS:-${cass:+1}}; warm_runs=${warm_runs:-0}
for r in $(seq $(( 1 - warm_runs )) "$runs"); do
  for j in "${!jars[@]}"; do
    (( r > 0 || j == 0 )) || continue # a warm-up run (r <= 0): the first variant only, not reported
    spec=${jars[$j]}; jar=${spec%%@*}; rest=${spec#"$jar"}; opts=(${rest//@/ }); name=$(vname "$spec")
    file=$(echo "$name" | tr -c 'A-Za-z0-9._=\n-' '_')
    topic="e2e-$r-$j-$RANDOM"
    java -Xmx1g $(jfr "collector-$file-$r") -jar "$jar" --roles=collector --span-storage.type=kafka \
      --kafka.brokers=127.0.0.1:$kport --kafka.topic="$topic" --collector.otlp.grpc.port=$grpc \
      --collector.otlp.http.port=0 --collector.jaeger.http.port=0 --collector.zipkin.http.port=0 \
      --admin.http.port=$cadmin ${COLLECTOR_OPTS:-} "${opts[@]}" > "$out/collector-$file-$r.log" 2>&1 &
    collector=$!; pids+=($collector)
    java -Xmx3g $(jfr "ingester-$file-$r") -jar "$jar" --roles=ingester --kafka.brokers=127.0.0.1:$kport \
      --kafka.topic="$topic" --ingester.group-id="g-$topic" $(storage "${r}_${j}_$RANDOM") \
      --admin.http.port=$iadmin ${INGESTER_OPTS:-} "${opts[@]}" > "$out/ingester-$file-$r.log" 2>&1 &
    ingester=$!; pids+=($ingester)
    wait_http "http://localhost:$cadmin/health"; wait_http "http://localhost:$iadmin/health" 600 # a new keyspace's schema
    until [[ "$(metric $iadmin weft_ingester_assigned_partitions)" -gt 0 ]]; do sleep 0.2; done
    java -jar "$jar" tracegen --protocol=otlp-grpc --endpoint=127.0.0.1:$grpc "${gen_opts[@]}" \
      --duration="$((warm + secs + 30))s" > "$out/tracegen-$file-$r.log" 2>&1 &
    gen=$!; pids+=($gen)
    sleep "$warm"
    [[ -z "${PROFILE:-}" ]] || jcmd $broker JFR.start name=b settings=profile duration=${secs}s filename="$PWD/$out/broker-$file-$r.jfr" > /dev/null
    load=$(cut -d' ' -f1 /proc/loadavg)
    s0=$(metric $iadmin weft_ingester_spans_written_total); a0=$(metric $cadmin weft_kafka_spans_produced_total)
    q0=$(retries $iadmin)
    jit0=$(awk -v a="$(jit_secs $collector)" -v b="$(jit_secs $ingester)" 'BEGIN {print a + b}')
    c0=($(cpu_secs $broker) $(cpu_secs $collector) $(cpu_secs $ingester) $(cpu_secs $gen) ${cassandra:+$(cpu_secs $cassandra)})
    t0=$(date +%s%N)
    sleep "$secs"
    s1=$(metric $iadmin weft_ingester_spans_written_total); a1=$(metric $cadmin weft_kafka_spans_produced_total)
    q1=$(retries $iadmin)
    jit1=$(awk -v a="$(jit_secs $collector)" -v b="$(jit_secs $ingester)" 'BEGIN {print a + b}')
    c1=($(cpu_secs $broker) $(cpu_secs $collector) $(cpu_secs $ingester) $(cpu_secs $gen) ${cassandra:+$(cpu_secs $cassandra)})
    t1=$(date +%s%N)
    curl -sf "localhost:$iadmin/metrics" > "$out/ingester-$file-$r.metrics" || true
    curl -sf "localhost:$cadmin/metrics" > "$out/collector-$file-$r.metrics" || true
    kill $gen 2>/dev/null; wait $gen 2>/dev/null || true
    if (( r <= 0 )); then stop_pid $collector; stop_pid $ingester; continue; fi
    el=$(( t1 - t0 ))
    stored=$(( (s1 - s0) * 1000000000 / el )); acked=$(( (a1 - a0) * 1000000000 / el ))
    cpu=(); total=0
    for k in 0 1 2 3; do
      cpu+=("$(awk -v a="${c0[$k]}" -v b="${c1[$k]}" -v e="$el" 'BEGIN {printf "%.2f", (b - a) * 1e9 / e}')")
      total=$(awk -v t="$total" -v a="${c0[$k]}" -v b="${c1[$k]}" 'BEGIN {print t + b - a}')
    done
    jit=$(awk -v a="$jit0" -v b="$jit1" -v e="$el" 'BEGIN {printf "%.2f", (b - a) * 1e9 / e}')
    us=$(awk -v t="$total" -v n="$((s1 - s0))" 'BEGIN {if (n > 0) printf "%.1f", t * 1e6 / n; else printf "-"}')
    stored_by[$name]+="$stored "; acked_by[$name]+="$acked "; us_by[$name]+="$us "
    if [[ -n $cass ]]; then
      ccpu=$(awk -v a="${c0[4]}" -v b="${c1[4]}" -v e="$el" 'BEGIN {printf "%.2f", (b - a) * 1e9 / e}')
      cus=$(awk -v a="${c0[4]}" -v b="${c1[4]}" -v n="$((s1 - s0))" 'BEGIN {if (n > 0) printf "%.1f", (b - a) * 1e6 / n; else printf "-"}')
      cus_by[$name]+="$cus "
      rps=$(awk -v a="$q0" -v b="$q1" -v n="$((s1 - s0))" 'BEGIN {if (n > 0) printf "%.2f", (b - a) * 1000 / n; else printf "-"}')
      md "| $r | $name | $load | $stored | $acked | ${cpu[0]} | ${cpu[1]} | ${cpu[2]} | ${cpu[3]} | $us | $jit | $ccpu | $cus | $rps |"
    else
      md "| $r | $name | $load | $stored | $acked | ${cpu[0]} | ${cpu[1]} | ${cpu[2]} | ${cpu[3]} | $us | $jit |"
    fi
    stop_pid $collector; stop_pid $ingester
  done
done
md
md "| jar | median stored/s | median acked/s | median µs CPU/stored span |${cass:+ median Cassandra µs/stored span |}"
md "|---|---|---|---|${cass:+---|}"
for v in "${jars[@]}"; do
  name=$(vname "$v")
  row="| $name | $(median ${stored_by[$name]}) | $(median ${acked_by[$name]}) | $(median $(printf '%s\n' ${us_by[$name]} | grep -v '^-$')) |"
  [[ -z $cass ]] || row+=" $(median $(printf '%s\n' ${cus_by[$name]} | grep -v '^-$')) |"
  md "$row"
done
md
md "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
