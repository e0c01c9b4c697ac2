#!/usr/bin/env bash
# Span metrics, three figures (docs/span-metrics.md):
#  a) what counting costs the collector: OTLP gRPC flat out (tracegen, batches of 512) into a fresh
#     collector+query node, --span-metrics.enabled=true and =false alternated run by run, medians;
#  b) a Monitor query: a node filled by tracegen with an hour of data (--backfill=1h, 100 span names per
#     service), then N runs each of Jaeger's /api/metrics/latencies (p95), /calls and /errors for one
#     service, 1 h at 15 s steps, grouped by operation, and of the Monitor page's operations table; p50/p99;
#  c) heap per active series: many series (--operations=2500 over 4 services), then the live heap after a
#     full GC (jcmd GC.class_histogram) with span metrics on and off; the step is an hour, so each series
#     still holds its bucket in progress (no flush ran: checked). Also the ring's stored bytes per series
#     and bucket, from (b).
# Ports from PORT_BASE (default 41000). Writes target/bench/span-metrics.md.
# Usage: bench/span-metrics.sh [ab-runs=5] [ab-seconds=15] [query-runs=200]     env: PORT_BASE, PARTS=abc
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
runs=${1:-5}; secs=${2:-15}; qruns=${3:-200}; base=${PORT_BASE:-41000}; parts=${PARTS:-abc}
grpc=$((base + 17)); query=$((base + 86)); admin=$((base + 69))
out=target/bench
weft_jar
report_start span-metrics "Span metrics: aggregation cost, Monitor query, heap per series"
node=
cleanup() { [[ -n "$node" ]] && stop_pid "$node"; node=; }
work=$(mktemp -d)
trap 'cleanup; rm -rf "$work"' EXIT

# start_node HEAP FLAGS...: a node on this script's ports (only OTLP gRPC of the receivers), until healthy.
start_node() {
  local heap=$1; shift
  require_free_ports $grpc $query $admin
  java "-Xmx$heap" -jar target/weft.jar --log-level=warn --collector.otlp.grpc.port=$grpc \
    --collector.otlp.http.port=0 --collector.jaeger.http.port=0 --collector.zipkin.http.port=0 \
    --agent.jaeger.compact.port=0 --agent.jaeger.binary.port=0 --bridge.tcp.port=0 --sampling.http.port=0 --sampling.grpc.port=0 \
    --query.grpc.port=0 --query.http.port=$query --admin.http.port=$admin "$@" > "$out/span-metrics-node.log" 2>&1 &
  node=$!
  wait_http "localhost:$admin/health" 180
}
tracegen() { java -jar target/weft.jar tracegen --protocol=otlp-grpc --endpoint=127.0.0.1:$grpc "$@"; }
gauge() { curl -s "localhost:$admin/metrics" | awk -v n="$1" '$1 == n && !f {print $2; f = 1}'; }

if [[ $parts == *a* ]]; then
  md "### a) Collector spans/s, span metrics on and off"
  md
  md "OTLP gRPC flat out for ${secs}s (tracegen, batches of 512, 8 spans a trace over 6 services) into a fresh node" \
    "(\`--roles=collector,query\`, memory, -Xmx2g) per run; on and off alternated; load average before each run."
  md
  md "Node CPU per span: the node's CPU time during the run over the spans it accepted (fixed costs, e.g. the JIT, included: at low rates they dominate)."
  md
  md "| run | on spans/s | off spans/s | on CPU us/span | off CPU us/span | load |"
  md "|---|---|---|---|---|---|"
  on=(); off=(); con=(); coff=()
  for r in $(seq "$runs"); do
    row=(); crow=()
    for flag in true false; do
      load=$(cut -d' ' -f1 /proc/loadavg)
      start_node 2g --roles=collector,query --span-metrics.enabled=$flag
      cpu0=$(cpu_secs "$node")
      tracegen --duration="${secs}s" --batch=512 > "$work/tg"
      rate=$(awk '/throughput/ {gsub(",", "", $2); print $2}' "$work/tg")
      accepted=$(sed -nE 's/.*  accepted ([0-9,]+) .*/\1/p' "$work/tg" | tail -1 | tr -d ,)
      cpu=$(awk -v a="$cpu0" -v b="$(cpu_secs "$node")" -v n="$accepted" 'BEGIN {printf "%.2f", (n > 0 ? (b - a) * 1e6 / n : 0)}')
      if [[ $flag == true ]]; then on+=("$rate"); con+=("$cpu"); else off+=("$rate"); coff+=("$cpu"); fi
      row+=("$rate"); crow+=("$cpu")
      cleanup
    done
    md "| $r | ${row[0]} | ${row[1]} | ${crow[0]} | ${crow[1]} | $load |"
  done
  mon=$(median "${on[@]}"); moff=$(median "${off[@]}"); mcon=$(median "${con[@]}"); mcoff=$(median "${coff[@]}")
  md
  md "Medians: on $mon, off $moff spans/s (on/off $(awk -v a="$mon" -v b="$moff" 'BEGIN {printf "%.3f", (b > 0 ? a / b : 0)}'));" \
    "node CPU on $mcon, off $mcoff us/span (on/off $(awk -v a="$mcon" -v b="$mcoff" 'BEGIN {printf "%.3f", (b > 0 ? a / b : 0)}'))."
  md
fi

if [[ $parts == *b* ]]; then
  spans=${SPANS:-1000000}
  md "### b) Monitor query: one service, 1 h at 15 s steps, by operation"
  md
  start_node 2g --memory.max-traces=20000
  tracegen --backfill=1h --operations=100 --services=3 --spans="$spans" --duration=20m > "$out/span-metrics-tracegen.log"
  # The flush at the next bucket boundary, then no calls left unflushed.
  for _ in $(seq 120); do
    [[ "$(gauge weft_span_metrics_unflushed_calls)" =~ ^0(\.0)?$ ]] && break
    sleep 0.5
  done
  now=$(date +%s%3N)
  common="service=service-a&groupByOperation=true&endTs=$now&lookback=3600000&step=15000&ratePer=600000&spanKind=server"
  series=$(curl -s "localhost:$query/api/metrics/calls?$common" | jq '.metrics | length')
  points=$(curl -s "localhost:$query/api/metrics/calls?$common" | jq '[.metrics[].metricPoints | length] | max')
  ring=$(gauge weft_span_metrics_memory_bytes); buckets=$(gauge weft_span_metrics_memory_buckets)
  all=$(curl -s "localhost:$query/api/metrics/calls?service=service-a&service=service-b&service=service-c&groupByOperation=true&endTs=$now&lookback=3600000&step=15000&spanKind=server&spanKind=client" \
    | jq '.metrics | length')
  md "Data: $(grep -o 'accepted [0-9,]*' "$out/span-metrics-tracegen.log" | tail -1) spans by tracegen" \
    "(\`--backfill=1h --operations=100 --services=3\`), a node with -Xmx2g. service-a's server spans: $series operations;" \
    "$points points each. Ring: ${ring%.*} bytes in ${buckets%.*} buckets for the 3 services' series ($all server and client" \
    "series with errors apart; see c). Each query $qruns times after 20 untimed, one curl process, keep-alive;" \
    "load average $(cut -d' ' -f1-3 /proc/loadavg)."
  md
  md "| query | answer bytes | p50 ms | p99 ms | max ms | node CPU ms per query |"
  md "|---|---|---|---|---|---|"
  time_query() {
    local label="$1" url="$2"
    for _ in $(seq 20); do curl -s -o /dev/null "$url"; done
    : > "$work/config"
    for _ in $(seq "$qruns"); do printf 'url = "%s"\noutput = "/dev/null"\n' "$url" >> "$work/config"; done
    cpu0=$(cpu_secs "$node")
    curl -s --config "$work/config" -w '%{http_code} %{time_total}\n' > "$work/out"
    cpu=$(awk -v a="$cpu0" -v b="$(cpu_secs "$node")" -v n="$qruns" 'BEGIN {printf "%.1f", (b - a) * 1000 / n}')
    if grep -qv '^200 ' "$work/out"; then echo "some requests failed: $(grep -v '^200 ' "$work/out" | head -3)" >&2; fi
    size=$(curl -s "$url" | wc -c)
    awk '{print $2 * 1000}' "$work/out" | sort -g | awk -v q="$label" -v b="$size" -v c="$cpu" '{t[NR]=$1}
      END {i50=int(NR*0.5+0.5); i99=int(NR*0.99+0.5); if (i50<1) i50=1; if (i99<1) i99=1;
           printf "| %s | %s | %.1f | %.1f | %.1f | %s |\n", q, b, t[i50], t[i99], t[NR], c}' | tee -a "$REPORT"
  }
  time_query "\`/api/metrics/latencies\` quantile 0.95" "http://127.0.0.1:$query/api/metrics/latencies?$common&quantile=0.95"
  time_query "\`/api/metrics/calls\`" "http://127.0.0.1:$query/api/metrics/calls?$common"
  time_query "\`/api/metrics/errors\`" "http://127.0.0.1:$query/api/metrics/errors?$common"
  time_query "\`/api/spanmetrics/operations\` (Monitor page table)" \
    "http://127.0.0.1:$query/api/spanmetrics/operations?service=service-a&endTs=$now&lookback=3600000"
  md
  cleanup
fi

if [[ $parts == *c* ]]; then
  cspans=${HEAP_SPANS:-2000000}
  md "### c) Heap per active series"
  md
  md "| span metrics | series | edges | live heap after full GC (MiB) | io.weft.spanmetrics objects (MiB) |"
  md "|---|---|---|---|---|"
  declare -A heap
  for flag in true false; do
    start_node 2g --memory.max-traces=1000 --span-metrics.enabled=$flag --span-metrics.step=1h \
      --span-metrics.max-series=1000000 --span-metrics.max-operations-per-service=100000
    tracegen --operations=2500 --services=4 --spans="$cspans" --duration=20m > "$out/span-metrics-heap-tracegen.log"
    sleep 2
    jcmd "$node" GC.class_histogram > "$work/histo-$flag"
    heap[$flag]=$(awk '/^Total/ {print $3}' "$work/histo-$flag")
    own=$(awk '$4 ~ /^io\.weft\.spanmetrics\./ {b += $3} END {print b + 0}' "$work/histo-$flag")
    series=$(gauge weft_span_metrics_series); series=${series%.*}; edges=$(gauge weft_span_metrics_edges); edges=${edges%.*}
    flushes=$(gauge weft_span_metrics_flushes_total)
    [[ $flag == true ]] && { nseries=$series; cp "$work/histo-$flag" "$out/span-metrics-histogram.txt"; }
    md "| $flag | ${series:-0} | ${edges:-0} | $(awk -v b="${heap[$flag]}" 'BEGIN {printf "%.1f", b / 1048576}') |" \
      "$(awk -v b="$own" 'BEGIN {printf "%.1f", b / 1048576}') |"
    [[ -z "$flushes" || "${flushes%.*}" == 0 ]] || md "(flushes ran during this run: ${flushes}; the figure is without buckets in progress)"
    cleanup
  done
  md
  md "Heap per active series (with its bucket in progress, service-graph edges included):" \
    "$(awk -v on="${heap[true]}" -v off="${heap[false]}" -v n="$nseries" 'BEGIN {printf "%.0f", (on - off) / n}') bytes" \
    "(($(awk -v b="${heap[true]}" 'BEGIN {printf "%.1f", b / 1048576}') - $(awk -v b="${heap[false]}" 'BEGIN {printf "%.1f", b / 1048576}')) MiB / $nseries series)." \
    "Spans: $cspans by tracegen (\`--operations=2500 --services=4\`); load average $(cut -d' ' -f1-3 /proc/loadavg)."
  md "Largest classes: \`$out/span-metrics-histogram.txt\`."
  md
fi
