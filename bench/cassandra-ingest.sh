#!/usr/bin/env bash
# Ingestion into one local Cassandra node: a Weft collector (--span-storage.type=cassandra) fed Zipkin
# JSON v2 by tracegen flat out (batches of 512 spans, traces of 8 over 6 services, 5 tags each, 8
# requests in flight), for each Weft jar given, alternated round by round in one invocation so the
# shared machine's noise hits each alike. One Cassandra node (scripts/cassandra-local.sh, 1 GiB heap, not
# --fast) serves every run, each run in a fresh keyspace. Per run: spans stored per second (Weft's
# weft_spans_written, counted once Cassandra acknowledged), Weft's own CPU and Cassandra's CPU (user +
# system, /proc) per stored span, over the same window.
# Each run first sends WARMUP (default 120s) of the same load, not counted, so JIT compilation of both
# JVMs is mostly done before the window measured: after 20 s, a collector's C1/C2 compiler threads still
# took a third of its CPU in the next 40 s (34.6 µs per stored span, 19.9 after 120 s). The column
# "of which JIT" shows what they took in the window.
# TRACEGEN_ARGS: more tracegen flags for every run (e.g. "--tags=0": no tags of random values).
# A build may carry Weft flags of its own after the jar, in the same argument: 'deny="target/weft.jar
# --cassandra.index.tag-blacklist=tag.0,tag.1"'. The label zipkin runs the Zipkin server instead
# (zipkin=path/to/zipkin-server-exec.jar, or just zipkin for io.zipkin:zipkin-server:$ZIPKIN_VERSION:exec from
# Maven Central) on its cassandra3 storage (STORAGE_TYPE=cassandra3, its own keyspace per run), under the same
# load, with its storage throttle on (ZIPKIN_THROTTLE=false turns it off: then its driver's connections
# overflow and nearly every write fails here). Zipkin acknowledges before it stores, so what it stored is
# taken from its own counters (storage calls completed; see zipkin_stored).
# WEFT_JAVA_OPTS: JVM options for each Weft process, %l and %r standing for the label and round, e.g.
#   WEFT_JAVA_OPTS='-XX:StartFlightRecording=filename=target/bench/%l-%r.jfr,settings=profile'
# Usage: [PORT_BASE=39000] [WARMUP=120s] [TRACEGEN_ARGS=...] [WEFT_JAVA_OPTS=...] [ZIPKIN_VERSION=3.6.1] [ZIPKIN_THROTTLE=true]
#        bench/cassandra-ingest.sh [seconds=60] [rounds=2] label=path/to/weft.jar[' --flag=value ...'] ... [zipkin]
#   e.g. bench/cassandra-ingest.sh 60 2 before=/tmp/weft-before/target/weft.jar after=target/weft.jar zipkin
# Writes target/bench/cassandra-ingest.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
secs=${1:-60}; rounds=${2:-2}; shift $(( $# < 2 ? $# : 2 ))
(( $# > 0 )) || set -- "current=target/weft.jar"
[[ " $* " == *" current=target/weft.jar "* ]] && weft_jar
base=${PORT_BASE:-39000}; warmup=${WARMUP:-120s}; read -ra targs <<< "${TRACEGEN_ARGS:-}"
ZIPKIN_VERSION=${ZIPKIN_VERSION:-3.6.1}
for spec in "$@"; do
  if [[ $spec == zipkin ]]; then
    zjar=target/bench/zipkin/zipkin-server-$ZIPKIN_VERSION-exec.jar
    [[ -f $zjar ]] || mvn -B -q dependency:copy -Dartifact="io.zipkin:zipkin-server:$ZIPKIN_VERSION:jar:exec" \
      -DoutputDirectory=target/bench/zipkin
  fi
done
# tracegen itself comes from a Weft jar: the first one given.
gen_jar=target/weft.jar
for spec in "$@"; do [[ $spec == zipkin* ]] || { read -ra parts <<< "${spec#*=}"; gen_jar=${parts[0]}; break; }; done
cql=$((base + 42)); cstorage=$((base + 70)); zport=$((base + 11)); gport=$((base + 17)); admin=$((base + 69))
out=target/bench/cassandra-ingest; mkdir -p "$out"; rm -rf "$out/cassandra-data"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

# The Zipkin server's cassandra3 schema uses SASI indexes, off by default in Cassandra 5.
sasi=(); [[ " $* " == *" zipkin"* ]] && sasi=(--sasi)
start_cassandra $cql "$out/cassandra.log" "${sasi[@]}" --port $cql --storage-port $cstorage --heap 1g \
  --dir "$out/cassandra-data"

written() { curl -sf "localhost:$admin/metrics" | awk '$1 ~ /^weft_spans_written_total/ {n += $2} END {printf "%.0f", n}'; }
report_start cassandra-ingest "Ingestion into one local Cassandra node, Zipkin JSON v2"
md "One Cassandra 5.0.9 node (1 GiB heap) and a Weft collector (-Xmx1g) on the same cores as the load generator;" \
  "\`tracegen --protocol=zipkin-json\` flat out for ${secs}s per run${TRACEGEN_ARGS:+ ($TRACEGEN_ARGS)}, after $warmup of the same not counted${*:+ (jars: $*)};" \
  "each run in a fresh keyspace." \
  "Stored: spans Weft counted as acknowledged by Cassandra (weft_spans_written) over the run. CPU: user + system" \
  "of each process over the same window."
md
md "Load average (1, 5, 15 min) is taken at the start of each run."
md
md "| round | build | stored spans | stored spans/s | server CPU s | server µs per span | of which JIT µs | Cassandra CPU s | Cassandra µs per span | tracegen failed | load average |"
md "|---|---|---|---|---|---|---|---|---|---|---|"
declare -A rates wcpu ccpu jcpu
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
# Spans the Zipkin server stored, by its own Prometheus counters: storage calls that completed (each call
# writes one received message, all its spans) times spans per message. Received less dropped would
# count its queue too, and that queue holds most of what it accepts under this load.
zipkin_stored() {
  curl -sf -m 10 "http://127.0.0.1:$zport/prometheus" | awk '
    /^zipkin_collector_spans_total\{transport="http"/ {n += $2}
    /^zipkin_collector_messages_total\{transport="http"/ {m += $2}
    /^zipkin_storage_throttle_requests_succeeded_total/ {ok += $2}
    END {printf "%.0f", (m > 0 ? ok * n / m : 0)}'
}
run_zipkin() {
  local label=$1 jar=$2 round=$3 log="$out/$1-$3" la
  la=$(loadavg)
  require_free_ports $zport
  STORAGE_TYPE=cassandra3 CASSANDRA_CONTACT_POINTS=127.0.0.1:$cql CASSANDRA_KEYSPACE="zipkin_bench_$round" \
    CASSANDRA_LOCAL_DC=datacenter1 STORAGE_THROTTLE_ENABLED=${ZIPKIN_THROTTLE:-true} QUERY_PORT=$zport java -Xmx1g -jar "$jar" > "$log-zipkin.log" 2>&1 &
  local zipkin=$!; pids+=($zipkin)
  # Its schema (with SASI indexes) takes minutes on a loaded machine.
  wait_http "http://127.0.0.1:$zport/health" 600
  java -jar "$gen_jar" tracegen --protocol=zipkin-json --endpoint=127.0.0.1:$zport --duration="$warmup" "${targs[@]}" \
    > "$log-warmup.log" 2>&1 || true
  sleep 1
  local w0 c0 w1 c1 m0 m1 j0 j1
  w0=$(cpu_secs $zipkin); j0=$(jit_secs $zipkin); c0=$(cpu_secs $cassandra); m0=$(zipkin_stored)
  java -jar "$gen_jar" tracegen --protocol=zipkin-json --endpoint=127.0.0.1:$zport --duration="${secs}s" "${targs[@]}" \
    > "$log-tracegen.log" 2>&1 || true
  w1=$(cpu_secs $zipkin); j1=$(jit_secs $zipkin); c1=$(cpu_secs $cassandra); m1=$(zipkin_stored)
  curl -sf -m 10 "http://127.0.0.1:$zport/prometheus" > "$log-prometheus.txt" || true
  stop_pid $zipkin
  local failed stored window=$secs rate wc cc wus cus jus
  failed=$(field "$log-tracegen.log" 'failed ([0-9,]+)'); failed=${failed:-?}
  stored=$(( m1 - m0 ))
  rate=$(awk -v n="$stored" -v s="$window" 'BEGIN {printf "%.0f", (s > 0 ? n / s : 0)}')
  wc=$(awk -v a="$w1" -v b="$w0" 'BEGIN {printf "%.1f", a - b}')
  cc=$(awk -v a="$c1" -v b="$c0" 'BEGIN {printf "%.1f", a - b}')
  wus=$(awk -v c="$wc" -v n="$stored" 'BEGIN {printf "%.1f", (n > 0 ? c * 1e6 / n : 0)}')
  cus=$(awk -v c="$cc" -v n="$stored" 'BEGIN {printf "%.1f", (n > 0 ? c * 1e6 / n : 0)}')
  jus=$(awk -v a="$j1" -v b="$j0" -v n="$stored" 'BEGIN {printf "%.1f", (n > 0 ? (a - b) * 1e6 / n : 0)}')
  rates[$label]+=" $rate"; wcpu[$label]+=" $wus"; ccpu[$label]+=" $cus"; jcpu[$label]+=" $jus"
  local oom=""; grep -q OutOfMemoryError "$log-zipkin.log" && oom=", went out of heap"
  md "| $round | $label (Zipkin server, stored by its counters$oom) | $stored | $rate | $wc | $wus | $jus | $cc | $cus | $failed | $la |"
}
run_one() {
  local label=$1 round=$3 log="$out/$1-$3" la jar wargs
  read -ra wargs <<< "$2"; jar=${wargs[0]}; wargs=("${wargs[@]:1}")
  la=$(loadavg)
  require_free_ports $zport $gport $admin
  # WEFT_JAVA_OPTS: more JVM options for the Weft process (e.g. a JFR recording; %l is the label, %r the round).
  local jopts=()
  [[ -n ${WEFT_JAVA_OPTS:-} ]] && read -ra jopts <<< "$(echo "$WEFT_JAVA_OPTS" | sed "s/%l/$label/g; s/%r/$round/g")"
  java -Xmx1g "${jopts[@]}" -jar "$jar" "${wargs[@]}" --roles=collector --span-storage.type=cassandra --cassandra.contact-points=127.0.0.1:$cql \
    --cassandra.keyspace="bench_${label}_$round" --collector.zipkin.http.port=$zport --collector.otlp.grpc.port=$gport \
    --collector.otlp.http.port=0 --collector.jaeger.http.port=0 --admin.http.port=$admin --log-level=warn \
    > "$log-weft.log" 2>&1 &
  local weft=$!; pids+=($weft)
  wait_http "http://127.0.0.1:$admin/health" 180
  java -jar "$gen_jar" tracegen --protocol=zipkin-json --endpoint=127.0.0.1:$zport --duration="$warmup" "${targs[@]}" \
    > "$log-warmup.log" 2>&1 || true
  sleep 1
  local n0 w0 c0 n1 w1 c1 j0 j1
  n0=$(written); w0=$(cpu_secs $weft); j0=$(jit_secs $weft); c0=$(cpu_secs $cassandra)
  java -jar "$gen_jar" tracegen --protocol=zipkin-json --endpoint=127.0.0.1:$zport --duration="${secs}s" "${targs[@]}" \
    > "$log-tracegen.log" 2>&1 || true
  n1=$(written); w1=$(cpu_secs $weft); j1=$(jit_secs $weft); c1=$(cpu_secs $cassandra)
  stop_pid $weft
  local failed stored rate wc cc wus cus jus
  failed=$(field "$log-tracegen.log" 'failed ([0-9,]+)  in'); failed=${failed:-?}
  stored=$((n1 - n0))
  rate=$(awk -v n=$stored -v s="$secs" 'BEGIN {printf "%.0f", n / s}')
  wc=$(awk -v a="$w1" -v b="$w0" 'BEGIN {printf "%.1f", a - b}')
  cc=$(awk -v a="$c1" -v b="$c0" 'BEGIN {printf "%.1f", a - b}')
  wus=$(awk -v c="$wc" -v n=$stored 'BEGIN {printf "%.1f", (n > 0 ? c * 1e6 / n : 0)}')
  cus=$(awk -v c="$cc" -v n=$stored 'BEGIN {printf "%.1f", (n > 0 ? c * 1e6 / n : 0)}')
  jus=$(awk -v a="$j1" -v b="$j0" -v n=$stored 'BEGIN {printf "%.1f", (n > 0 ? (a - b) * 1e6 / n : 0)}')
  rates[$label]+=" $rate"; wcpu[$label]+=" $wus"; ccpu[$label]+=" $cus"; jcpu[$label]+=" $jus"
  md "| $round | $label | $stored | $rate | $wc | $wus | $jus | $cc | $cus | $failed | $la |"
}

labels=()
for r in $(seq "$rounds"); do
  runs=("$@")
  # Alternate the order, so no build always gets the cooler (or hotter) machine.
  if (( r % 2 == 0 )); then
    for (( i = 0, j = ${#runs[@]} - 1; i < j; i++, j-- )); do t=${runs[i]}; runs[i]=${runs[j]}; runs[j]=$t; done
  fi
  for spec in "${runs[@]}"; do
    if [[ $spec == zipkin* ]]; then
      run_zipkin zipkin "$([[ $spec == zipkin=* ]] && echo "${spec#*=}" || echo "$zjar")" "$r"
    else
      run_one "${spec%%=*}" "${spec#*=}" "$r"
    fi
  done
done
md
for spec in "$@"; do
  l=${spec%%=*}
  md "- $l, medians of $rounds rounds: $(median ${rates[$l]}) stored spans/s, server (Weft or Zipkin) $(median ${wcpu[$l]}) µs (of which its JIT compilers $(median ${jcpu[$l]})) and" \
    "Cassandra $(median ${ccpu[$l]}) µs of CPU per stored span"
done
echo "report: $REPORT"
