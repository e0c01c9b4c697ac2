#!/usr/bin/env bash
# Ingestion throughput of a cluster with 1, then 2 collector nodes (memory storage, plus one query
# node): every collector node is fed flat out by its own tracegen for N seconds. Prints the accepted
# spans/s of each setup and the ratio. Spans are stored on the member owning their trace (docs/cluster.md,
# "Where spans live"), so with 2 collectors about half of each node's spans cross the event bus.
# Each setup first runs 10 s unmeasured, so the JIT has warmed every node up.
# Usage: bench/cluster-scale.sh [seconds=20] [protocol=otlp-grpc] [extra tracegen flags...]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-20}; protocol=${2:-otlp-grpc}; shift $(( $# < 2 ? $# : 2 )); extra=("$@")
out=target/bench/cluster-scale; mkdir -p "$out"
jar=target/weft.jar
name="weft-bench-$$"
sed -e "s|<cluster-name>weft</cluster-name>|<cluster-name>$name</cluster-name>|" \
    -e 's|<port auto-increment="true" port-count="10">5701</port>|<port auto-increment="true" port-count="10">5801</port>|' \
    -e 's|<member>127.0.0.1</member>|<member>127.0.0.1:5801</member><member>127.0.0.1:5802</member><member>127.0.0.1:5803</member>|' \
    cluster.xml > "$out/cluster.xml"
pids=()
declare -A pid_of
tck=$(getconf CLK_TCK)
cpu_of() { awk -v t="$tck" '{ printf "%.1f", ($14 + $15) / t }' "/proc/$1/stat"; } # user+system CPU seconds
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

node() { # name, admin port, base port, roles
  java -Xmx1g -jar $jar --cluster --cluster.config="$out/cluster.xml" --roles="$4" --log-level=warn \
    --admin.http.port="$2" --query.http.port="$(( $3 + 6 ))" --query.grpc.port="$(( $3 + 5 ))" --bridge.tcp.port=0 \
    --collector.otlp.grpc.port="$(( $3 + 1 ))" --collector.otlp.http.port="$(( $3 + 2 ))" \
    --collector.jaeger.http.port="$(( $3 + 3 ))" --collector.zipkin.http.port="$(( $3 + 4 ))" > "$out/$1.log" 2>&1 &
  pids+=($!)
  pid_of[$1]=$!
  until curl -sf "localhost:$2/health" >/dev/null 2>&1; do sleep 0.1; done
}

port_of() { # base port → the protocol's port
  case $protocol in otlp-grpc) echo $(( $1 + 1 ));; otlp-http) echo $(( $1 + 2 ));; zipkin-json) echo $(( $1 + 4 ));; esac
}

run() { # collector base ports...
  local logs=() gens=() before=0 after=0 secs=$secs
  if [ -z "${warm:-}" ]; then warm=1 run "$@" >/dev/null; secs=$secs; fi
  [ -n "${warm:-}" ] && secs=10
  for n in "${collectors[@]}"; do before=$(awk -v a="$before" -v b="$(cpu_of "${pid_of[$n]}")" 'BEGIN { print a + b }'); done
  for base in "$@"; do
    java -jar $jar tracegen --protocol="$protocol" --endpoint="127.0.0.1:$(port_of "$base")" --duration="${secs}s" \
      --batch=512 ${extra[@]+"${extra[@]}"} > "$out/tracegen-$base.log" 2>&1 &
    gens+=($!)
    logs+=("$out/tracegen-$base.log")
  done
  for g in "${gens[@]}"; do wait "$g" || true; done
  for n in "${collectors[@]}"; do after=$(awk -v a="$after" -v b="$(cpu_of "${pid_of[$n]}")" 'BEGIN { print a + b }'); done
  local total=0
  for l in "${logs[@]}"; do
    r=$(grep throughput "$l" | awk '{gsub(",","",$2); print $2}')
    total=$(( total + ${r:-0} ))
  done
  # spans/s, then the collectors' CPU: seconds used, and per 100,000 spans
  awk -v n="$total" -v c="$(awk -v a="$after" -v b="$before" 'BEGIN { print a - b }')" -v s="$secs" \
    'BEGIN { printf "%d spans/s; collector CPU %.1f s in %d s (%.2f cores), %.2f CPU s per 100k spans\n", n, c, s, c / s, c / (n * s / 100000) }'
}

node query 25269 25600 query
node c1 25169 25100 collector
collectors=(c1)
one=$(run 25100)
echo "1 collector node:  $one"
node c2 25369 25300 collector
collectors=(c1 c2)
two=$(run 25100 25300)
echo "2 collector nodes: $two"
awk -v a="${one%% *}" -v b="${two%% *}" 'BEGIN { printf "ratio %.2f (%d cores here)\n", b / a, '"$(nproc)"' }'
