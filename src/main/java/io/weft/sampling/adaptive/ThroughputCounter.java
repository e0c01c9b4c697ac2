package io.weft.sampling.adaptive;

import io.weft.model.Span;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counts root spans per service and operation between flushes, as Jaeger's aggregator does: a
 * root span tagged {@code sampler.type=probabilistic} counts; one sampled otherwise (lowerbound,
 * rate limiting, const) is recorded with no count, so the leader still learns the operation exists.
 * A root span without sampler tags (OpenTelemetry SDKs) counts as probabilistic at the rate Weft
 * serves for it, when {@code countUntagged} (the fix jaeger#6700 proposes); else it is ignored, as
 * in Jaeger. Called from every collector event loop: one short lock per span batch.
 */
public final class ThroughputCounter {
  /** The rate Weft serves now for a service's operation. */
  @FunctionalInterface
  public interface ServedRate {
    double of(String service, String operation);
  }

  private record Key(String service, String operation) {}

  private static final class Count {
    long count;
    final Set<String> probabilities = new HashSet<>(4);
  }

  private final boolean countUntagged;
  private final ServedRate served;
  private Map<Key, Count> current = new HashMap<>();
  private long roots;

  public ThroughputCounter(boolean countUntagged, ServedRate served) {
    this.countUntagged = countUntagged;
    this.served = served;
  }

  /** Looks at every span; only roots with a service and an operation name count. */
  public void record(List<Span> spans) {
    record(new TenantKeys(false), null, spans);
  }

  /**
   * Looks at a tenant's spans: each service counted under its key ({@link TenantKeys}: under tenancy,
   * {@code tenant/service}, so tenants' services of one name are counted, calculated and served apart).
   */
  public void record(TenantKeys keys, String tenant, List<Span> spans) {
    for (Span s : spans) {
      if (s.parentSpanId() != 0 || s.serviceName() == null || s.serviceName().isEmpty()
          || s.operationName().isEmpty()) {
        continue;
      }
      SamplerTags tags = SamplerTags.of(s);
      String service = keys.of(tenant, s.serviceName());
      switch (tags.type()) {
        case UNRECOGNIZED -> { }
        case UNTAGGED -> {
          if (countUntagged) {
            add(service, s.operationName(), true, served.of(service, s.operationName()));
          }
        }
        default -> add(service, s.operationName(), tags.type() == SamplerTags.Type.PROBABILISTIC, tags.param());
      }
    }
  }

  private synchronized void add(String service, String operation, boolean counts, double probability) {
    Count c = current.computeIfAbsent(new Key(service, operation), k -> new Count());
    if (c.probabilities.size() != Throughput.MAX_PROBABILITIES) {
      c.probabilities.add(Throughput.rate(probability));
    }
    if (counts) {
      c.count++;
    }
    roots++;
  }

  /** What was counted since the last flush; starts counting afresh. */
  public List<Throughput> flush() {
    Map<Key, Count> taken;
    synchronized (this) {
      taken = current;
      current = new HashMap<>();
    }
    List<Throughput> out = new ArrayList<>(taken.size());
    taken.forEach((k, c) -> out.add(new Throughput(k.service, k.operation, c.count, c.probabilities)));
    return out;
  }

  /** Root spans looked at so far (a metric). */
  public synchronized long roots() {
    return roots;
  }
}
