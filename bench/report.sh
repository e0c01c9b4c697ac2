#!/usr/bin/env bash
# Gathers the reports the bench scripts wrote (target/bench/*.md) into target/bench/report.md.
# Usage: bench/report.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/bench/report.md
parts=()
for name in vs-zipkin vs-zipkin-* ingest-* agent-udp-* query-latency heap-per-span startup kafka-* jmh; do
  for f in target/bench/$name.md; do [[ -f $f && $f != "$out" ]] && parts+=("$f"); done
done
{
  echo "# Weft benchmark report"
  echo
  echo "Gathered $(date -u '+%Y-%m-%d %H:%M UTC') from ${#parts[@]} reports; each says when and on which build it ran."
  echo "Figures are medians of the runs shown; the load generator shares the machine's cores with the server."
  echo
  for f in "${parts[@]}"; do cat "$f"; echo; done
} > "$out"
echo "report: $out (${#parts[@]} parts)"
