package io.weft.spanmetrics;

import java.util.List;
import java.util.Map;

/**
 * One flush of one node's aggregation: what it counted since its previous flush, per time bucket.
 * {@code writer} names the node (one per process start) and {@code seq} numbers its flushes, so a
 * store that is handed the same delta twice (a retried write, a redelivered Kafka record) can tell.
 */
public record Delta(String writer, long seq, long stepMs, List<Bucket> buckets) {

  /** The series and edges of one bucket, which starts at {@code startMs} and lasts the step. */
  public record Bucket(long startMs, Map<SeriesKey, Cell> series, Map<EdgeKey, EdgeCell> edges) {}

  public String id() {
    return writer + "/" + seq;
  }

  public boolean isEmpty() {
    for (Bucket b : buckets) {
      if (!b.series.isEmpty() || !b.edges.isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /** Weighted calls over every series: what losing this delta would lose. */
  public double calls() {
    double n = 0;
    for (Bucket b : buckets) {
      for (Cell c : b.series.values()) {
        n += c.calls();
      }
    }
    return n;
  }
}
