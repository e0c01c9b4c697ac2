package io.weft.spanmetrics;

import io.weft.model.SpanKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;

/**
 * Whole-window figures per service, operation or edge: the buckets that ended in (end - window,
 * end], window rounded up to whole buckets as {@link RedQuery} does, summed.
 */
public final class WindowTotals {
  /** One group's calls, errors and latency over the window; {@code seconds} is the time the window covers. */
  public record Totals(String service, String operation, double calls, double errors, LatencySketch latency,
      double seconds) {
    public double callRate() {
      return calls / seconds;
    }

    /** Errors among calls, NaN without calls. */
    public double errorRatio() {
      return calls == 0 ? Double.NaN : errors / calls;
    }

    public double quantileMs(double q) {
      return latency.quantile(q) / 1000.0;
    }

    /** Time spent in this group per second of the window, ms/s: its weight in the service's work. */
    public double busyMsPerSecond() {
      return latency.sum() / 1000.0 / seconds;
    }
  }

  public record EdgeTotals(EdgeKey edge, double calls, double failed, LatencySketch latency, double seconds) {
    public double callRate() {
      return calls / seconds;
    }

    public double errorRatio() {
      return calls == 0 ? Double.NaN : failed / calls;
    }
  }

  private WindowTotals() {}

  /** The first and last bucket start (inclusive) of the window ending at {@code endMs}. */
  public static long[] range(long endMs, long windowMs, long bucketMs) {
    long w = RedQuery.windowMs(windowMs, bucketMs);
    long last = Math.floorDiv(endMs, bucketMs) * bucketMs - bucketMs;
    return new long[] {last - w + bucketMs, last, w};
  }

  public static List<Totals> of(NavigableMap<Long, Map<SeriesKey, Cell>> buckets, Set<SpanKind> kinds,
      boolean byOperation, long endMs, long windowMs, long bucketMs) {
    long[] r = range(endMs, windowMs, bucketMs);
    Map<List<String>, Object[]> acc = new LinkedHashMap<>();
    for (Map<SeriesKey, Cell> b : buckets.subMap(r[0], true, r[1], true).values()) {
      for (Map.Entry<SeriesKey, Cell> e : b.entrySet()) {
        SeriesKey k = e.getKey();
        if (!kinds.contains(k.kind())) {
          continue;
        }
        List<String> g = byOperation ? List.of(k.service(), k.operation()) : List.of(k.service());
        Object[] a = acc.computeIfAbsent(g, x -> new Object[] {new double[2], new LatencySketch()});
        double c = e.getValue().calls();
        ((double[]) a[0])[0] += c;
        if (k.isError()) {
          ((double[]) a[0])[1] += c;
        }
        ((LatencySketch) a[1]).merge(e.getValue().latency());
      }
    }
    List<Totals> out = new ArrayList<>(acc.size());
    for (Map.Entry<List<String>, Object[]> e : acc.entrySet()) {
      double[] n = (double[]) e.getValue()[0];
      out.add(new Totals(e.getKey().get(0), byOperation ? e.getKey().get(1) : null, n[0], n[1],
          (LatencySketch) e.getValue()[1], r[2] / 1000.0));
    }
    return out;
  }

  public static List<EdgeTotals> edges(NavigableMap<Long, Map<EdgeKey, EdgeCell>> buckets, long endMs, long windowMs,
      long bucketMs) {
    long[] r = range(endMs, windowMs, bucketMs);
    Map<EdgeKey, EdgeCell> acc = new LinkedHashMap<>();
    for (Map<EdgeKey, EdgeCell> b : buckets.subMap(r[0], true, r[1], true).values()) {
      for (Map.Entry<EdgeKey, EdgeCell> e : b.entrySet()) {
        acc.computeIfAbsent(e.getKey(), k -> new EdgeCell()).merge(e.getValue());
      }
    }
    List<EdgeTotals> out = new ArrayList<>(acc.size());
    acc.forEach((k, c) -> out.add(new EdgeTotals(k, c.calls(), c.failed(), c.latency(), r[2] / 1000.0)));
    return out;
  }
}
