package io.weft.sampling.tail;

import io.weft.model.Span;
import io.weft.model.TraceId;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs the policies over a whole trace (drop rules win over keep rules) and remembers the decision in
 * bounded caches of kept and dropped ids, so that spans arriving later follow it.
 */
final class TraceDecider {
  private final Supplier<TailConfig> config;
  private final TailMetrics metrics;
  private final DecisionCache kept;
  private final DecisionCache dropped;

  TraceDecider(Supplier<TailConfig> config, TailMetrics metrics) {
    this.config = config;
    this.metrics = metrics;
    TailConfig c = config.get();
    this.kept = new DecisionCache(c.sampledCacheSize());
    this.dropped = new DecisionCache(c.notSampledCacheSize());
  }

  /** Follows the cache sizes of the configuration in force (policies are reloaded). */
  void resize(TailConfig c) {
    kept.resize(c.sampledCacheSize());
    dropped.resize(c.notSampledCacheSize());
  }

  /** A remembered decision: true kept, false dropped, null none. */
  Boolean cached(TraceId id) {
    return kept.contains(id) ? Boolean.TRUE : dropped.contains(id) ? Boolean.FALSE : null;
  }

  /** Decides the trace {@code id} of these spans, counts and remembers it; whether it is kept. */
  boolean decide(TraceId id, List<Span> spans, long nowNanos) {
    TraceView view = new TraceView(id, spans);
    boolean keep = false;
    boolean drop = false;
    for (Policy p : config.get().policies()) {
      Policy.Decision d = p.evaluate(view, nowNanos);
      metrics.policy(p.name(), d);
      keep |= d == Policy.Decision.SAMPLED;
      drop |= d == Policy.Decision.DROPPED;
    }
    keep &= !drop; // drop rules win
    (keep ? kept : dropped).add(id);
    metrics.decided(keep, spans.size());
    return keep;
  }
}
