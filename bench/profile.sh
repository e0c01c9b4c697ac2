#!/usr/bin/env bash
# Profiles the all-in-one node under tracegen load with JFR (execution samples); prints the hottest frames
# (bench/hot_frames.py). The recording stays in target/bench/<protocol>.jfr for JDK Mission Control.
# Usage: bench/profile.sh [protocol=otlp-grpc] [seconds=15]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
protocol=${1:-otlp-grpc}; secs=${2:-15}
weft_jar
out=target/bench; jfr=$out/$protocol.jfr
rm -f "$jfr"
require_free_ports 14269
java -Xmx2g -XX:StartFlightRecording=duration=$((secs + 4))s,filename=$jfr,settings=profile \
  -jar target/weft.jar --log-level=warn > $out/profile-node.log 2>&1 &
node=$!
trap 'stop_pid $node' EXIT
wait_http localhost:14269/health
java -jar target/weft.jar tracegen --protocol="$protocol" --duration=${secs}s --batch=512 --concurrency=8 | tail -4
while [ ! -s "$jfr" ]; do sleep 1; done; sleep 1
jfr print --events jdk.ExecutionSample "$jfr" > $out/$protocol-samples.txt
python3 bench/hot_frames.py $out/$protocol-samples.txt
