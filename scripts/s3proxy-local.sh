#!/usr/bin/env bash
# A local S3 API (s3proxy 3.0.0 over a folder) for trying Weft's cold tier without a cloud account:
# the jar comes from Maven Central once (scripts/s3proxy/pom.xml, cached under target/s3proxy/), and
# s3proxy runs in the foreground in a JVM of its own, bound to 127.0.0.1 only. Ctrl-C stops it.
#
#   scripts/s3proxy-local.sh                          # S3 on http://127.0.0.1:9000, objects in ./data/s3
#   scripts/s3proxy-local.sh --port 19000 --dir /tmp/s3 --bucket traces
#   weft --cold.type=s3 --cold.s3.endpoint=http://127.0.0.1:9000 --cold.s3.bucket=traces \
#        --cold.s3.access-key=weft --cold.s3.secret-key=weft-secret
#
# Weft's tests start their server through this script too, so both stay in step.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
dir="$repo/data/s3"
port=9000
bucket=traces
identity=weft
credential=weft-secret

while [[ $# -gt 0 ]]; do
  case "$1" in
    --dir) dir="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --bucket) bucket="$2"; shift 2 ;;
    --identity) identity="$2"; shift 2 ;;
    --credential) credential="$2"; shift 2 ;;
    -h|--help) sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      echo "Options: --dir DIR (objects; kept across runs), --port N, --bucket NAME (created), --identity, --credential"
      exit 0 ;;
    *) echo "s3proxy-local: unknown option $1" >&2; exit 2 ;;
  esac
done

cache="${WEFT_S3PROXY_CACHE:-$repo/target/s3proxy}"
jar="$cache/s3proxy.jar"
if [[ ! -s "$jar" ]]; then
  mkdir -p "$cache"
  echo "s3proxy-local: fetching s3proxy from Maven Central (once)..." >&2
  mvn -q -B -f "$here/s3proxy/pom.xml" dependency:copy -DoutputDirectory="$cache" >&2
fi

mkdir -p "$dir/$bucket"   # a folder under the base directory is a bucket
dir="$(cd "$dir" && pwd)"
conf="$cache/s3proxy-$port.conf"
cat > "$conf" <<CONF
s3proxy.endpoint=http://127.0.0.1:$port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$identity
s3proxy.credential=$credential
s3proxy.ignore-unknown-headers=true
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=$dir
jclouds.identity=$identity
jclouds.credential=$credential
CONF
echo "s3proxy-local: S3 on http://127.0.0.1:$port, bucket $bucket, objects under $dir" >&2
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$java" -Xmx256m -XX:TieredStopAtLevel=1 -DLOG_LEVEL=warn \
  -Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener -jar "$jar" --properties "$conf"
