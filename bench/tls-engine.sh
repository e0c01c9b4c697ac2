#!/usr/bin/env bash
# TLS on OTLP gRPC ingest with the JDK's SSLEngine against BoringSSL (netty-tcnative, tls.engine), and
# plain for reference: the three alternated run by run under tracegen flat out (batches of 512), the
# load generator using the same engine as the node. Besides spans/s, each run's CPU seconds of the
# node and of tracegen (both on the same cores) per million spans, which says how much of TLS's cost
# is the client's. With profile=1, one more JFR-recorded run of each TLS engine, hottest frames printed.
# Writes target/bench/tls-engine.md. Figures, never asserts.
# Usage: bench/tls-engine.sh [seconds=15] [runs=3] [batch=512] [profile=0]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
secs=${1:-15}; runs=${2:-3}; batch=${3:-512}; profile=${4:-0}
weft_jar
work=target/bench/tls-engine; rm -rf "$work"; mkdir -p "$work"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=weft-bench \
  -addext subjectAltName=IP:127.0.0.1 -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
grpc=24317; admin=24269
ports="--collector.otlp.grpc.port=$grpc --collector.otlp.http.port=0 --collector.jaeger.http.port=0 \
  --collector.zipkin.http.port=0 --query.http.port=26686 --query.grpc.port=26685 --admin.http.port=$admin \
  --sampling.http.port=0 --sampling.grpc.port=0"
tls="--tls.cert=$work/cert.pem --tls.key=$work/key.pem --tls.listeners=collector"
declare -A node_flags=([plain]="" [jdk]="$tls --tls.engine=jdk" [openssl]="$tls --tls.engine=openssl")
declare -A gen_flags=([plain]="" [jdk]="--tls-ca=$work/cert.pem --tls-engine=jdk"
  [openssl]="--tls-ca=$work/cert.pem --tls-engine=openssl")
modes=(plain jdk openssl)
TIMEFORMAT='%U %S'

# One run of mode $1: prints "spans/s node-cpu-s tracegen-cpu-s"; $2 extra JVM flags of the node.
run() {
  local m=$1 jvm=${2:-} node rate base cpu gen
  require_free_ports $grpc $admin
  # shellcheck disable=SC2086
  java -Xmx2g $jvm -jar target/weft.jar --roles=collector,query --log-level=warn $ports ${node_flags[$m]} \
    > "$work/node-$m.log" 2>&1 &
  node=$!
  wait_http "localhost:$admin/health"
  base=$(cpu_secs $node)
  # shellcheck disable=SC2086
  { time java -jar target/weft.jar tracegen --protocol=otlp-grpc --endpoint=127.0.0.1:$grpc --duration="${secs}s" \
      --batch="$batch" ${gen_flags[$m]} > "$work/tracegen-$m.log"; } 2> "$work/time-$m.txt"
  cpu=$(awk -v a="$(cpu_secs $node)" -v b="$base" 'BEGIN {printf "%.1f", a - b}')
  stop_pid $node
  rate=$(awk '/throughput/ {gsub(",", "", $2); print $2}' "$work/tracegen-$m.log")
  gen=$(awk '{printf "%.1f", $1 + $2}' "$work/time-$m.txt")
  echo "${rate:-0} $cpu $gen"
}
per_m() { awk -v c="$1" -v r="$2" -v s="$secs" 'BEGIN {printf "%.1f", (r > 0 ? c / (r * s / 1e6) : 0)}'; }

report_start tls-engine "TLS on OTLP gRPC: the JDK's SSLEngine against BoringSSL (netty-tcnative)"
md "tracegen \`--protocol=otlp-grpc --batch=$batch\` flat out (8 requests in flight) for ${secs}s into a fresh node"
md "(\`--roles=collector,query\`, memory storage, -Xmx2g) per run; plain, TLS with the JDK's engine and TLS with"
md "BoringSSL alternated run by run; tracegen uses the node's engine. CPU: seconds of each process during the"
md "${secs}s of load, and per million spans sent (node + tracegen share the machine's cores)."
md
md "| run | mode | spans/s | node CPU s | tracegen CPU s | node CPU s / M spans | tracegen CPU s / M spans |"
md "|---|---|---|---|---|---|---|"
declare -A rates ncpu gcpu
for r in $(seq "$runs"); do
  for m in "${modes[@]}"; do
    read -r rate cpu gen < <(run "$m")
    rates[$m]+=" $rate"; ncpu[$m]+=" $(per_m "$cpu" "$rate")"; gcpu[$m]+=" $(per_m "$gen" "$rate")"
    md "| $r | $m | $rate | $cpu | $gen | $(per_m "$cpu" "$rate") | $(per_m "$gen" "$rate") |"
  done
done
p=$(median ${rates[plain]}); j=$(median ${rates[jdk]}); o=$(median ${rates[openssl]})
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", (b > 0 ? a / b : 0)}'; }
md
md "Medians: plain $p, TLS/JDK $j, TLS/BoringSSL $o spans/s. TLS/plain: JDK $(ratio "$j" "$p"), BoringSSL $(ratio "$o" "$p") (target >= 0.75)."
for m in "${modes[@]}"; do
  md "CPU s per million spans, $m: node $(median ${ncpu[$m]}), tracegen $(median ${gcpu[$m]})."
done
if [[ "$profile" == 1 ]]; then
  for m in jdk openssl; do
    jfr=$work/$m.jfr
    run "$m" "-XX:StartFlightRecording=duration=$((secs + 4))s,filename=$jfr,settings=profile" > /dev/null
    jfr print --events jdk.ExecutionSample "$jfr" > "$work/$m-samples.txt"
    md
    md "Hottest frames of the node, TLS with $m (JFR execution samples, \`bench/hot_frames.py\`):"
    md '```'
    python3 bench/hot_frames.py "$work/$m-samples.txt" | head -25 | tee -a "$REPORT"
    md '```'
  done
fi
