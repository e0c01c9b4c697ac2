package io.weft.storage.tenant;

import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.weft.config.ConfigException;
import io.weft.config.Options;
import io.weft.metrics.WeftMetrics;
import io.weft.storage.ArchiveStore;
import io.weft.storage.SpanStore;
import io.weft.storage.cassandra.CassandraSettings;
import io.weft.storage.cassandra.CassandraSpanStore;
import io.weft.storage.memory.MemorySpanStore;
import io.weft.storage.opensearch.OpenSearchSettings;
import io.weft.storage.opensearch.OpenSearchSpanStore;
import io.weft.tenant.PerTenant;
import io.weft.tenant.TenancySettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Each tenant's backend, so that no key, index or name of one tenant is in another's store:
 * <ul>
 * <li>without tenancy, the one implicit tenant has the node's backend, exactly as before;
 * <li>memory: a {@link MemorySpanStore} per tenant (each bounded by {@code memory.max-traces}), and an
 *   archive of its own, made on the tenant's first request;
 * <li>Cassandra: a keyspace per tenant ({@link TenantKeyspaces}), with the tenant's retention as its TTL
 *   ({@code tenancy.overrides tenant.ttl}, else {@code cassandra.ttl}); opened at start for every tenant of
 *   {@code tenancy.tenants}, which Cassandra therefore requires.
 * <li>OpenSearch/Elasticsearch: an index prefix per tenant ({@link TenantIndexPrefixes}), its indices
 *   deleted after the tenant's retention; likewise opened at start for every listed tenant.
 * </ul>
 * A keyspace per tenant, rather than the tenant in every partition key, keeps each tenant's TTL,
 * replication and data apart with the same tables and statements, and a tenant is dropped with its keyspace.
 */
public final class TenantStores {
  private final PerTenant<SpanStore> stores;
  private final PerTenant<ArchiveStore> archives;
  /** Memory: each tenant's archive store on this node (served to the cluster's members); else null. */
  private final PerTenant<MemorySpanStore> memoryArchives;
  private final List<SpanStore> opened;

  private TenantStores(PerTenant<SpanStore> stores, PerTenant<ArchiveStore> archives,
      PerTenant<MemorySpanStore> memoryArchives, List<SpanStore> opened) {
    this.stores = stores;
    this.archives = archives;
    this.memoryArchives = memoryArchives;
    this.opened = opened;
  }

  /** Without tenancy: the node's backend and archive for the one implicit tenant. */
  public static TenantStores single(SpanStore backend, ArchiveStore archive) {
    return new TenantStores(PerTenant.same(backend), PerTenant.same(archive), null, List.of());
  }

  /** Under tenancy, over {@code base} (the node's opened backend, whose settings a tenant's derive from). */
  public static Future<TenantStores> open(Vertx vertx, TenancySettings tenancy, SpanStore base, int memoryMaxTraces,
      int archiveMaxTraces, WeftMetrics metrics) {
    if (base instanceof CassandraSpanStore c) {
      CassandraSettings s = c.settings();
      return openEach(tenancy, "each tenant is a keyspace", t -> {
        int ttl = tenancy.limitsOf(t).ttlSeconds();
        return CassandraSpanStore.open(vertx, s.withKeyspace(TenantKeyspaces.of(s.keyspace(), t),
            ttl > 0 ? ttl : s.ttlSeconds()), metrics).map(store -> store);
      }, store -> ((CassandraSpanStore) store).archive());
    }
    if (base instanceof OpenSearchSpanStore o) {
      OpenSearchSettings s = o.settings();
      return openEach(tenancy, "each tenant has indices of its own", t -> {
        int ttl = tenancy.limitsOf(t).ttlSeconds();
        return OpenSearchSpanStore.open(vertx, s.withIndices(TenantIndexPrefixes.of(s.indexPrefix(), t),
            ttl > 0 ? ttl * 1_000_000L : s.retentionMicros()), metrics).map(store -> store);
      }, store -> ((OpenSearchSpanStore) store).archive());
    }
    if (!(base instanceof MemorySpanStore)) {
      return Future.failedFuture(new ConfigException("tenancy is available with memory, Cassandra and OpenSearch "
          + "storage; not with " + base.getClass().getSimpleName() + " (docs/tenancy.md)"));
    }
    PerTenant<SpanStore> stores = new PerTenant<>(t -> {
      MemorySpanStore m = new MemorySpanStore(memoryMaxTraces);
      Gauge.builder("weft_tenant_stored_traces", m::traceCount).description("traces held in memory per tenant")
          .tag("tenant", t).register(metrics.meterRegistry());
      Gauge.builder("weft_tenant_stored_spans", m::spanCount).description("spans held in memory per tenant")
          .tag("tenant", t).register(metrics.meterRegistry());
      return m;
    });
    PerTenant<MemorySpanStore> memoryArchives = new PerTenant<>(t -> new MemorySpanStore(archiveMaxTraces));
    PerTenant<ArchiveStore> archives = new PerTenant<>(t -> {
      MemorySpanStore m = memoryArchives.of(t);
      return ArchiveStore.of(m, m);
    });
    return Future.succeededFuture(new TenantStores(stores, archives, memoryArchives, List.of()));
  }

  /** A backend per listed tenant, opened at start (all or none: a failure closes those opened). */
  private static Future<TenantStores> openEach(TenancySettings tenancy, String why,
      Function<String, Future<SpanStore>> open, Function<SpanStore, ArchiveStore> archiveOf) {
    if (tenancy.allowed().isEmpty()) {
      return Future.failedFuture(new ConfigException("tenancy with this storage needs "
          + Options.TENANCY_TENANTS.name() + ": " + why + ", created at start"));
    }
    Map<String, SpanStore> byTenant = new HashMap<>();
    List<Future<?>> all = new ArrayList<>();
    for (String tenant : tenancy.allowed()) {
      all.add(open.apply(tenant).onSuccess(store -> {
        synchronized (byTenant) {
          byTenant.put(tenant, store);
        }
      }));
    }
    return Future.join(all).transform(ar -> {
      List<SpanStore> opened = new ArrayList<>(byTenant.values());
      if (ar.failed()) {
        return Future.join(opened.stream().map(SpanStore::close).toList())
            .transform(x -> Future.failedFuture(ar.cause()));
      }
      return Future.succeededFuture(new TenantStores(new PerTenant<>(byTenant::get),
          new PerTenant<>(t -> archiveOf.apply(byTenant.get(t))), null, opened));
    });
  }

  public SpanStore store(String tenant) {
    SpanStore s = stores.of(tenant);
    if (s == null) {
      throw new IllegalStateException("no store for tenant '" + tenant + "'");
    }
    return s;
  }

  public ArchiveStore archive(String tenant) {
    return archives.of(tenant);
  }

  /** Memory: the tenant's archive store on this node (what a cluster spreads); null for other backends. */
  public SpanStore memoryArchive(String tenant) {
    return memoryArchives == null ? null : memoryArchives.of(tenant);
  }

  /** The tenants' stores made on this node so far (memory: those that received or were asked for spans). */
  public Map<String, SpanStore> made() {
    return stores.made();
  }

  /** Memory: the tenants' archive stores made on this node so far; empty for other backends. */
  public Map<String, SpanStore> madeArchives() {
    return memoryArchives == null ? Map.of() : Map.copyOf(memoryArchives.made());
  }

  /** Closes the stores opened for tenants (the node closes its own backend). */
  public Future<Void> close() {
    return Future.join(opened.stream().map(SpanStore::close).toList()).mapEmpty();
  }
}
