#!/usr/bin/env bash
# A local OpenSearch 2.19 node for trying Weft out, without Docker or an OpenSearch install: the
# server comes from Maven Central (its integ-test-zip plus the module jars, assembled once under
# target/opensearch/ by scripts/opensearch/pom.xml), configured as one node on 127.0.0.1 with all
# its data, config and logs under one folder. OpenSearch refuses to run as root: as root the node
# runs as user nobody (--user), the folder owned by it. Ctrl-C (SIGTERM) stops it cleanly.
#
#   scripts/opensearch-local.sh                      # HTTP on 127.0.0.1:9200, data in ./data/opensearch
#   scripts/opensearch-local.sh --port 19200 --transport-port 19300 --dir /tmp/os1 --heap 1g
#
# A line "opensearch-local: ready on http://127.0.0.1:PORT (pid N)" is printed once the cluster is
# yellow. Weft's tests start their node through this script too, so both stay in step.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
version=2.19.6
dir="$repo/data/opensearch"
port=9200
transport_port=9300
heap=512m
user=nobody
watermarks=true

usage() {
  sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  cat <<EOF
Options:
  --dir DIR              data, config and logs (default ./data/opensearch; kept across runs)
  --port N               HTTP port (default 9200)
  --transport-port N     node-to-node port (default 9300)
  --heap SIZE            JVM heap, e.g. 512m or 1g (default 512m)
  --user NAME            user the node runs as when started by root (default nobody)
  --no-disk-watermarks   never turn indices read-only when the disk fills (test machines)
EOF
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --dir) dir="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --transport-port) transport_port="$2"; shift 2 ;;
    --heap) heap="$2"; shift 2 ;;
    --user) user="$2"; shift 2 ;;
    --no-disk-watermarks) watermarks=false; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "opensearch-local: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done

java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"

# The server, assembled once from Maven Central and cached; again when the pom changes.
cache="${WEFT_OPENSEARCH_CACHE:-$repo/target/opensearch}"
home="$cache/dist/opensearch-$version"
stamp="$cache/dist/.assembled"
if [[ ! -f "$stamp" || "$here/opensearch/pom.xml" -nt "$stamp" || "${BASH_SOURCE[0]}" -nt "$stamp" ]]; then
  echo "opensearch-local: assembling OpenSearch $version from Maven Central (once)..." >&2
  rm -rf "$cache/dist"
  mkdir -p "$cache/dist"
  mvn -q -B -Dstyle.color=never -f "$here/opensearch/pom.xml" generate-resources -Dopensearch.home="$cache/dist" >&2
  # Each module folder needs the descriptor its zip would have brought (and painless's and
  # reindex's security grants, as upstream has them).
  module() { # name classname extended-plugins description
    cat > "$home/modules/$1/plugin-descriptor.properties" <<EOF
description=$4
version=$version
name=$1
classname=$2
java.version=11
opensearch.version=$version
custom.foldername=
extended.plugins=$3
has.native.controller=false
EOF
  }
  module lang-painless org.opensearch.painless.PainlessPlugin "" "An easy, safe and fast scripting language for OpenSearch"
  module analysis-common org.opensearch.analysis.common.CommonAnalysisPlugin lang-painless "Adds common text analysis"
  module ingest-common org.opensearch.ingest.common.IngestCommonPlugin lang-painless "Module for ingest processors"
  module reindex org.opensearch.index.reindex.ReindexPlugin "" "The Reindex module adds APIs to reindex and update or delete by query"
  module mapper-extras org.opensearch.index.mapper.MapperExtrasPlugin "" "Adds advanced field mappers"
  module parent-join org.opensearch.join.ParentJoinPlugin "" "This module adds the support parent-child queries and aggregations"
  module aggs-matrix-stats org.opensearch.search.aggregations.matrix.MatrixAggregationPlugin "" "Adds aggregations whose input are a list of numeric fields"
  cat > "$home/modules/lang-painless/plugin-security.policy" <<'EOF'
grant {
  // painless generates its scripts' classes and finds the classes it allows through their loader
  permission java.lang.RuntimePermission "createClassLoader";
  permission java.lang.RuntimePermission "getClassLoader";
};
EOF
  cat > "$home/modules/reindex/plugin-security.policy" <<'EOF'
grant {
  // reindex from a remote cluster opens connections through the REST client
  permission java.net.SocketPermission "*", "connect";
  permission java.net.NetPermission "getProxySelector";
};
EOF
  chmod -R a+rX "$cache/dist"
  touch "$stamp"
fi

mkdir -p "$dir"/{data,logs,config,tmp}
dir="$(cd "$dir" && pwd)"
cp "$home/config/log4j2.properties" "$dir/config/"
# The launcher runs from the server's folder (not writable by the node): absolute paths for its files.
sed -e "s|logs/gc.log|$dir/logs/gc.log|; s|HeapDumpPath=data|HeapDumpPath=$dir/logs|; s|ErrorFile=logs/|ErrorFile=$dir/logs/|" \
  "$home/config/jvm.options" > "$dir/config/jvm.options"
mkdir -p "$dir/config/jvm.options.d"
cat > "$dir/config/opensearch.yml" <<EOF
# Generated by scripts/opensearch-local.sh: one node on 127.0.0.1, everything under $dir.
cluster.name: weft-local
node.name: weft-local-1
path.data: $dir/data
path.logs: $dir/logs
network.host: 127.0.0.1
http.port: $port
transport.port: $transport_port
discovery.type: single-node
EOF
if [[ "$watermarks" == false ]]; then
  echo "cluster.routing.allocation.disk.threshold_enabled: false" >> "$dir/config/opensearch.yml"
fi

run=()
if [[ "$(id -u)" == 0 ]]; then
  uid="$(id -u "$user")"
  gid="$(id -g "$user")"
  chown -R "$uid:$gid" "$dir"
  if ! setpriv --reuid="$uid" --regid="$gid" --clear-groups -- test -x "$dir"; then
    echo "opensearch-local: user $user cannot reach $dir (a parent folder is closed to it); choose another --dir" >&2
    exit 2
  fi
  # setpriv execs (no fork), so the process started below is the node's JVM itself.
  run=(setpriv --reuid="$uid" --regid="$gid" --clear-groups --)
fi

echo "opensearch-local: starting on 127.0.0.1:$port, data in $dir (log: $dir/logs/weft-local.log)" >&2
cd "$dir"
"${run[@]}" env -i PATH="/usr/bin:/bin" HOME="$dir" OPENSEARCH_JAVA_HOME="$java_home" \
  OPENSEARCH_PATH_CONF="$dir/config" OPENSEARCH_TMPDIR="$dir/tmp" \
  OPENSEARCH_JAVA_OPTS="-Xms$heap -Xmx$heap" \
  "$home/bin/opensearch" >> "$dir/logs/stdout.log" 2>&1 &
node=$!
# Signals to this script go to the node; the script ends when the node does.
trap 'kill -TERM "$node" 2>/dev/null' TERM INT HUP

deadline=$((SECONDS + 180))
until curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$port/_cluster/health?wait_for_status=yellow&timeout=1s" 2>/dev/null; do
  if ! kill -0 "$node" 2>/dev/null; then
    echo "opensearch-local: the node exited while starting; last lines of $dir/logs/stdout.log:" >&2
    tail -n 30 "$dir/logs/stdout.log" >&2
    wait "$node" || exit $?
    exit 1
  fi
  if (( SECONDS > deadline )); then
    echo "opensearch-local: not ready after 180 s; see $dir/logs" >&2
    kill -TERM "$node"
    exit 1
  fi
  sleep 0.3
done
echo "opensearch-local: ready on http://127.0.0.1:$port (pid $node)"
status=0
wait "$node" || status=$?
# A trapped signal interrupts the first wait; wait again for the node's own exit.
while kill -0 "$node" 2>/dev/null; do wait "$node" || status=$?; done
exit "$status"
