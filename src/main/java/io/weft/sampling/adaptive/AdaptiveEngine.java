package io.weft.sampling.adaptive;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adaptive sampling on a collector (Jaeger's aggregator loop, post-aggregator and election
 * participant): at every interval boundary it flushes this node's throughput counts to the sampling
 * store; a moment later ({@link #calculationOffsetMs}) it reads every collector's counts of the interval that ended
 * {@code calculation-delay} ago into a new bucket. The node holding the lease then calculates and
 * stores the probabilities; the others re-read them. Every node keeps the buckets, so a new leader
 * calculates at once, starting from the last stored probabilities (Jaeger's new leader starts from
 * none). The lease is renewed every {@code leader-lease-refresh-interval}; followers try every
 * {@code follower-lease-refresh-interval}, and at once when the lease says its holder is gone.
 */
public final class AdaptiveEngine extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(AdaptiveEngine.class);

  private final AdaptiveSampling node;
  private final AdaptiveSettings s;
  private final String hostId;
  private final SamplingStore store;
  private final LeaderLease lease;
  private final ThroughputCounter counter;
  private final AdaptiveStrategies strategies;
  private final PostAggregator post;
  private final AdaptiveMetrics metrics;
  private volatile boolean leader;
  private volatile boolean seeded;
  /** When a member was last seen leaving (0: none since the last calculation that looked). */
  private volatile long memberLeftAtMs;
  private boolean stopped;
  private long lastChecked;
  private long flushTimer = -1;
  private long leaseTimer = -1;

  AdaptiveEngine(AdaptiveSampling node, String hostId, SamplingStore store, LeaderLease lease,
      ThroughputCounter counter, AdaptiveStrategies strategies, AdaptiveMetrics metrics) {
    this.node = node;
    this.s = node.settings();
    this.hostId = hostId;
    this.store = store;
    this.lease = lease;
    this.counter = counter;
    this.strategies = strategies;
    this.post = new PostAggregator(s);
    this.metrics = metrics;
  }

  public boolean isLeader() {
    return leader;
  }

  @Override
  public Future<?> start() {
    long interval = s.calculationIntervalMs();
    long boundary = System.currentTimeMillis() / interval * interval;
    lastChecked = boundary - s.delayMs();
    return initialize(lastChecked, 0)
        .compose(v -> strategies.reload().<Void>mapEmpty().otherwiseEmpty())
        .onComplete(ar -> {
          metrics.publish(strategies.latest());
          tryLease();
          scheduleFlush();
        });
  }

  /** Jaeger's {@code initializeThroughput}: the buckets already in the store, newest first, until one is empty. */
  private Future<Void> initialize(long end, int i) {
    if (i >= s.aggregationBuckets()) {
      return Future.succeededFuture();
    }
    long start = end - s.calculationIntervalMs();
    return store.getThroughput(start, end).compose(list -> {
      if (list.isEmpty()) {
        return Future.<Void>succeededFuture();
      }
      synchronized (post) {
        post.appendBucket(list, s.calculationIntervalMs(), end);
      }
      return initialize(start, i + 1);
    }, err -> {
      LOG.warn("adaptive sampling: cannot read past throughput: {}", err.toString());
      return Future.succeededFuture();
    });
  }

  /** The next flush at the next multiple of the interval, so every collector flushes the same interval. */
  private void scheduleFlush() {
    if (stopped) {
      return;
    }
    long interval = s.calculationIntervalMs();
    long now = System.currentTimeMillis();
    long next = (now / interval + 1) * interval;
    flushTimer = vertx.setTimer(Math.max(1, next - now), id -> {
      flush(next);
      vertx.setTimer(calculationOffsetMs(interval), id2 -> calculate(next));
      scheduleFlush();
    });
  }

  /**
   * How long after a boundary the calculation reads the interval's counts: long enough for every
   * collector's flush to land (they flush at the boundary, on clocks in step), short enough that the
   * new probabilities reach SDKs early in the next interval.
   */
  static long calculationOffsetMs(long intervalMs) {
    return Math.max(1, Math.min(5_000, intervalMs / 4));
  }

  private void flush(long boundary) {
    List<Throughput> counted = counter.flush();
    if (!counted.isEmpty()) {
      store.insertThroughput(counted, boundary).onFailure(err -> {
        metrics.storeFailures.increment();
        LOG.warn("adaptive sampling: cannot save throughput ({} operations): {}", counted.size(), err.toString());
      });
    }
  }

  /** Jaeger's {@code runCalculation}: a new bucket from the store; the leader calculates and saves. */
  private void calculate(long boundary) {
    if (stopped) {
      return;
    }
    long end = boundary - s.delayMs();
    long start = lastChecked;
    if (end <= start) {
      return;
    }
    if (flushesMayBeLate(end, System.currentTimeMillis())) {
      // Extend the interval in flight rather than count it short: lastChecked stays, so the next round
      // reads both intervals as one bucket (its QPS over their whole length), late flushes included.
      LOG.info("adaptive sampling: a member left; the interval ending {} is read with the next one", end);
      return;
    }
    store.getThroughput(start, end).onFailure(err -> {
      metrics.storeFailures.increment();
      LOG.warn("adaptive sampling: cannot read throughput: {}", err.toString());
    }).onSuccess(list -> {
      Probabilities result = null;
      synchronized (post) {
        post.prependBucket(list, end - start, end);
        lastChecked = end;
        if (leader && seeded) {
          result = post.calculate();
        }
      }
      if (result == null) {
        strategies.reload().onSuccess(metrics::publish);
        return;
      }
      metrics.calculations.increment();
      strategies.update(result);
      metrics.publish(result);
      store.insertProbabilities(hostId, result).onFailure(err -> {
        metrics.storeFailures.increment();
        LOG.warn("adaptive sampling: cannot save probabilities: {}", err.toString());
      });
    });
  }

  /**
   * A member left the cluster (the lease holder, maybe). Its death stalls writes to the partitions it
   * owned until their backups take over, so the flushes around that moment may land after the round
   * that reads them ({@link #flushesMayBeLate}). Then: try for the lease now rather than at the next
   * follower attempt.
   */
  void holderGone() {
    memberLeftAtMs = System.currentTimeMillis();
    if (!leader) {
      context.runOnContext(v -> tryLease());
    }
  }

  /**
   * Whether the round reading up to {@code end} should wait for the next: a member left within an
   * interval before that boundary was flushed or since, and the round reads it less than an interval
   * after it was flushed (a calculation delay of an interval or more leaves late flushes time to land).
   * Each node goes by when it saw the departure, so a follower that saw it a round later may extend a
   * later interval than the leader did; its buckets then differ by that round until it ages out.
   */
  boolean flushesMayBeLate(long end, long nowMs) {
    long left = memberLeftAtMs;
    if (left == 0) {
      return false;
    }
    memberLeftAtMs = 0;
    long interval = s.calculationIntervalMs();
    return end + interval > left && nowMs - end < interval;
  }

  private void tryLease() {
    if (stopped) {
      return;
    }
    vertx.cancelTimer(leaseTimer);
    lease.acquire(hostId, s.followerLeaseRefreshMs()).onComplete(ar -> {
      boolean now = ar.succeeded() && ar.result();
      if (ar.failed()) {
        LOG.warn("adaptive sampling: leader lease: {}", ar.cause().toString());
      }
      if (now != leader) {
        leader = now;
        node.leader(now);
        metrics.leaderChanges.increment();
        LOG.info("adaptive sampling: this node {} the leader", now ? "is now" : "is no longer");
        seeded = false;
        if (now) {
          // Continue from what the last leader stored, not from the initial probability.
          store.getLatestProbabilities().onComplete(p -> {
            synchronized (post) {
              post.seed(p.succeeded() ? p.result() : strategies.latest());
            }
            seeded = true;
          });
        }
      }
      if (!stopped) {
        leaseTimer = vertx.setTimer(leader ? s.leaderLeaseRefreshMs() : s.followerLeaseRefreshMs(), id -> tryLease());
      }
    });
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(flushTimer);
    vertx.cancelTimer(leaseTimer);
    // What was counted since the last boundary, stamped with the next one: the leader reads it then.
    flush((System.currentTimeMillis() / s.calculationIntervalMs() + 1) * s.calculationIntervalMs());
    boolean was = leader;
    leader = false;
    node.leader(false);
    return was ? lease.forfeit(hostId).otherwiseEmpty() : Future.succeededFuture();
  }
}
