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
  private volatile boolean leader;
  private volatile AdaptiveEngine engine;

  public AdaptiveSampling(AdaptiveSettings settings, String hostId, SamplingStore store, LeaderLease lease,
      WeftMetrics metrics) {
    this.settings = settings;
    this.hostId = hostId;
    this.store = store;
    this.lease = lease;
    this.strategies = new AdaptiveStrategies(settings, store);
    this.counter = new ThroughputCounter(settings.countUntaggedRoots(), strategies::served);
    this.metrics = new AdaptiveMetrics(metrics, settings, () -> leader, counter);
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
    return new SpanWriter() {
      @Override
      public Future<Void> write(List<Span> spans) {
        counter.record(spans);
        return inner.write(spans);
      }
    };
  }
}
