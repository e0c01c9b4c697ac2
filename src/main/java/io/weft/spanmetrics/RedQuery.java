package io.weft.spanmetrics;

import io.weft.model.SpanKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;

/**
 * Request rate, error ratio and latency quantiles over time from stored buckets, with the meaning
 * of Jaeger's metrics API over Prometheus: points every {@code step} from {@code end - lookback} to
 * {@code end}; at point t, the calls of the window (t - ratePer, t] per second, the errors among
 * them as a fraction, and a quantile of their latency in milliseconds.
 *
 * <p>Buckets are whole: the window takes the buckets that ended inside it, and ratePer is rounded
 * up to whole buckets (at least one), which is also the divisor, so a rate is exact for the
 * buckets it covers. A bucket still in progress at t is not in t's window. A window without calls
 * has a rate of 0 and NaN for the error ratio and latencies (0 / 0, as Prometheus answers).
 * Windows slide: counts by prefix sums, latency sketches by adding the bucket that enters and
 * subtracting the one that leaves.
 */
public final class RedQuery {
  /** A query; {@code operations} false groups by service only; {@code kinds} filters series by span kind. */
  public record Params(List<String> services, boolean groupByOperation, Set<SpanKind> kinds, long endMs, long lookbackMs,
      long stepMs, long ratePerMs, double[] quantiles) {}

  /** One group's points: rates, error ratios, and per requested quantile its latencies (ms). */
  public record Group(String service, String operation, double[] callRate, double[] errorRatio, double[][] latencyMs) {}

  public record Result(long[] timestamps, List<Group> groups) {}

  private RedQuery() {}

  /** The window of each point, whole buckets. */
  public static long windowMs(long ratePerMs, long bucketMs) {
    long n = Math.max(1, (ratePerMs + bucketMs - 1) / bucketMs);
    return n * bucketMs;
  }

  /** The earliest bucket start the query needs (reads may start here), and the end (exclusive). */
  public static long firstBucket(Params p, long bucketMs) {
    long t0 = p.endMs - p.lookbackMs;
    return Math.floorDiv(t0 - windowMs(p.ratePerMs, bucketMs), bucketMs) * bucketMs;
  }

  public static long[] timestamps(Params p) {
    long t0 = p.endMs - p.lookbackMs;
    int n = (int) (p.lookbackMs / p.stepMs) + 1;
    long[] t = new long[n];
    for (int i = 0; i < n; i++) {
      t[i] = t0 + i * p.stepMs;
    }
    return t;
  }

  public static Result compute(Params p, long bucketMs, NavigableMap<Long, Map<SeriesKey, Cell>> buckets) {
    long[] ts = timestamps(p);
    long w = windowMs(p.ratePerMs, bucketMs);
    long first = firstBucket(p, bucketMs);
    long last = Math.floorDiv(ts[ts.length - 1], bucketMs) * bucketMs - bucketMs; // ends by the last point
    int nb = (int) Math.max(0, (last - first) / bucketMs + 1);
    boolean latency = p.quantiles.length > 0;
    Map<List<String>, Acc> groups = new LinkedHashMap<>();
    Set<String> wanted = new java.util.HashSet<>(p.services);
    for (Map.Entry<Long, Map<SeriesKey, Cell>> b : buckets.subMap(first, true, last, true).entrySet()) {
      int i = (int) ((b.getKey() - first) / bucketMs);
      for (Map.Entry<SeriesKey, Cell> e : b.getValue().entrySet()) {
        SeriesKey k = e.getKey();
        if (!wanted.contains(k.service()) || !p.kinds.contains(k.kind())) {
          continue;
        }
        List<String> g = p.groupByOperation ? List.of(k.service(), k.operation()) : List.of(k.service());
        Acc a = groups.computeIfAbsent(g, x -> new Acc(nb, latency));
        double c = e.getValue().calls();
        a.calls[i + 1] += c;
        if (k.isError()) {
          a.errors[i + 1] += c;
        }
        if (latency) {
          if (a.sketches[i] == null) {
            a.sketches[i] = new LatencySketch();
          }
          a.sketches[i].merge(e.getValue().latency());
        }
      }
    }
    List<Group> out = new ArrayList<>(groups.size());
    double seconds = w / 1000.0;
    for (Map.Entry<List<String>, Acc> g : groups.entrySet()) {
      Acc a = g.getValue();
      for (int i = 1; i <= nb; i++) {
        a.calls[i] += a.calls[i - 1];
        a.errors[i] += a.errors[i - 1];
      }
      double[] rate = new double[ts.length];
      double[] ratio = new double[ts.length];
      double[][] lat = new double[p.quantiles.length][ts.length];
      LatencySketch window = latency ? new LatencySketch() : null;
      int curLo = 0;
      int curHi = -1; // window holds buckets [curLo, curHi]
      for (int k = 0; k < ts.length; k++) {
        long t = ts[k];
        long loStart = Math.floorDiv(t - w - bucketMs, bucketMs) * bucketMs + bucketMs;
        long hiStart = Math.floorDiv(t - bucketMs, bucketMs) * bucketMs;
        int lo = (int) Math.max(0, (loStart - first) / bucketMs);
        int hi = (int) Math.min(nb - 1, (hiStart - first) / bucketMs);
        double calls = hi < lo ? 0 : a.calls[hi + 1] - a.calls[lo];
        double errors = hi < lo ? 0 : a.errors[hi + 1] - a.errors[lo];
        calls = Math.abs(calls) < 1e-9 ? 0 : calls;
        rate[k] = calls / seconds;
        ratio[k] = calls == 0 ? Double.NaN : errors / calls;
        if (latency) {
          if (lo > curHi || hi < curLo) {
            window = new LatencySketch();
            for (int i = lo; i <= hi; i++) {
              add(window, a.sketches, i);
            }
          } else {
            for (int i = curLo; i < lo; i++) {
              sub(window, a.sketches, i);
            }
            for (int i = curHi + 1; i <= hi; i++) {
              add(window, a.sketches, i);
            }
          }
          curLo = lo;
          curHi = hi;
          for (int q = 0; q < p.quantiles.length; q++) {
            lat[q][k] = calls == 0 ? Double.NaN : window.quantile(p.quantiles[q]) / 1000.0;
          }
        }
      }
      List<String> key = g.getKey();
      out.add(new Group(key.get(0), key.size() > 1 ? key.get(1) : null, rate, ratio, lat));
    }
    out.sort(Comparator.comparing(Group::service).thenComparing(x -> x.operation() == null ? "" : x.operation()));
    return new Result(ts, out);
  }

  private static void add(LatencySketch window, LatencySketch[] s, int i) {
    if (i >= 0 && i < s.length && s[i] != null) {
      window.merge(s[i]);
    }
  }

  private static void sub(LatencySketch window, LatencySketch[] s, int i) {
    if (i >= 0 && i < s.length && s[i] != null) {
      window.subtract(s[i]);
    }
  }

  /** Per group, per bucket: prefix sums of calls and errors (index i + 1 holds bucket i), and latency sketches. */
  private static final class Acc {
    final double[] calls;
    final double[] errors;
    final LatencySketch[] sketches;

    Acc(int buckets, boolean latency) {
      calls = new double[buckets + 1];
      errors = new double[buckets + 1];
      sketches = latency ? new LatencySketch[buckets] : null;
    }
  }
}
