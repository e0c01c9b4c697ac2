package io.weft.sampling.tail;

import io.vertx.core.Vertx;
import io.weft.config.ConfigException;
import io.weft.config.Options;
import io.weft.config.WeftConfig;
import io.weft.metrics.WeftMetrics;
import java.nio.file.Path;

/**
 * Tail sampling on one node: the policy file in force (watched), the metrics and the one buffer
 * ({@link TailSampler}) that whichever role decides here (the collector without Kafka, else the
 * ingester) fills.
 */
public final class TailSampling {
  private final TailPolicies policies;
  private final TailMetrics metrics;
  private final TailSampler sampler;
  private final long reloadMs;
  private long watch = -1;

  private TailSampling(TailPolicies policies, TailMetrics metrics, long reloadMs) {
    this.policies = policies;
    this.metrics = metrics;
    this.sampler = new TailSampler(policies::current, metrics);
    this.reloadMs = reloadMs;
  }

  /** Null without a policy file. Reads the file now (blocking): a bad one fails the node with line and reason. */
  public static TailSampling from(WeftConfig c, WeftMetrics metrics) {
    String file = c.get(Options.TAIL_POLICY_FILE).trim();
    if (file.isEmpty()) {
      return null;
    }
    long reload = c.getMicros(Options.TAIL_RELOAD) / 1000;
    // Under tenancy each trace is a tenant's: its decision counters carry the tenant.
    TailMetrics m = new TailMetrics(metrics, io.weft.tenant.TenancySettings.from(c).enabled());
    try {
      return new TailSampling(TailPolicies.load(Path.of(file), m), m, reload);
    } catch (IllegalStateException e) {
      throw new ConfigException(Options.TAIL_POLICY_FILE.name() + ": " + e.getMessage());
    }
  }

  public TailSampler sampler() {
    return sampler;
  }

  public TailMetrics metrics() {
    return metrics;
  }

  public TailPolicies policies() {
    return policies;
  }

  /** Starts re-reading the file when it changes. */
  public void watch(Vertx vertx) {
    if (watch < 0) {
      watch = policies.watch(vertx, reloadMs);
    }
  }

  public void stop(Vertx vertx) {
    vertx.cancelTimer(watch);
  }
}
