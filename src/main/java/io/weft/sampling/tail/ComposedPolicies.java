package io.weft.sampling.tail;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Policies that count per second or combine others. They are called under the sampler's lock, one
 * trace at a time, so their counters need no locking of their own.
 */
final class ComposedPolicies {
  private ComposedPolicies() {}

  /**
   * {@code rate_limiting}: at most {@code traces_per_second} traces kept per second per service (the
   * root span's) of each tenant, a token bucket holding one second's worth. (OpenTelemetry's counts
   * spans over all services; Weft's counts traces per service, and tenants never share a budget.)
   */
  static final class RateLimiting implements Policy {
    private final String name;
    private final double perSecond;
    private final Map<String, double[]> buckets = new HashMap<>(); // tenant NUL service -> {tokens, last refill nanos}

    RateLimiting(String name, double perSecond) {
      this.name = name;
      this.perSecond = perSecond;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Decision evaluate(TraceView t, long nowNanos) {
      double[] b = buckets.computeIfAbsent(t.tenant() + '\u0000' + t.rootService(),
          k -> new double[] {perSecond, nowNanos});
      b[0] = Math.min(perSecond, b[0] + (nowNanos - (long) b[1]) / 1e9 * perSecond);
      b[1] = nowNanos;
      if (b[0] >= 1) {
        b[0] -= 1;
        return Decision.SAMPLED;
      }
      return Decision.NOT_SAMPLED;
    }
  }

  /** {@code and}: kept when every sub-policy keeps it. */
  record And(String name, List<Policy> subs) implements Policy {
    @Override
    public Decision evaluate(TraceView t, long nowNanos) {
      for (Policy p : subs) {
        if (p.evaluate(t, nowNanos) != Decision.SAMPLED) {
          return Decision.NOT_SAMPLED;
        }
      }
      return Decision.SAMPLED;
    }
  }

  /** {@code drop}: when every sub-policy matches, the trace is dropped, whatever any other policy says. */
  record Drop(String name, List<Policy> subs) implements Policy {
    @Override
    public Decision evaluate(TraceView t, long nowNanos) {
      for (Policy p : subs) {
        if (p.evaluate(t, nowNanos) != Decision.SAMPLED) {
          return Decision.NOT_SAMPLED;
        }
      }
      return Decision.DROPPED;
    }
  }

  /**
   * {@code composite}: sub-policies tried in {@code policy_order}; the first that keeps the trace
   * keeps it if its share ({@code rate_allocation} percent) of {@code max_total_spans_per_second}
   * has room this second; sub-policies without an allocation share what the allocations leave. Each
   * tenant has the whole budget: one tenant's traffic never takes another's share.
   */
  static final class Composite implements Policy {
    private final String name;
    private final List<Policy> ordered;
    private final long[] budget; // spans per second per sub-policy
    private final Map<String, Used> usedByTenant = new HashMap<>();

    /** A tenant's spans kept this second, per sub-policy. */
    private static final class Used {
      long second = Long.MIN_VALUE;
      final long[] spans;

      Used(int n) {
        spans = new long[n];
      }
    }

    Composite(String name, List<Policy> ordered, long maxTotal, Map<String, Double> percentByPolicy) {
      this.name = name;
      this.ordered = ordered;
      this.budget = new long[ordered.size()];
      double allocated = percentByPolicy.values().stream().mapToDouble(Double::doubleValue).sum();
      long rest = Math.max(0, Math.round(maxTotal * (100 - allocated) / 100));
      for (int i = 0; i < ordered.size(); i++) {
        Double pct = percentByPolicy.get(ordered.get(i).name());
        budget[i] = pct == null ? rest : Math.round(maxTotal * pct / 100);
      }
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Decision evaluate(TraceView t, long nowNanos) {
      long s = nowNanos / 1_000_000_000L;
      Used u = usedByTenant.computeIfAbsent(t.tenant(), k -> new Used(ordered.size()));
      if (s != u.second) {
        u.second = s;
        java.util.Arrays.fill(u.spans, 0);
      }
      long[] used = u.spans;
      int spans = t.spans().size();
      for (int i = 0; i < ordered.size(); i++) {
        if (ordered.get(i).evaluate(t, nowNanos) == Decision.SAMPLED && used[i] + spans <= budget[i]) {
          used[i] += spans;
          return Decision.SAMPLED;
        }
      }
      return Decision.NOT_SAMPLED;
    }
  }
}
