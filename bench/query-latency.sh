#!/usr/bin/env bash
# Query latency with 1M spans in memory: a fresh all-in-one node (-Xmx3g, room for 150,000 traces) is
# filled by tracegen (OTLP gRPC, 125,000 traces of 8 spans, 5 tags each), then scripts/query-latency.sh
# times N trace-by-id reads and N service + tag searches (limit 20; random tag values, most of which match
# nothing, so a search scans the service's whole index), over one keep-alive connection, RUNS times.
# With mode apiv3, the same searches are also timed through api_v3 (/api/v3/traces and
# /api/v3/trace-summaries) and the report compares their p99 with the classic search's.
# Writes target/bench/query-latency.md.
# Usage: bench/query-latency.sh [n=1000] [runs=3] [spans=1000000] [mode=classic|apiv3]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
n=${1:-1000}; runs=${2:-3}; spans=${3:-1000000}; mode=${4:-classic}
v3flag=(); [[ $mode == apiv3 ]] && v3flag=(--apiv3)
weft_jar
report_start query-latency "Query latency with $spans spans in memory"
# Ports can be moved (QUERY_PORT, ADMIN_PORT, OTLP_PORT) when another node holds the defaults;
# the receivers and agents this bench does not use are off.
query_port=${QUERY_PORT:-16686}; admin_port=${ADMIN_PORT:-14269}; otlp_port=${OTLP_PORT:-4317}
require_free_ports "$admin_port" "$query_port" "$otlp_port"
java -Xmx3g -jar target/weft.jar --log-level=warn --memory.max-traces=150000 --query.http.port="$query_port" \
  --admin.http.port="$admin_port" --collector.otlp.grpc.port="$otlp_port" --collector.otlp.http.port=0 \
  --collector.jaeger.http.port=0 --collector.zipkin.http.port=0 --agent.jaeger.compact.port=0 \
  --agent.jaeger.binary.port=0 --sampling.http.port=0 --sampling.grpc.port=0 --bridge.tcp.port=0 \
  > target/bench/query-node.log 2>&1 &
node=$!
trap 'stop_pid $node' EXIT
wait_http "localhost:$admin_port/health"
java -jar target/weft.jar tracegen --protocol=otlp-grpc --endpoint="127.0.0.1:$otlp_port" --spans="$spans" \
  --duration=10m > target/bench/query-tracegen.log
stored=$(curl -s "localhost:$admin_port/metrics" | awk '/^weft_stored_spans / {print int($2)}')
md "Stored spans: $stored. Each run: $n reads of a random stored trace by id, then $n searches" \
  "\`service=service-a&tags={\"tag.0\":\"value-<random>\"}&limit=20&lookback=6h\`, timed by curl (time_total)."
md
if [[ $mode == apiv3 ]]; then
  md "api_v3: the same searches as \`/api/v3/traces?query.serviceName=service-a&query.attributes={...}&query.startTimeMin=&query.startTimeMax=&query.searchDepth=20\`"
  md "(OTLP JSON; most match nothing, a 404 as in Jaeger) and as \`/api/v3/trace-summaries?...\`."
  md
  md "| run | by id p99 ms | search p50 ms | search p99 ms | v3 traces p50 ms | v3 traces p99 ms | v3 summaries p50 ms | v3 summaries p99 ms |"
  md "|---|---|---|---|---|---|---|---|"
else
  md "| run | by id p50 ms | by id p99 ms | search p50 ms | search p99 ms |"
  md "|---|---|---|---|---|"
fi
id99=(); s99=(); t99=(); m99=()
for r in $(seq "$runs"); do
  scripts/query-latency.sh --query "http://127.0.0.1:$query_port" --n "$n" "${v3flag[@]}" > target/bench/query-latency.log
  ip50=$(field target/bench/query-latency.log 'trace by id: .* p50 ([0-9.]+) ms')
  ip99=$(field target/bench/query-latency.log 'trace by id: .* p99 ([0-9.]+) ms')
  sp50=$(field target/bench/query-latency.log 'search .* p50 ([0-9.]+) ms')
  sp99=$(field target/bench/query-latency.log 'search .* p99 ([0-9.]+) ms')
  id99+=("$ip99"); s99+=("$sp99")
  if [[ $mode == apiv3 ]]; then
    tp50=$(field target/bench/query-latency.log 'api_v3 traces .* p50 ([0-9.]+) ms')
    tp99=$(field target/bench/query-latency.log 'api_v3 traces .* p99 ([0-9.]+) ms')
    mp50=$(field target/bench/query-latency.log 'api_v3 trace-summaries .* p50 ([0-9.]+) ms')
    mp99=$(field target/bench/query-latency.log 'api_v3 trace-summaries .* p99 ([0-9.]+) ms')
    t99+=("$tp99"); m99+=("$mp99")
    md "| $r | $ip99 | $sp50 | $sp99 | $tp50 | $tp99 | $mp50 | $mp99 |"
  else
    md "| $r | $ip50 | $ip99 | $sp50 | $sp99 |"
  fi
done
md
md "Medians of $runs runs: trace by id p99 $(median "${id99[@]}") ms (target < 2), search p99 $(median "${s99[@]}") ms (target < 50)."
if [[ $mode == apiv3 ]]; then
  md "api_v3 traces p99 $(median "${t99[@]}") ms, trace-summaries p99 $(median "${m99[@]}") ms (target: within 1.5x of the classic search's p99)."
fi
md
