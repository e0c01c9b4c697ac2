package io.weft.spanmetrics;

import java.util.Map;

/**
 * One admitted series on this node: its Prometheus counters since start, and what it counted per
 * time bucket since the last flush. Guarded by its own monitor; {@code removed} tells a writer that
 * found it in the map just as it expired to look again.
 */
final class Series {
  final SeriesKey key;
  double calls;
  final CumulativeHistogram duration = new CumulativeHistogram(CumulativeHistogram.SPANMETRICS_MS);
  final Pending<Cell> pending = new Pending<>();
  long lastSeenMs;
  boolean removed;

  Series(SeriesKey key) {
    this.key = key;
  }

  void add(long bucket, long durationMicros, double weight, long nowMs) {
    calls += weight;
    duration.add(durationMicros / 1000.0, weight);
    Cell c = pending.get(bucket);
    if (c == null) {
      c = new Cell();
      pending.put(bucket, c);
    }
    c.add(durationMicros, weight);
    lastSeenMs = nowMs;
  }

  /** Moves the pending cells into {@code into} (bucket start -> series -> cell). */
  void drainTo(Map<Long, Map<SeriesKey, Cell>> into) {
    pending.drain((bucket, cell) -> into.computeIfAbsent(bucket, b -> new java.util.LinkedHashMap<>()).put(key, cell));
  }
}
