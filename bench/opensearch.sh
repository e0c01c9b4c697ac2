#!/usr/bin/env bash
# Weft on OpenSearch next to Weft on Cassandra, in the same run on the same machine: a local
# OpenSearch 2.19 node (scripts/opensearch-local.sh, 1g heap) and a local Cassandra 5.0 node
# (scripts/cassandra-local.sh, 1g heap) run side by side; for each backend in turn a fresh all-in-one
# Weft node (-Xmx2g) takes SPANS spans from tracegen (OTLP gRPC flat out, 8 spans per trace, 5 tags
# each, every tag indexed), then scripts/query-latency.sh times N trace-by-id reads and N service + tag
# searches over what was stored. Reported: accepted spans/s, the storage server's CPU seconds per
# million spans, Weft's CPU µs per span, stored span count, and the query p50/p99.
# Writes target/bench/opensearch.md.
# Backends: opensearch, opensearch-flat (tags not nested: --opensearch.tags.nested=false), cassandra.
# Usage: bench/opensearch.sh [spans=1000000] [n=500] [backends="opensearch cassandra"]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
spans=${1:-1000000}; n=${2:-500}; backends=${3:-opensearch cassandra}
weft_jar
report_start opensearch "Weft on OpenSearch and on Cassandra: ingestion and query latency ($spans spans)"
require_free_ports 14269 16686 4317 19250 19350 19042 17010
pids=()
cleanup() { for p in "${pids[@]}"; do stop_pid "$p"; done; }
trap cleanup EXIT

# ready_line FILE PATTERN SECONDS: waits for a line of the server's script.
ready_line() {
  local deadline=$(( $(date +%s) + $3 ))
  until grep -q "$2" "$1" 2>/dev/null; do
    (( $(date +%s) < deadline )) || { echo "not ready: $1" >&2; tail -20 "$1" >&2; exit 1; }
    sleep 0.5
  done
}

os_pid=""; cass_pid=""
if [[ " $backends " == *" opensearch"* ]]; then
  rm -rf target/bench/os-data
  scripts/opensearch-local.sh --dir target/bench/os-data --port 19250 --transport-port 19350 --heap 1g \
    --no-disk-watermarks > target/bench/os.out 2>&1 &
  pids+=($!)
  ready_line target/bench/os.out "ready on" 600
  os_pid=$(sed -nE 's/.*ready on .* \(pid ([0-9]+)\).*/\1/p' target/bench/os.out)
fi
if [[ " $backends " == *" cassandra "* ]]; then
  rm -rf target/bench/cass-data
  scripts/cassandra-local.sh --dir target/bench/cass-data --port 19042 --storage-port 17010 --heap 1g \
    > target/bench/cass.out 2>&1 &
  cass_pid=$!
  pids+=($cass_pid)
  deadline=$(( $(date +%s) + 600 ))
  until (exec 3<>/dev/tcp/127.0.0.1/19042) 2>/dev/null; do
    (( $(date +%s) < deadline )) || { echo "Cassandra did not start" >&2; tail -20 target/bench/cass.out >&2; exit 1; }
    sleep 0.5
  done
fi

md "tracegen \`--protocol=otlp-grpc --spans=$spans\` flat out (batches of 512, 8 in flight) into a fresh all-in-one node" \
  "(-Xmx2g) per backend; accepted = stored (acknowledged by the backend). Storage servers: OpenSearch 2.19.6 (1 shard," \
  "0 replicas, refresh 1s, daily indices, tags nested + tagKV keywords) and Cassandra 5.0.9 (consistency ONE), 1g heap each." \
  "Then $n reads of random stored traces by id and $n searches \`service=service-a&tags={\"tag.0\":\"value-<random>\"}&limit=20&lookback=1h\`."
md
md "| backend | accepted spans/s | stored spans | server CPU s per 1M spans | Weft CPU µs/span | by id p50 / p99 ms | search p50 / p99 ms |"
md "|---|---|---|---|---|---|---|"

for backend in $backends; do
  case "$backend" in
    opensearch) opts=(--span-storage.type=opensearch --opensearch.urls=http://127.0.0.1:19250
                      --opensearch.index.replicas=0 --opensearch.index.prefix=bench); server=$os_pid ;;
    opensearch-flat) opts=(--span-storage.type=opensearch --opensearch.urls=http://127.0.0.1:19250
                      --opensearch.index.replicas=0 --opensearch.index.prefix=benchflat
                      --opensearch.tags.nested=false); server=$os_pid ;;
    cassandra) opts=(--span-storage.type=cassandra --cassandra.contact-points=127.0.0.1:19042
                     --cassandra.consistency=ONE --cassandra.keyspace=bench); server=$cass_pid ;;
    *) echo "unknown backend $backend" >&2; exit 2 ;;
  esac
  java -Xmx2g -jar target/weft.jar --log-level=warn "${opts[@]}" > "target/bench/opensearch-weft-$backend.log" 2>&1 &
  weft=$!
  pids+=($weft)
  wait_http localhost:14269/health 300
  s0=$(cpu_secs "$server"); w0=$(cpu_secs $weft)
  java -jar target/weft.jar tracegen --protocol=otlp-grpc --spans="$spans" --duration=60m \
    > "target/bench/opensearch-tracegen-$backend.log" || true
  s1=$(cpu_secs "$server"); w1=$(cpu_secs $weft)
  rate=$(field "target/bench/opensearch-tracegen-$backend.log" 'throughput ([0-9,]+) spans/s accepted')
  total=$(field "target/bench/opensearch-tracegen-$backend.log" 'accepted ([0-9,]+)  rejected')
  if [[ "$backend" == opensearch* ]]; then
    idx=$([[ "$backend" == opensearch ]] && echo bench || echo benchflat)-weft-span-*
    curl -s -XPOST "http://127.0.0.1:19250/$idx/_refresh" > /dev/null
    stored=$(curl -s "http://127.0.0.1:19250/$idx/_count" | sed -nE 's/.*"count":([0-9]+).*/\1/p')
  else
    stored="$total (acknowledged)"
  fi
  scripts/query-latency.sh --n "$n" --lookback 1h > "target/bench/opensearch-query-$backend.log"
  f=target/bench/opensearch-query-$backend.log
  md "| $backend | $rate | $stored | $(awk -v a="$s1" -v b="$s0" -v n="$total" 'BEGIN {printf "%.1f", (n > 0 ? (a - b) * 1e6 / n : 0)}') |" \
    "$(awk -v a="$w1" -v b="$w0" -v n="$total" 'BEGIN {printf "%.1f", (n > 0 ? (a - b) * 1e6 / n : 0)}') |" \
    "$(field "$f" 'trace by id: .* p50 ([0-9.]+) ms') / $(field "$f" 'trace by id: .* p99 ([0-9.]+) ms') |" \
    "$(field "$f" 'search .* p50 ([0-9.]+) ms') / $(field "$f" 'search .* p99 ([0-9.]+) ms') |"
  stop_pid $weft
done
md
if [[ -n "$os_pid" ]]; then
  md "OpenSearch indices (index, Lucene docs incl. nested, size): $(curl -s 'http://127.0.0.1:19250/_cat/indices/bench*?h=index,docs.count,store.size&s=index' | tr '\n' ';')"
  md "(docs.count counts nested tag documents too.)"
fi
md
