package io.weft;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.weft.config.ConfigException;
import io.weft.config.Options;
import io.weft.config.WeftConfig;
import io.weft.ingester.IngesterSettings;
import io.weft.metrics.WeftMetrics;
import io.weft.storage.ArchiveStore;
import io.weft.storage.SpanStore;
import io.weft.storage.cassandra.CassandraSettings;
import io.weft.storage.cassandra.CassandraSpanStore;
import io.weft.storage.cold.ColdSettings;
import io.weft.storage.cold.ColdStore;
import io.weft.storage.memory.MemorySpanStore;
import io.weft.storage.opensearch.OpenSearchSettings;
import io.weft.storage.opensearch.OpenSearchSpanStore;
import io.weft.storage.tenant.TenantStores;
import io.weft.tenant.TenancySettings;

/**
 * Opens what {@link Wiring} wires: the backend a node stores in, its archive, the cold tier and the
 * tenants' stores. Each is opened once per node by {@link WeftNode} before any role starts.
 */
final class Backends {
  private Backends() {}

  /**
   * The backend (bottom row of the table): memory, Cassandra (connected, its schema set up) or
   * OpenSearch/Elasticsearch (its templates put). With span-storage.type=kafka the backend is the
   * ingesters' ({@link IngesterSettings#backendType}).
   */
  static Future<SpanStore> open(Vertx vertx, WeftConfig config, WeftMetrics metrics, String backend) {
    switch (backend) {
      case "memory" -> {
        MemorySpanStore memory = new MemorySpanStore(config.getInt(Options.MEMORY_MAX_TRACES));
        metrics.gauge("weft_stored_traces", "traces held by the in-memory store", memory::traceCount);
        metrics.gauge("weft_stored_spans", "spans held by the in-memory store", memory::spanCount);
        metrics.gauge("weft_memory_links_only_traces", "traces whose dependency links the in-memory store holds "
            + "without their spans (traces tail sampling dropped; at most memory.max-traces)",
            memory::linksOnlyTraceCount);
        metrics.gauge("weft_memory_evicted_traces", "traces evicted from the in-memory store (max-traces)",
            memory::evictedTraces);
        return Future.succeededFuture(memory);
      }
      case "cassandra" -> {
        return CassandraSpanStore.open(vertx, CassandraSettings.from(config), metrics).map(c -> c);
      }
      case "opensearch", "elasticsearch" -> {
        return OpenSearchSpanStore.open(vertx, OpenSearchSettings.from(config), metrics).map(o -> o);
      }
      default -> {
        return Future.failedFuture(new ConfigException("storage type '" + backend
            + "' is not available: use memory, cassandra, opensearch or elasticsearch (or kafka for collectors)"));
      }
    }
  }

  /** The tenants' backends: the node's own for the implicit tenant, else one per tenant ({@link TenantStores}). */
  static Future<TenantStores> tenants(Vertx vertx, WeftConfig config, WeftMetrics metrics, SpanStore store) {
    TenancySettings t = TenancySettings.from(config);
    if (!t.enabled()) {
      return Future.succeededFuture(null);
    }
    return TenantStores.open(vertx, t, store, config.getInt(Options.MEMORY_MAX_TRACES),
        config.getInt(Options.MEMORY_ARCHIVE_MAX_TRACES), metrics);
  }

  /**
   * The cold tier when {@code cold.type} is set (null otherwise), opened once its blocks are listed; under
   * tenancy, once every listed tenant's blocks are ({@link #coldOf}).
   */
  static Future<ColdStore> cold(Vertx vertx, WeftConfig config, WeftMetrics metrics) {
    if (!ColdSettings.enabled(config)) {
      return Future.succeededFuture(null);
    }
    TenancySettings tenancy = TenancySettings.from(config);
    return ColdStore.open(vertx, ColdSettings.from(config), metrics).compose(cold -> {
      tenancy.allowed().forEach(t -> coldOf(cold, tenancy, t));
      return cold.refreshTenants().map(cold);
    });
  }

  /**
   * A tenant's cold tier: the node's without tenancy; under tenancy the tenant's blocks under a prefix of
   * its own, kept for the tenant's retention ({@code tenancy.overrides <tenant>.ttl}, else cold.retention),
   * with an equal share of {@code cold.cache-bytes}.
   */
  static ColdStore coldOf(ColdStore cold, TenancySettings tenancy, String tenant) {
    if (!tenancy.enabled() || cold == null) {
      return cold;
    }
    int ttl = tenancy.limitsOf(tenant).ttlSeconds();
    return cold.tenant(tenant, ttl > 0 ? ttl * 1_000_000L : cold.settings().retentionMicros(),
        cold.settings().cacheBytes() / Math.max(1, tenancy.allowed().size()));
  }

  /** The backend's own archive (Cassandra's table, OpenSearch's archive index), or null for memory. */
  static ArchiveStore archiveOf(SpanStore store) {
    if (store instanceof CassandraSpanStore c) {
      return c.archive();
    }
    if (store instanceof OpenSearchSpanStore o) {
      return o.archive();
    }
    return null;
  }

  /** The in-memory archive, bounded apart from the store ({@code memory.archive.max-traces}). */
  static MemorySpanStore memoryArchive(WeftConfig config, WeftMetrics metrics) {
    MemorySpanStore m = new MemorySpanStore(config.getInt(Options.MEMORY_ARCHIVE_MAX_TRACES));
    metrics.gauge("weft_archived_traces", "archived traces held by this node's in-memory archive", m::traceCount);
    metrics.gauge("weft_memory_archive_evicted_traces", "archived traces evicted from the in-memory archive "
        + "(memory.archive.max-traces)", m::evictedTraces);
    return m;
  }
}
