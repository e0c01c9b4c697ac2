#!/usr/bin/env bash
# Latency of the query API over stored spans: p50/p99 of GET /api/traces/{id} for trace ids
# sampled from a search, of a service + tag search, and of searches without a service: a tag alone,
# an operation alone (one every trace has, and one no trace has, which scans the whole lookback).
# With --apiv3, the service + tag searches also through api_v3: GET /api/v3/traces (OTLP JSON; no
# match is a 404, as in Jaeger) and GET /api/v3/trace-summaries. Made for data sent by `weft tracegen`
# (services service-a..., tags tag.0.. with values value-0..value-999, operations such as
# charge-card). Needs curl and GNU date.
#
#   scripts/query-latency.sh --query http://127.0.0.1:16686 --n 1000 [--apiv3]
set -euo pipefail

query=http://127.0.0.1:16686
service=service-a
tag_key=tag.0
n=500
lookback=6h
limit=20
apiv3=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --query) query="$2"; shift 2 ;;
    --service) service="$2"; shift 2 ;;
    --tag-key) tag_key="$2"; shift 2 ;;
    --n) n="$2"; shift 2 ;;
    --lookback) lookback="$2"; shift 2 ;;
    --limit) limit="$2"; shift 2 ;;
    --apiv3) apiv3=true; shift ;;
    *) sed -n '2,8p' "$0"; exit 2 ;;
  esac
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Percentiles of the times (seconds, one per line) in $1, printed in ms.
stats() {
  sort -n "$1" | awk -v what="$2" '{ t[NR] = $1 * 1000 }
    END { if (NR == 0) { print what ": no samples"; exit }
          i50 = int(NR * 0.50 + 0.5); i99 = int(NR * 0.99 + 0.5); if (i50 < 1) i50 = 1; if (i99 < 1) i99 = 1
          printf "%s: n=%d p50 %.2f ms p99 %.2f ms max %.2f ms\n", what, NR, t[i50], t[i99], t[NR] }'
}

# One curl process for all requests, so the connection is reused as a real client would.
# $3: the statuses that count as answers (a regex; default 200).
run() {
  local ok="${3:-200}"
  : > "$work/config"
  while read -r url; do
    printf 'url = "%s"\noutput = "/dev/null"\n' "$url" >> "$work/config"
  done < "$1"
  curl -s --config "$work/config" -w '%{http_code} %{time_total}\n' > "$work/out"
  if grep -qvE "^($ok) " "$work/out"; then
    echo "some requests failed: $(grep -vE "^($ok) " "$work/out" | head -3)" >&2
  fi
  awk '{ print $2 }' "$work/out" > "$2"
}

curl -s "$query/api/traces?service=$service&lookback=$lookback&limit=$n" \
  | grep -o '"traceID":"[0-9a-f]*"' | cut -d'"' -f4 | sort -u > "$work/ids"
echo "trace ids sampled: $(wc -l < "$work/ids")"
shuf -r -n "$n" "$work/ids" | sed "s|^|$query/api/traces/|" > "$work/by-id"
run "$work/by-id" "$work/by-id.times"
stats "$work/by-id.times" "trace by id"

for _ in $(seq 1 "$n"); do
  tags="%7B%22$tag_key%22%3A%22value-$((RANDOM % 1000))%22%7D"
  echo "$query/api/traces?service=$service&tags=$tags&lookback=$lookback&limit=$limit"
done > "$work/search"
run "$work/search" "$work/search.times"
stats "$work/search.times" "search service+tag (limit $limit)"

for _ in $(seq 1 "$n"); do
  tags="%7B%22$tag_key%22%3A%22value-$((RANDOM % 1000))%22%7D"
  echo "$query/api/traces?tags=$tags&lookback=$lookback&limit=$limit"
done > "$work/search-tag"
run "$work/search-tag" "$work/search-tag.times"
stats "$work/search-tag.times" "search tag without service (limit $limit)"

ops=(GET%20%2Fapi%2Forders POST%20%2Fapi%2Fcheckout SELECT%20orders cache.get charge-card render)
for _ in $(seq 1 "$n"); do
  echo "$query/api/traces?operation=${ops[$((RANDOM % ${#ops[@]}))]}&lookback=$lookback&limit=$limit"
done > "$work/search-op"
run "$work/search-op" "$work/search-op.times"
stats "$work/search-op.times" "search operation without service (limit $limit)"

for i in $(seq 1 "$n"); do
  echo "$query/api/traces?operation=no-such-operation-$((i % 50))&lookback=$lookback&limit=$limit"
done > "$work/search-op-miss"
run "$work/search-op-miss" "$work/search-op-miss.times"
stats "$work/search-op-miss.times" "search absent operation without service (limit $limit)"

if $apiv3; then
  # The same searches over the same window (lookback as hours), through api_v3.
  hours=${lookback%h}
  min=$(date -u -d "-$hours hours" +%Y-%m-%dT%H:%M:%S.%NZ)
  max=$(date -u -d "+1 minute" +%Y-%m-%dT%H:%M:%S.%NZ)
  sed -e "s|/api/traces?service=$service&tags=|/api/v3/traces?query.serviceName=$service\&query.attributes=|" \
      -e "s|&lookback=$lookback&limit=$limit|\&query.startTimeMin=$min\&query.startTimeMax=$max\&query.searchDepth=$limit|" \
      "$work/search" > "$work/v3-traces"
  run "$work/v3-traces" "$work/v3-traces.times" '200|404'
  stats "$work/v3-traces.times" "api_v3 traces service+tag (limit $limit)"
  sed -e "s|/api/v3/traces?|/api/v3/trace-summaries?|" "$work/v3-traces" > "$work/v3-summaries"
  run "$work/v3-summaries" "$work/v3-summaries.times"
  stats "$work/v3-summaries.times" "api_v3 trace-summaries service+tag (limit $limit)"
fi
