#!/usr/bin/env bash
# Runs the shared storage suite (SpanStoreContract) against a real Elasticsearch 8.19 node, through
# the same backend code as OpenSearch. Not part of the normal test run (a second server costs a
# minute or two of start-up); the node comes from scripts/elasticsearch-local.sh.
#
#   bench/elasticsearch-contract.sh                 # starts a node for the run, stops it after
#   bench/elasticsearch-contract.sh --port 19201    # uses a node already running there
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [[ "${1:-}" == "--port" ]]; then
  exec mvn -B -q test -Dtest=ElasticsearchSpanStoreTest -Dweft.elasticsearch.port="$2"
fi
exec mvn -B -q test -Dtest=ElasticsearchSpanStoreTest -Dweft.elasticsearch=true
