package io.weft;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.weft.cluster.Assignment;
import io.weft.cluster.ClusterNode;
import io.weft.config.WeftConfig;
import io.weft.metrics.WeftMetrics;
import io.weft.role.Role;
import io.weft.storage.ArchiveStore;
import io.weft.storage.SpanReader;
import io.weft.storage.SpanStore;
import io.weft.storage.SpanWriter;
import io.weft.storage.archive.SpreadArchive;
import io.weft.storage.memory.MemorySpanStore;
import io.weft.storage.spread.SpreadStore;
import io.weft.storage.tenant.TenantStores;
import io.weft.tenant.TenantResolver;
import java.util.List;
import java.util.Map;

/**
 * Where a node's traces live, the row below the store layers of {@link Wiring}: the backend as is (one
 * node, or a backend the members share such as Cassandra), or, clustered over memory, each trace on its
 * owner member ({@link SpreadStore}) with the archive placed alike ({@link SpreadArchive}). Clustered, a
 * member serves its stores to the others and hands them over when it leaves.
 */
final class Placement {
  private final Vertx vertx;
  private final SpanStore store;
  /** Null unless clustered over a node-local backend (memory). */
  private final SpreadStore spread;
  private final SpreadArchive spreadArchive;
  private final ArchiveStore archive;
  private final TenantStores tenantStores;
  private final TenantResolver tenants;
  /** Members running it own the traces: collectors, or behind Kafka, ingesters. */
  private final Role storingRole;

  Placement(Vertx vertx, WeftConfig config, WeftMetrics metrics, String backend, SpanStore store, ClusterNode cluster,
      TenantStores tenantStores, TenantResolver tenants, Role storingRole) {
    this.vertx = vertx;
    this.store = store;
    this.tenantStores = tenantStores;
    this.tenants = tenants;
    this.storingRole = storingRole;
    this.spread = cluster != null && backend.equals("memory")
        ? new SpreadStore(vertx, cluster.memberId(), store, cluster::memberIds, cluster.settings().queryTimeoutMs(),
            metrics)
        : null;
    // The archive beside the backend: Cassandra's table, or a memory store of its own, spread like the spans.
    ArchiveStore backendArchive = Backends.archiveOf(store);
    MemorySpanStore memoryArchive = backendArchive != null ? null : Backends.memoryArchive(config, metrics);
    this.spreadArchive = spread == null ? null : new SpreadArchive(vertx, cluster.memberId(), memoryArchive,
        cluster::memberIds, cluster.settings().queryTimeoutMs(), metrics);
    this.archive = backendArchive != null ? backendArchive
        : spreadArchive != null ? spreadArchive.store() : ArchiveStore.of(memoryArchive, memoryArchive);
  }

  /** Whether traces are spread over the members (clustered memory). */
  boolean spread() {
    return spread != null;
  }

  /** Where the node's own (implicit tenant's) spans are written. */
  SpanWriter writer() {
    return spread == null ? store : spread.writer();
  }

  /** Where the node's own spans are read: the backend, or every member's. */
  SpanReader reader() {
    return spread == null ? store : spread.reader();
  }

  ArchiveStore archive() {
    return archive;
  }

  /** Where a tenant's spans are written: its store {@code ts} on each member, its traces placed like the node's. */
  SpanWriter writer(String tenant, SpanStore ts) {
    return spread == null ? ts : spread.writer(tenant, ts);
  }

  SpanReader reader(String tenant, SpanStore ts) {
    return spread == null ? ts : spread.reader(tenant);
  }

  ArchiveStore archive(String tenant) {
    return spreadArchive == null ? tenantStores.archive(tenant)
        : spreadArchive.store(tenant, tenantStores.memoryArchive(tenant));
  }

  /** Clustered: placement follows the plan, the members running the storing role owning the traces. */
  void followPlan(ClusterNode cluster) {
    if (spread != null) {
      cluster.onPlan(plan -> {
        spread.owners(plan.holders(storingRole));
        spreadArchive.owners(plan.holders(storingRole));
      });
    }
  }

  /**
   * Clustered: serves this member's backend to the others (every member does, whatever its backend: a
   * member's reads ask them all), compiling the TraceQL its scans get; and its archive when spread.
   */
  Future<Void> serve(ClusterNode cluster) {
    return SpreadStore.serve(vertx, cluster.memberId(), t -> t == null ? store : tenantStores().store(tenants.check(t)),
            io.weft.traceql.Query::parse)
        .compose(v -> spreadArchive == null ? Future.succeededFuture()
            : spreadArchive.serve(t -> t == null ? spreadArchive.local() : tenantStores().memoryArchive(tenants.check(t))));
  }

  /** The tenants' stores a member serves to the others; a tenant's request to a member without tenancy is refused. */
  private TenantStores tenantStores() {
    if (tenantStores == null) {
      throw new IllegalArgumentException("this member runs without tenancy (tenancy.enabled)");
    }
    return tenantStores;
  }

  /** Clustered, leaving: hands this member's spans and archived traces to the owners that stay; never fails. */
  Future<Void> handOff(Assignment plan, long deadlineNanos) {
    if (spread == null) {
      return Future.succeededFuture();
    }
    List<String> owners = plan.holders(storingRole);
    // Each tenant's spans and archived traces go over as that tenant's (to the owner's store of the tenant).
    Map<String, SpanStore> tenantSpans = tenantStores == null ? Map.of() : tenantStores.made();
    Map<String, SpanStore> tenantArchives = tenantStores == null ? Map.of() : tenantStores.madeArchives();
    return Future.join(spread.handOff(owners, deadlineNanos, tenantSpans),
        spreadArchive.handOff(owners, deadlineNanos, tenantArchives)).mapEmpty();
  }
}
