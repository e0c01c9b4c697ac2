#!/usr/bin/env bash
# Query latency with 1M spans in memory: a fresh all-in-one node (-Xmx3g, room for 150,000 traces) is
# filled by tracegen (OTLP gRPC, 125,000 traces of 8 spans, 5 tags each), then scripts/query-latency.sh
# times N trace-by-id reads, N service + tag searches (limit 20; random tag values, most of which match
# nothing, so a search scans the service's whole index), and N each of searches without a service: a tag
# alone, an operation alone (present in every trace), an operation no trace has (a scan of every trace
# in the lookback); over one keep-alive connection, RUNS times. With mode apiv3, the service + tag
# searches are also timed through api_v3 (/api/v3/traces and /api/v3/trace-summaries) and the report
# compares their p99 with the classic search's.
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
md "Stored spans: $stored. Each run: $n reads of a random stored trace by id, then $n searches of each kind," \
  "limit 20, lookback 6h: service + tag \`service=service-a&tags={\"tag.0\":\"value-<random>\"}\`; without a service," \
  "tag alone \`tags={\"tag.0\":\"value-<random>\"}\`, operation alone \`operation=<one of tracegen's>\`, and an" \
  "operation no trace has. Timed by curl (time_total), p50 / p99 in ms."
md
md "| run | by id | service+tag | tag alone | operation alone | absent operation |"
md "|---|---|---|---|---|---|"
id99=(); s99=(); t99=(); o99=(); m99=(); v99=(); vs99=()
log=target/bench/query-latency.log
pair() { echo "$(field "$log" "$1: .* p50 ([0-9.]+) ms") / $(field "$log" "$1: .* p99 ([0-9.]+) ms")"; }
for r in $(seq "$runs"); do
  scripts/query-latency.sh --query "http://127.0.0.1:$query_port" --n "$n" "${v3flag[@]}" > "$log"
  id99+=("$(field "$log" 'trace by id: .* p99 ([0-9.]+) ms')")
  s99+=("$(field "$log" 'search service\+tag .* p99 ([0-9.]+) ms')")
  t99+=("$(field "$log" 'search tag without service .* p99 ([0-9.]+) ms')")
  o99+=("$(field "$log" 'search operation without service .* p99 ([0-9.]+) ms')")
  m99+=("$(field "$log" 'search absent operation without service .* p99 ([0-9.]+) ms')")
  if [[ $mode == apiv3 ]]; then
    v99+=("$(field "$log" 'api_v3 traces .* p99 ([0-9.]+) ms')")
    vs99+=("$(field "$log" 'api_v3 trace-summaries .* p99 ([0-9.]+) ms')")
  fi
  md "| $r | $(pair 'trace by id') | $(pair 'search service\+tag \(limit [0-9]+\)') | $(pair 'search tag without service \(limit [0-9]+\)') |" \
    "$(pair 'search operation without service \(limit [0-9]+\)') | $(pair 'search absent operation without service \(limit [0-9]+\)') |"
done
md
md "Medians of $runs runs, p99: trace by id $(median "${id99[@]}") ms (target < 2), service+tag $(median "${s99[@]}") ms" \
  "(target < 50); without a service: tag $(median "${t99[@]}") ms, operation $(median "${o99[@]}") ms, absent operation" \
  "$(median "${m99[@]}") ms."
if [[ $mode == apiv3 ]]; then
  md
  md "api_v3 (the same service + tag searches): traces p99 $(median "${v99[@]}") ms, trace-summaries p99" \
    "$(median "${vs99[@]}") ms (target: within 1.5x of the classic search's p99)."
fi
md
