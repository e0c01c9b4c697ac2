#!/usr/bin/env bash
# TraceQL latency: a fresh all-in-one node (memory, -Xmx3g, room for 150,000 traces; or Cassandra, with a
# local node of its own) filled by tracegen (OTLP gRPC, traces of 8 spans over 6 services, 1% failing,
# server spans with http.status_code), then N runs of each query through Tempo's /api/search (limit 20,
# the last hour) over one keep-alive connection, timed by curl, after a few untimed runs to warm up. Ports from PORT_BASE (default 39000).
# Writes target/bench/traceql-<storage>.md.
# Usage: bench/traceql.sh [n=200] [spans=1000000]     env: STORAGE=memory|cassandra PORT_BASE=39000
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
n=${1:-200}; spans=${2:-1000000}; storage=${STORAGE:-memory}; base=${PORT_BASE:-39000}
grpc=$((base + 17)); query=$((base + 86)); admin=$((base + 69)); cql=$((base + 42)); cstorage=$((base + 70))
out=target/bench
weft_jar
report_start "traceql-$storage" "TraceQL latency with $spans spans ($storage)"
require_free_ports $grpc $query $admin
pids=()
cleanup() { for p in "${pids[@]}"; do stop_pid "$p"; done; }
trap cleanup EXIT
store=(--span-storage.type=memory --memory.max-traces=150000)
if [[ "$storage" == cassandra ]]; then
  require_free_ports $cql $cstorage
  rm -rf "$out/traceql-cassandra-data"
  scripts/cassandra-local.sh --fast --heap 1g --port $cql --storage-port $cstorage --dir "$out/traceql-cassandra-data" \
    > "$out/traceql-cassandra.log" 2>&1 &
  pids+=($!)
  until grep -q "ready" "$out/traceql-cassandra.log" 2>/dev/null; do sleep 0.5; done
  store=(--span-storage.type=cassandra --cassandra.contact-points=127.0.0.1:$cql)
fi
java -Xmx3g -jar target/weft.jar --log-level=warn "${store[@]}" --collector.otlp.grpc.port=$grpc \
  --collector.otlp.http.port=0 --collector.jaeger.http.port=0 --collector.zipkin.http.port=0 \
  --sampling.http.port=0 --sampling.grpc.port=0 --query.http.port=$query --admin.http.port=$admin \
  > "$out/traceql-node.log" 2>&1 &
pids+=($!)
wait_http "localhost:$admin/health" 180
java -jar target/weft.jar tracegen --protocol=otlp-grpc --endpoint=127.0.0.1:$grpc --spans="$spans" --duration=20m \
  > "$out/traceql-tracegen.log"
sleep 2
stored=$(curl -s "localhost:$admin/metrics" | awk '/^weft_stored_spans / {print int($2)}')
md "Stored spans: ${stored:-?} ($(grep -o 'accepted [0-9,]*' "$out/traceql-tracegen.log" | tail -1) by tracegen)." \
  "Each query $n times through \`/api/search?q=...&limit=20\` (the last hour), one curl process, keep-alive."
md
md "| query | traces found | p50 ms | p99 ms | max ms |"
md "|---|---|---|---|---|"

work=$(mktemp -d)
trap 'rm -rf "$work"; cleanup' EXIT
run_query() {
  local q="$1" runs=${2:-$n} enc
  enc=$(printf '%s' "$q" | jq -sRr @uri)
  # Warm-up, untimed: the JIT compiles the scan and evaluation paths first.
  for _ in $(seq "$(( runs < 20 ? 2 : 20 ))"); do curl -s -o /dev/null "http://127.0.0.1:$query/api/search?q=$enc&limit=20"; done
  : > "$work/config"
  for _ in $(seq "$runs"); do printf 'url = "http://127.0.0.1:%s/api/search?q=%s&limit=20"\noutput = "/dev/null"\n' "$query" "$enc" >> "$work/config"; done
  curl -s --config "$work/config" -w '%{http_code} %{time_total}\n' > "$work/out"
  if grep -qv '^200 ' "$work/out"; then echo "some requests failed: $(grep -v '^200 ' "$work/out" | head -3)" >&2; fi
  found=$(curl -s "http://127.0.0.1:$query/api/search?q=$enc&limit=20" | jq '.traces | length')
  partial=$(curl -s "http://127.0.0.1:$query/api/search?q=$enc&limit=20" | jq -r '.partialReason // empty')
  awk '{print $2 * 1000}' "$work/out" | sort -g | awk -v q="$q" -v f="$found${partial:+ (partial)}" '{t[NR]=$1}
    END {i50=int(NR*0.5+0.5); i99=int(NR*0.99+0.5); if (i50<1) i50=1; if (i99<1) i99=1;
         printf "| `%s` | %s | %.1f | %.1f | %.1f |\n", q, f, t[i50], t[i99], t[NR]}' | tee -a "$REPORT"
}
if [[ "$storage" == cassandra ]]; then
  run_query '{ resource.service.name = "service-a" && span.tag.0 = "value-7" }'
  run_query '{ resource.service.name = "service-b" && name = "POST /api/checkout" }'
  run_query '{ resource.service.name = "service-a" } >> { status = error }'
  run_query '{ resource.service.name = "service-c" && duration > 100ms }'
else
  run_query '{ span.http.status_code >= 500 }'
  run_query '{ resource.service.name = "service-a" } >> { status = error }'
  run_query '{ span.tag.0 = "value-7" && status = error }'
  run_query '{ status = error } | count() > 1' $(( (n + 9) / 10 ))
  run_query '{ span.http.status_code >= 600 }' $(( (n + 9) / 10 ))
fi
md
[[ "$storage" == memory ]] && md "The last two queries test every trace of the hour (nothing matches): $(( (n + 9) / 10 )) runs each."
md
