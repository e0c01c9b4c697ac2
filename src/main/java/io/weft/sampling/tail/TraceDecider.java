package io.weft.sampling.tail;

import io.weft.model.Span;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs the policies over a whole trace (drop rules win over keep rules) and remembers the decision in
 * bounded caches of kept and dropped (tenant, trace id)s, so that spans arriving later follow it. Policies
 * see the tenant (per-second budgets are a tenant's); counters carry it under tenancy.
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
  Boolean cached(TailSampler.Key id) {
    return kept.contains(id) ? Boolean.TRUE : dropped.contains(id) ? Boolean.FALSE : null;
  }

  /** Decides the tenant's trace {@code id} of these spans, counts and remembers it; whether it is kept. */
  boolean decide(TailSampler.Key id, List<Span> spans, long nowNanos) {
    TraceView view = new TraceView(id.tenant(), id.id(), spans);
    boolean keep = false;
    boolean drop = false;
    for (Policy p : config.get().policies()) {
      Policy.Decision d = p.evaluate(view, nowNanos);
      metrics.policy(id.tenant(), p.name(), d);
      keep |= d == Policy.Decision.SAMPLED;
      drop |= d == Policy.Decision.DROPPED;
    }
    keep &= !drop; // drop rules win
    (keep ? kept : dropped).add(id);
    metrics.decided(id.tenant(), keep, spans.size());
    return keep;
  }
}
