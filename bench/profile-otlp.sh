#!/usr/bin/env bash
# Profiles the all-in-one node under OTLP gRPC load with JFR; prints the hottest frames.
# Usage: bench/profile-otlp.sh [seconds]   (needs target/weft.jar: mvn -q package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-15}
out=target/bench; mkdir -p $out
rm -f $out/otlp.jfr
java -Xmx2g -XX:StartFlightRecording=duration=$((secs + 4))s,filename=$out/otlp.jfr,settings=profile \
  -jar target/weft.jar > $out/node.log 2>&1 &
node=$!
trap 'kill $node 2>/dev/null || true' EXIT
until curl -sf localhost:14269/health >/dev/null; do sleep 0.1; done
java -jar target/weft.jar tracegen --protocol=otlp-grpc --duration=${secs}s --batch=512 --concurrency=8 | tail -4
while [ ! -s $out/otlp.jfr ]; do sleep 1; done; sleep 1
jfr print --events jdk.ExecutionSample $out/otlp.jfr > $out/otlp-samples.txt
python3 bench/hot_frames.py $out/otlp-samples.txt
