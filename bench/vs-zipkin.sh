#!/usr/bin/env bash
# Weft all-in-one vs the Zipkin server (io.zipkin:zipkin-server exec jar from Maven Central), both with
# in-memory storage and the same -Xmx, under the same Zipkin JSON v2 load from tracegen (flat out, batches
# of 512, 8 requests in flight), alternated in one invocation so a shared machine's noise hits both.
# Counts spans *stored*: readable back through each server's query API (tracegen --stored-url), not the
# acknowledgements (the Zipkin server answers 202 before it stores). CPU is the server process's own
# user + system time over the run. Writes target/bench/vs-zipkin.md.
# Usage: [TAG=name (report target/bench/vs-zipkin-name.md)] [HEAP=1g] [ZIPKIN_VERSION=3.6.1] [DRAIN=60s] bench/vs-zipkin.sh [duration=5m] [rounds=2] [tracegen flags...]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
duration=${1:-5m}; rounds=${2:-2}; shift $(( $# < 2 ? $# : 2 ))
HEAP=${HEAP:-1g}; ZIPKIN_VERSION=${ZIPKIN_VERSION:-3.6.1}; DRAIN=${DRAIN:-60s}
weft_jar
zjar=target/bench/zipkin/zipkin-server-$ZIPKIN_VERSION-exec.jar
[[ -f $zjar ]] || mvn -B -q dependency:copy -Dartifact="io.zipkin:zipkin-server:$ZIPKIN_VERSION:jar:exec" \
  -DoutputDirectory=target/bench/zipkin
report_start "vs-zipkin${TAG:+-$TAG}" "Ingestion: Weft vs the Zipkin server, Zipkin JSON v2 into memory${TAG:+ ($TAG)}"
md "Both servers: in-memory storage with their default capacity (Zipkin: 500,000 spans; Weft: 100,000 traces," \
  "here 800,000 spans), -Xmx$HEAP, started fresh per run. Load: \`tracegen --protocol=zipkin-json\` flat out for" \
  "$duration, batches of 512 spans in traces of 8 over 6 services, 5 tags each${*:+ ($*)}. \"Stored\" counts what the" \
  "query API can read back (a binary search over trace ids sent, about once a second; after sending, up to $DRAIN" \
  "more for the rest), so spans a server accepted but never stored are not counted. Zipkin server $ZIPKIN_VERSION."
md
md "| round | server | accepted spans/s | stored spans | stored spans/s | server CPU s | CPU s per M stored | stored spans/s per minute | old traces readable | notes |"
md "|---|---|---|---|---|---|---|---|---|---|"

declare -A rates cpus
run_one() {
  local server=$1 round=$2 log=target/bench/vs-zipkin-$1.log pid url cpu_file=target/bench/vs-zipkin-cpu
  shift 2
  require_free_ports 9411 16686 14269
  rm -f $cpu_file
  if [[ $server == zipkin ]]; then
    java -Xmx"$HEAP" -jar "$zjar" > target/bench/vs-zipkin-zipkin-server.log 2>&1 &
    pid=$!; url=http://127.0.0.1:9411/api/v2/trace/
    wait_http http://127.0.0.1:9411/health
  else
    java -Xmx"$HEAP" -jar target/weft.jar --log-level=warn > target/bench/vs-zipkin-weft-server.log 2>&1 &
    pid=$!; url=http://127.0.0.1:16686/api/traces/
    wait_http http://127.0.0.1:14269/health
  fi
  sleep 2
  local cpu0; cpu0=$(cpu_secs $pid)
  (while kill -0 $pid 2>/dev/null; do cpu_secs $pid > $cpu_file.tmp 2>/dev/null && mv $cpu_file.tmp $cpu_file; sleep 1; done) &
  local sampler=$!
  java -jar target/weft.jar tracegen --protocol=zipkin-json --endpoint=127.0.0.1:9411 --duration="$duration" \
    --stored-url=$url --drain="$DRAIN" "$@" > "$log" 2>&1 || true
  local notes="" cpu1
  kill -0 $pid 2>/dev/null || notes="server exited during the run;"
  cpu1=$(cat $cpu_file)
  kill $sampler 2>/dev/null || true; wait $sampler 2>/dev/null || true
  stop_pid $pid
  local accepted stored secs failed windows readable cpu per_m
  accepted=$(field "$log" 'throughput ([0-9,]+) spans/s accepted')
  stored=$(field "$log" 'stored ([0-9,]+) spans readable')
  secs=$(field "$log" 'readable through [^ ]+ by ([0-9.]+)s')
  failed=$(field "$log" 'failed ([0-9,]+)  in'); failed=${failed:-0}
  readable=$(sed -nE 's/.*still readable at the end: ([0-9]+ of [0-9]+).*/\1/p' "$log")
  windows=$(sed -nE 's/.*stored spans\/s per 30 s: (.*)/\1/p' "$log" | tr -d , \
    | awk '{for (i = 1; i < NF; i += 2) printf "%s%d", (i > 1 ? " " : ""), ($i + $(i+1)) / 2; if (NF % 2) printf " %d", $NF}')
  (( failed == 0 )) || notes+=" $failed spans refused ($(sed -nE 's/.*last error: (.{0,60}).*/\1/p' "$log" | tail -1));"
  local rate; rate=$(awk -v n="$stored" -v s="$secs" 'BEGIN {printf "%.0f", (s > 0 ? n / s : 0)}')
  cpu=$(awk -v a="$cpu1" -v b="$cpu0" 'BEGIN {printf "%.1f", a - b}')
  per_m=$(awk -v c="$cpu" -v n="$stored" 'BEGIN {printf "%.1f", (n > 0 ? c * 1e6 / n : 0)}')
  rates[$server]+=" $rate"; cpus[$server]+=" $per_m"
  md "| $round | $server | $accepted | $stored | $rate | $cpu | $per_m | $windows | $readable | $notes |"
}

for r in $(seq "$rounds"); do
  # alternate which goes first, so neither always gets the cooler machine
  if (( r % 2 )); then order="zipkin weft"; else order="weft zipkin"; fi
  for server in $order; do run_one "$server" "$r" "$@"; done
done

zr=$(median ${rates[zipkin]}); wr=$(median ${rates[weft]}); zc=$(median ${cpus[zipkin]}); wc=$(median ${cpus[weft]})
md
md "Medians of $rounds rounds: stored spans/s Weft $wr vs Zipkin $zr," \
  "ratio $(awk -v a="$wr" -v b="$zr" 'BEGIN {printf "%.1f", (b > 0 ? a / b : 0)}')x (target >= 2x);" \
  "CPU s per million stored spans Weft $wc vs Zipkin $zc," \
  "ratio $(awk -v a="$wc" -v b="$zc" 'BEGIN {printf "%.4f (1/%.0f)", (b > 0 ? a / b : 0), (a > 0 ? b / a : 0)}') (target <= 0.5)."
md
echo "report: $REPORT"
