package io.weft.sampling.adaptive;

import io.vertx.core.Future;
import io.weft.metrics.WeftMetrics;
import io.weft.model.Span;
import io.weft.storage.SpanWriter;
import java.util.List;

/**
 * Adaptive sampling on one node: the parts that live as long as the node (the sampling store and
 * lease, the throughput counter, the strategies served, the metrics), and the engine a collector
 * deployment runs ({@link #newEngine()}; the collector role may come and go on a clustered node).
 */
public final class AdaptiveSampling {
  private final AdaptiveSettings settings;
  private final String hostId;
  private final SamplingStore store;
  private final LeaderLease lease;
  private final ThroughputCounter counter;
  private final AdaptiveStrategies strategies;
  private final AdaptiveMetrics metrics;
  private final TenantKeys keys;
  private volatile boolean leader;
  private volatile AdaptiveEngine engine;

  public AdaptiveSampling(AdaptiveSettings settings, String hostId, SamplingStore store, LeaderLease lease,
      WeftMetrics metrics) {
    this(settings, hostId, store, lease, metrics, false);
  }

  /** {@code perTenant} (tenancy on): each tenant's services are counted, calculated and served apart. */
  public AdaptiveSampling(AdaptiveSettings settings, String hostId, SamplingStore store, LeaderLease lease,
      WeftMetrics metrics, boolean perTenant) {
    this.settings = settings;
    this.hostId = hostId;
    this.store = store;
    this.lease = lease;
    this.keys = new TenantKeys(perTenant);
    this.strategies = new AdaptiveStrategies(settings, store, keys);
    this.counter = new ThroughputCounter(settings.countUntaggedRoots(), strategies::served);
    this.metrics = new AdaptiveMetrics(metrics, settings, () -> leader, counter, keys);
    lease.onHolderGone(() -> {
      AdaptiveEngine e = engine;
      if (e != null) {
        e.holderGone();
      }
    });
  }

  public AdaptiveSettings settings() {
    return settings;
  }

  public AdaptiveStrategies strategies() {
    return strategies;
  }

  public boolean isLeader() {
    return leader;
  }

  void leader(boolean now) {
    leader = now;
  }

  /** A new engine for a collector deployment (flushes, calculates when leading). */
  public AdaptiveEngine newEngine() {
    AdaptiveEngine e = new AdaptiveEngine(this, hostId, store, lease, counter, strategies, metrics);
    engine = e;
    return e;
  }

  /** The intake layer: counts root spans of every accepted batch, then passes it on unchanged. */
  public SpanWriter counting(SpanWriter inner) {
    return counting(io.weft.tenant.TenancySettings.IMPLICIT, inner);
  }

  /** The intake layer of one tenant's spans: counted as that tenant's (under tenancy), passed on unchanged. */
  public SpanWriter counting(String tenant, SpanWriter inner) {
    return new SpanWriter() {
      @Override
      public Future<Void> write(List<Span> spans) {
        counter.record(keys, tenant, spans);
        return inner.write(spans);
      }
    };
  }
}
