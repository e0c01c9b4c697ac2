#!/usr/bin/env bash
# Tail sampling's costs (docs/sampling.md): (1) a collector's accepted spans/s without tail sampling, with
# a keep-everything policy (the cost of buffering and deciding alone) and with "errors, slow, 5% of the
# rest", the same build alternated run by run under tracegen flat out (OTLP gRPC); (2) heap per buffered
# span: a node whose policy never decides holds N spans, live heap after a full GC minus the empty node's;
# (3) the event-bus hop to a trace's owner: two clustered collectors on loopback, tracegen at a fixed rate
# into one, p50/p99 of weft_tail_sampling_forward_seconds (round trip until the owner buffered the spans).
# Writes target/bench/tail-sampling.md.
# Usage: [PARTS=123] bench/tail-sampling.sh [seconds=15] [runs=3] [buffered spans=500000] [hop rate spans/s=20000]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
secs=${1:-15}; runs=${2:-3}; hold=${3:-500000}; hop_rate=${4:-20000}; parts=${PARTS:-123}
weft_jar
out=target/bench/tail; mkdir -p "$out"
cat > "$out/policy.yaml" <<'YAML'
policies:
  - {name: errors, type: status_code, status_code: {status_codes: [ERROR]}}
  - {name: slow, type: latency, latency: {threshold_ms: 2000}}
  - {name: rest, type: probabilistic, probabilistic: {sampling_percentage: 5}}
YAML
cat > "$out/all.yaml" <<'YAML'
policies: [{name: all, type: always_sample}]
YAML
cat > "$out/hold.yaml" <<'YAML'
decision_wait: 1h
num_traces: 100000000
max_buffered_bytes: 100000000000
policies: [{name: all, type: always_sample}]
YAML
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
# metric PORT PREFIX: the value of the first sample whose line starts with PREFIX.
metric() { curl -s "localhost:$1/metrics" | awk -v m="$2" 'index($0, m) == 1 {print $NF; exit}'; }

report_start tail-sampling "Tail sampling: throughput cost, heap per buffered span, hop to the owner"
if [[ $parts == *1* ]]; then
md "### 1. A collector's spans/s (OTLP gRPC flat out for ${secs}s, batches of 512, \`--roles=collector,query\`, -Xmx2g, decision_wait 10 s)"
md
md "| run | off | tail, keep all | tail, errors + slow + 5% |"
md "|---|---|---|---|"
declare -A rates
for r in $(seq "$runs"); do
  row=()
  for mode in off all policy; do
    require_free_ports 14269 4317
    flags=(); [[ $mode != off ]] && flags=(--sampling.tail.policy-file="$out/$mode.yaml")
    java -Xmx2g -jar target/weft.jar --roles=collector,query --log-level=warn "${flags[@]}" > "$out/ab-$mode.log" 2>&1 &
    node=$!; pids+=($node)
    wait_http localhost:14269/health
    rate=$(java -jar target/weft.jar tracegen --protocol=otlp-grpc --duration="${secs}s" --batch=512 \
      | awk '/throughput/ {gsub(",", "", $2); print $2}')
    row+=("$rate"); rates[$mode]+=" $rate"
    stop_pid $node
  done
  md "| $r | ${row[0]} | ${row[1]} | ${row[2]} |"
done
off=$(median ${rates[off]}); all=$(median ${rates[all]}); pol=$(median ${rates[policy]})
md
md "Medians: off $off, keep all $all ($(awk -v a="$all" -v b="$off" 'BEGIN {printf "%.0f%%", 100 * a / b}') of off),"\
" errors + slow + 5% $pol ($(awk -v a="$pol" -v b="$off" 'BEGIN {printf "%.0f%%", 100 * a / b}') of off) spans/s."
md
fi

if [[ $parts == *2* ]]; then
md "### 2. Heap per buffered span ($hold spans of tracegen's default traces, nothing decided)"
md
heap_used_kb() { jcmd "$1" GC.run >/dev/null; sleep 1; jcmd "$1" GC.heap_info | awk '/garbage-first heap/ {v=$6; gsub(/[^0-9]/,"",v); print v}'; }
require_free_ports 14269 4317
java -Xmx4g -XX:+UseG1GC -jar target/weft.jar --roles=collector --sampling.tail.policy-file="$out/hold.yaml" \
  --log-level=warn > "$out/heap-node.log" 2>&1 &
node=$!; pids+=($node)
wait_http localhost:14269/health
base=$(heap_used_kb $node)
java -jar target/weft.jar tracegen --protocol=otlp-grpc --spans="$hold" --duration=5m > "$out/heap-tracegen.log"
spans=$(metric 14269 'weft_tail_sampling_buffered_spans ' | awk '{print int($1)}')
estimate=$(metric 14269 'weft_tail_sampling_buffered_bytes ' | awk '{print int($1)}')
used=$(heap_used_kb $node)
md "- $spans spans buffered; live heap ${base} KiB -> ${used} KiB: $(( (used - base) * 1024 / spans )) bytes per"\
" buffered span (the buffer's own estimate: $(( estimate / spans )) bytes)"
stop_pid $node
md
fi

[[ $parts == *3* ]] || exit 0
md "### 3. Event-bus hop to the owner (two clustered collectors on loopback, ${hop_rate} spans/s into one for 30 s)"
md
name="weft-bench-tail-$$"
sed -e "s|<cluster-name>weft</cluster-name>|<cluster-name>$name</cluster-name>|" \
    -e 's|<port auto-increment="true" port-count="10">5701</port>|<port auto-increment="true" port-count="10">5901</port>|' \
    -e 's|<member>127.0.0.1</member>|<member>127.0.0.1:5901</member><member>127.0.0.1:5902</member>|' \
    cluster.xml > "$out/cluster.xml"
cnode() { # name, admin port, base port
  java -Xmx1g -jar target/weft.jar --cluster --cluster.config="$out/cluster.xml" --roles=collector,query \
    --log-level=warn --sampling.tail.policy-file="$out/policy.yaml" --admin.http.port="$2" \
    --query.http.port="$(( $3 + 6 ))" --query.grpc.port="$(( $3 + 7 ))" --bridge.tcp.port=0 --collector.otlp.grpc.port="$(( $3 + 1 ))" \
    --collector.otlp.http.port="$(( $3 + 2 ))" --collector.jaeger.http.port="$(( $3 + 3 ))" \
    --collector.zipkin.http.port="$(( $3 + 4 ))" > "$out/$1.log" 2>&1 &
  pids+=($!)
  wait_http "localhost:$2/health"
}
cnode c1 26169 26100
cnode c2 26369 26300
until [[ "$(curl -s localhost:26169/health | grep -o '"members":[0-9]*')" == '"members":2' ]]; do sleep 0.2; done
java -jar target/weft.jar tracegen --protocol=otlp-grpc --endpoint=127.0.0.1:26101 --rate="$hop_rate" \
  --duration=30s > "$out/hop-tracegen.log"
p50=$(metric 26169 'weft_tail_sampling_forward_seconds{quantile="0.5"')
p99=$(metric 26169 'weft_tail_sampling_forward_seconds{quantile="0.99"')
n=$(metric 26169 'weft_tail_sampling_forward_seconds_count')
md "- $(printf '%.0f' "$n") hand-overs (a request's spans for the other member, one message each): p50"\
" $(awk -v v="$p50" 'BEGIN {printf "%.3f", v * 1000}') ms, p99 $(awk -v v="$p99" 'BEGIN {printf "%.3f", v * 1000}') ms"
md
