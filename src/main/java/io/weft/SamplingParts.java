package io.weft;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.weft.cluster.Assignment;
import io.weft.cluster.ClusterNode;
import io.weft.cluster.ClusterSamplingStore;
import io.weft.cluster.CrashLossLedger;
import io.weft.metrics.WeftMetrics;
import io.weft.role.Role;
import io.weft.sampling.adaptive.AdaptiveSampling;
import io.weft.sampling.adaptive.AdaptiveSettings;
import io.weft.sampling.adaptive.LeaderLease;
import io.weft.sampling.adaptive.MemorySamplingStore;
import io.weft.sampling.adaptive.SamplingStore;
import io.weft.sampling.tail.TailSampling;
import io.weft.sampling.tail.TailSamplingWriter;
import io.weft.storage.SpanStore;
import io.weft.storage.SpanWriter;
import io.weft.storage.cassandra.CassandraSamplingStore;
import io.weft.storage.cassandra.CassandraSpanStore;
import java.lang.management.ManagementFactory;

/**
 * Sampling's node-level parts for the wiring table. Adaptive sampling keeps its state where spans are
 * kept: Cassandra's tables with Cassandra; Hazelcast maps in a cluster with in-memory storage; memory
 * alone. Its leader lease is Hazelcast's when clustered (a dead leader is seen within a second),
 * else Cassandra's (shared by unclustered nodes), else none needed. Tail sampling decides on the
 * collectors when they store directly, on the ingesters behind Kafka.
 */
final class SamplingParts {
  final AdaptiveSampling adaptive;
  final TailSampling tail;
  final TailSamplingWriter tailWriter;
  private final CrashLossLedger ledger;

  SamplingParts(Vertx vertx, WeftMetrics metrics, AdaptiveSettings adaptiveSettings, TailSampling tail,
      SpanStore store, ClusterNode cluster, java.util.function.Function<String, SpanWriter> storeWriters,
      boolean viaKafka, long timeoutMs, boolean perTenant) {
    this.adaptive = adaptiveSettings == null ? null : adaptive(metrics, adaptiveSettings, store, cluster, perTenant);
    this.tail = tail;
    this.tailWriter = tail == null || viaKafka ? null
        : new TailSamplingWriter(vertx, tail, storeWriters, cluster == null ? null : cluster.memberId(), timeoutMs);
    if (tail != null) {
      tail.watch(vertx);
    }
    // Clustered collectors buffering spans: a crash's loss is counted by the members that stay.
    this.ledger = tailWriter == null || cluster == null ? null : cluster.crashLossLedger();
    if (ledger != null) {
      ledger.start(tail.sampler()::spans, tail.metrics()::lostOnCrash);
    }
  }

  /**
   * Under tenancy ({@code perTenant}) throughput and probabilities are keyed by tenant and service, in
   * the node's own sampling store (the base keyspace with Cassandra), so each tenant's are its own.
   */
  private static AdaptiveSampling adaptive(WeftMetrics metrics, AdaptiveSettings s, SpanStore store,
      ClusterNode cluster, boolean perTenant) {
    long ttl = s.throughputTtlMs();
    SamplingStore data;
    LeaderLease lease;
    ClusterSamplingStore clustered = cluster == null ? null : cluster.samplingStore(ttl);
    if (store instanceof CassandraSpanStore c) {
      CassandraSamplingStore cs = c.samplingStore(ttl);
      data = cs;
      lease = clustered != null ? clustered : cs;
    } else if (clustered != null) {
      data = clustered;
      lease = clustered;
    } else {
      MemorySamplingStore m = new MemorySamplingStore(ttl);
      data = m;
      lease = m;
    }
    String host = cluster != null ? cluster.memberId() : ManagementFactory.getRuntimeMXBean().getName();
    return new AdaptiveSampling(s, host, data, lease, metrics, perTenant);
  }

  /** Clustered: the collectors of the plan own traces for tail sampling. */
  void plan(Assignment plan) {
    if (tailWriter != null) {
      tailWriter.owners(plan.holders(Role.COLLECTOR));
    }
  }

  /** Decides and writes what the tail buffer holds; before the store closes. */
  Future<Void> close(Vertx vertx) {
    if (tail != null) {
      tail.stop(vertx);
    }
    Future<Void> decided = tailWriter == null ? Future.succeededFuture() : tailWriter.close();
    return ledger == null ? decided : decided.eventually(ledger::stop);
  }
}
