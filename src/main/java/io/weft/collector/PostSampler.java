package io.weft.collector;

import io.weft.model.TraceId;

/**
 * Keeps a fixed fraction of traces. The decision hashes the trace id, so every collector keeps or
 * drops all spans of a trace alike, without talking to each other.
 */
public final class PostSampler {
  private final long threshold;
  private final boolean keepAll;

  public PostSampler(double rate) {
    if (rate < 0 || rate > 1 || Double.isNaN(rate)) {
      throw new IllegalArgumentException("sampling rate must be in [0, 1], got " + rate);
    }
    keepAll = rate >= 1.0;
    threshold = (long) (rate * (double) Long.MAX_VALUE);
  }

  public boolean keep(TraceId id) {
    if (keepAll) {
      return true;
    }
    long h = (id.low() ^ (id.high() * 0x9E3779B97F4A7C15L)) * 0xBF58476D1CE4E5B9L;
    h ^= h >>> 31;
    return (h & Long.MAX_VALUE) < threshold;
  }
}
