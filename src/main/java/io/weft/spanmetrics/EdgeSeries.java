package io.weft.spanmetrics;

import java.util.Map;

/** One service-graph edge on this node, as {@link Series} is for span series. */
final class EdgeSeries {
  final EdgeKey key;
  double calls;
  double failed;
  final CumulativeHistogram server = new CumulativeHistogram(CumulativeHistogram.SERVICE_GRAPH_S);
  final CumulativeHistogram client = new CumulativeHistogram(CumulativeHistogram.SERVICE_GRAPH_S);
  final Pending<EdgeCell> pending = new Pending<>();
  long lastSeenMs;
  boolean removed;

  EdgeSeries(EdgeKey key) {
    this.key = key;
  }

  void add(long bucket, long serverMicros, long clientMicros, boolean fail, double weight, long nowMs) {
    calls += weight;
    if (fail) {
      failed += weight;
    }
    server.add(serverMicros / 1e6, weight);
    client.add(clientMicros / 1e6, weight);
    EdgeCell c = pending.get(bucket);
    if (c == null) {
      c = new EdgeCell();
      pending.put(bucket, c);
    }
    c.add(serverMicros, fail, weight);
    lastSeenMs = nowMs;
  }

  void drainTo(Map<Long, Map<EdgeKey, EdgeCell>> into) {
    pending.drain((bucket, cell) -> into.computeIfAbsent(bucket, b -> new java.util.LinkedHashMap<>()).put(key, cell));
  }
}
