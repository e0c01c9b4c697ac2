#!/usr/bin/env bash
# What TLS and bearer-token checks cost on OTLP gRPC ingest: the same build run four ways - plain,
# token (a tokens file; tracegen sends the token), TLS (a certificate made here with openssl), TLS and
# token - alternated run by run under tracegen flat out (batches of 512), so a shared machine's noise
# hits all alike. Writes target/bench/auth-tls.md. Figures, never asserts.
# Usage: bench/auth-tls.sh [seconds=15] [runs=3] [batch=512]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
secs=${1:-15}; runs=${2:-3}; batch=${3:-512}
weft_jar
work=target/bench/auth-tls; rm -rf "$work"; mkdir -p "$work"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=weft-bench \
  -addext subjectAltName=IP:127.0.0.1 -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
token=$(openssl rand -hex 32)
printf '%s write - bench\n' "$token" > "$work/tokens"
grpc=24317; admin=24269
ports="--collector.otlp.grpc.port=$grpc --collector.otlp.http.port=0 --collector.jaeger.http.port=0 \
  --collector.zipkin.http.port=0 --query.http.port=26686 --query.grpc.port=26685 --admin.http.port=$admin \
  --sampling.http.port=0 --sampling.grpc.port=0"
declare -A node_flags=(
  [plain]=""
  [token]="--auth.tokens-file=$work/tokens"
  [tls]="--tls.cert=$work/cert.pem --tls.key=$work/key.pem --tls.listeners=collector"
  [tls+token]="--tls.cert=$work/cert.pem --tls.key=$work/key.pem --tls.listeners=collector --auth.tokens-file=$work/tokens"
)
declare -A gen_flags=(
  [plain]="" [token]="--token=$token" [tls]="--tls-ca=$work/cert.pem" [tls+token]="--tls-ca=$work/cert.pem --token=$token"
)
modes=(plain token tls tls+token)
report_start auth-tls "OTLP gRPC ingest: plain, bearer token, TLS, TLS and token"
md "tracegen \`--protocol=otlp-grpc --batch=$batch\` flat out (8 requests in flight) for ${secs}s into a fresh node"
md "(\`--roles=collector,query\`, memory storage, -Xmx2g) per run; the four ways alternated run by run."
md
md "| run | plain spans/s | token spans/s | TLS spans/s | TLS+token spans/s |"
md "|---|---|---|---|---|"
declare -A rates
for r in $(seq "$runs"); do
  row=()
  for m in "${modes[@]}"; do
    require_free_ports $grpc $admin
    # shellcheck disable=SC2086
    java -Xmx2g -jar target/weft.jar --roles=collector,query --log-level=warn $ports ${node_flags[$m]} \
      > "$work/node-$m.log" 2>&1 &
    node=$!
    wait_http "localhost:$admin/health"
    # shellcheck disable=SC2086
    rate=$(java -jar target/weft.jar tracegen --protocol=otlp-grpc --endpoint=127.0.0.1:$grpc --duration="${secs}s" \
      --batch="$batch" ${gen_flags[$m]} | tee "$work/tracegen-$m.log" | awk '/throughput/ {gsub(",", "", $2); print $2}')
    stop_pid $node
    row+=("${rate:-0}"); rates[$m]+=" ${rate:-0}"
  done
  md "| $r | ${row[0]} | ${row[1]} | ${row[2]} | ${row[3]} |"
done
p=$(median ${rates[plain]}); t=$(median ${rates[token]}); s=$(median ${rates[tls]}); st=$(median ${rates[tls+token]})
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", (b > 0 ? a / b : 0)}'; }
md
md "Medians: plain $p, token $t, TLS $s, TLS+token $st spans/s."
md "token/plain $(ratio "$t" "$p") (target >= 0.97); TLS/plain $(ratio "$s" "$p") (target >= 0.75); TLS+token/TLS $(ratio "$st" "$s")."
