#!/usr/bin/env bash
# The cold tier on tracegen's spans (8 a trace, 6 services, 5 string tags): bytes per span at rest and
# blocks written per CPU-second, Weft's block format beside Parquet (zstd both, the same traces); trace by
# id from cold on a local S3 API (s3proxy from Maven Central, 127.0.0.1), p50/p99; the scan rate of a
# search that reads every page, spans/s per core. Writes target/bench/cold.md.
# Usage: bench/cold.sh [spans=400000] [spans per block=100000]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
spans=${1:-400000}
block=${2:-100000}
report_start cold "Cold tier: bytes at rest, block CPU, trace by id from S3, scan rate"
md "| measure | figure |"
md "|---|---|"
mvn -B -q test -Dtest=ColdBench -Dweft.bench.cold=true -Dweft.bench.cold.spans="$spans" \
  -Dweft.bench.cold.block-spans="$block" -Dsurefire.failIfNoSpecifiedTests=false 2>&1 \
  | tee target/bench/cold.log | grep '^| ' | tee -a "$REPORT"
md
md "Targets (issue 19): at most 60 bytes per span at rest; trace by id from cold p99 under 300 ms on the local S3 server."
echo "report: $REPORT"
