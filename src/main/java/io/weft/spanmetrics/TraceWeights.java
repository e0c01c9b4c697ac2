package io.weft.spanmetrics;

import io.weft.model.Span;
import io.weft.model.TraceId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Each span's adjusted count ({@link HeadSampling}); a span that says nothing takes the count of a
 * span of its trace that did, in the same batch or recently on this node (Jaeger's sampler tags sit
 * on the root span only), else 1. The recent counts sit in a small direct-mapped cache (a later
 * trace may take an earlier one's slot: the cost of a miss is a count of 1). Thread-safe: a slot is
 * one immutable record.
 */
final class TraceWeights {
  private static final int SLOTS = 1 << 14;

  private final Recent[] recent = new Recent[SLOTS];

  private record Recent(TraceId trace, double weight) {}

  /** Per span of the batch: its own adjusted count, else its trace's (this batch, then recent ones), else 1. */
  double[] of(List<Span> batch) {
    double[] w = new double[batch.size()];
    Map<TraceId, Double> inBatch = null;
    boolean missing = false;
    for (int i = 0; i < w.length; i++) {
      Span s = batch.get(i);
      w[i] = HeadSampling.adjustedCount(s);
      if (w[i] > 0) {
        if (inBatch == null) {
          inBatch = new HashMap<>();
        }
        inBatch.put(s.traceId(), w[i]);
        if (w[i] != 1) {
          recent[slot(s.traceId())] = new Recent(s.traceId(), w[i]);
        }
      } else {
        missing = true;
      }
    }
    if (missing) {
      for (int i = 0; i < w.length; i++) {
        if (w[i] == 0) {
          TraceId t = batch.get(i).traceId();
          Double b = inBatch == null ? null : inBatch.get(t);
          Recent cached = t == null ? null : recent[slot(t)];
          w[i] = b != null ? b : cached != null && cached.trace.equals(t) ? cached.weight : 1;
        }
      }
    }
    return w;
  }

  private static int slot(TraceId t) {
    if (t == null) {
      return 0;
    }
    long h = (t.low() ^ t.high()) * 0x9E3779B97F4A7C15L;
    return (int) (h >>> 50) & (SLOTS - 1);
  }
}
