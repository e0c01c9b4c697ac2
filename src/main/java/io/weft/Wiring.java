package io.weft;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.weft.agent.AgentSettings;
import io.weft.cluster.Assignment;
import io.weft.cluster.ClusterNode;
import io.weft.collector.SpanProcessor;
import io.weft.config.ConfigException;
import io.weft.config.Options;
import io.weft.config.WeftConfig;
import io.weft.ingester.IngesterSettings;
import io.weft.ingester.IngesterVerticle;
import io.weft.metrics.WeftMetrics;
import io.weft.query.QueryOptions;
import io.weft.query.QueryService;
import io.weft.query.TraceAssembler;
import io.weft.query.http.JaegerUiSettings;
import io.weft.query.zipkin.ZipkinApi;
import io.weft.query.zipkin.ZipkinSettings;
import io.weft.role.Role;
import io.weft.role.RoleDeployer;
import io.weft.sampling.SamplingSettings;
import io.weft.sampling.adaptive.AdaptiveSettings;
import io.weft.sampling.tail.TailSampling;
import io.weft.storage.live.LiveWatchers;
import io.weft.storage.ArchiveStore;
import io.weft.storage.SpanReader;
import io.weft.storage.SpanStore;
import io.weft.storage.SpanWriter;
import io.weft.storage.archive.TraceArchiver;
import io.weft.storage.cold.ColdStore;
import io.weft.storage.tenant.TenantStores;
import io.weft.tenant.IngestLimits;
import io.weft.tenant.TenancySettings;
import io.weft.tenant.TenantResolver;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * The wiring table: what each role writes spans to and reads them from, for every topology, with the
 * decorators in one stated order. Nothing else in Weft builds a writer chain.
 *
 * <pre>
 * topology (health "topology")    collector writes            ingester writes   query reads
 * direct        memory/cassandra  INTAKE → STORE              -                 the store
 * kafka         + an ingester     INTAKE → Kafka              STORE             the store
 * direct+spread clustered memory  INTAKE → STORE              -                 every member (scatter)
 * kafka+spread  clustered memory  INTAKE → Kafka              STORE             every member (scatter)
 * clustered Cassandra is "direct" or "kafka": the store is shared, used as is.
 * </pre>
 *
 * A span accepted by a collector passes, in order: the collector's own steps in {@link SpanProcessor}
 * (validate → enrich → post-sample → in-flight bound, counted in weft_spans_written_total), then the
 * INTAKE layers ({@link Layers#intake}), then the sink (Kafka, or the store chain). Span metrics count
 * every accepted span, post-sampled out or not, through the processor's tap once its batch is
 * written ({@link SpanMetricsParts}). The role that
 * stores (collector, or ingester behind Kafka) writes through the STORE layers ({@link Layers#store}),
 * then placement (clustered memory: the trace's owner member, {@link Placement}), then the backend.
 *
 * <p>The archive (traces copied by the query role's archive action) sits beside the backend: Cassandra's
 * own table, OpenSearch's archive index, or a memory store of its own, placed like the spans when
 * clustered ({@link Placement});
 * the read layers fall back to it for a trace by id the store has not.
 *
 * <p>Where a new decorator goes, one line each:
 * <ul>
 * <li>once per accepted span, in every topology (tenancy, tail sampling): {@link Layers#intake} (span
 * metrics are a tap before post-sampling, see {@link SpanMetricsParts});
 * <li>once per stored span, on the node that stored it (live spans, anything shown "as stored"): {@link Layers#store};
 * <li>on every read (tenancy filtering; the cold tier under it): {@link Layers#read}.
 * </ul>
 * A layer that must run on the member holding the data (below placement, seeing forwarded and
 * handed-over spans too) wraps the backend where {@link WeftNode} opens it. Each role's verticles are
 * in {@link RoleDeployers}; the collectors' shared processor and sink in {@link CollectorPipeline}.
 */
final class Wiring {
  private final Vertx vertx;
  private final WeftConfig config;
  private final String backend;
  private final boolean viaKafka;
  private final Placement placement;
  private final TenancySettings tenancy;
  private final TenantResolver tenants;
  private final TenantStores tenantStores;
  private final Layers layers;
  private final TenantRows rows;
  /** The query role's options, its search limits counting refusals in /metrics; one for every tenant. */
  private final QueryOptions queryOptions;
  private final SamplingParts sampling;
  private final ColdStore cold;
  private final CollectorPipeline pipeline;
  private final RoleDeployers roles;
  private volatile IngesterVerticle ingester;

  /**
   * The table for one node over its opened backend. Clustered ({@code cluster} not null) with a
   * node-local backend (memory), placement spreads traces over the members; a shared backend is used as is.
   */
  Wiring(Vertx vertx, WeftConfig config, WeftMetrics metrics, String backend, SpanStore store, ClusterNode cluster,
      AdaptiveSettings adaptive, TailSampling tail, ColdStore cold, TenantStores tenantStores, LiveWatchers liveWatchers) {
    this.vertx = vertx;
    this.cold = cold;
    this.tenancy = TenancySettings.from(config);
    this.tenants = new TenantResolver(tenancy, metrics.meterRegistry());
    IngestLimits limits = tenancy.enabled()
        ? new IngestLimits(tenancy, metrics.meterRegistry(), System::nanoTime) : null;
    this.config = config;
    this.layers = new Layers(vertx, metrics, tenancy, liveWatchers);
    this.queryOptions = QueryOptions.from(config, metrics.meterRegistry());
    this.backend = backend;
    this.viaKafka = IngesterSettings.collectorWritesKafka(config);
    this.placement = new Placement(vertx, config, metrics, backend, store, cluster, tenantStores, tenants,
        viaKafka ? Role.INGESTER : Role.COLLECTOR);
    if (tenancy.enabled() && cold != null && tenancy.allowed().isEmpty()) {
      throw new ConfigException("tenancy with a cold tier needs " + Options.TENANCY_TENANTS.name()
          + ": each tenant's blocks are handed off and listed from start (docs/tenancy.md)");
    }
    // Built once per node: the collector and ingester roles come and go, the live consumers stay.
    TenantParts node = row(TenancySettings.IMPLICIT, placement.writer(), placement.reader(), store, placement.archive(),
        new SpanMetricsParts(vertx, config, metrics, store, cluster, placement.spread(), !tenancy.enabled()), cold);
    this.tenantStores = tenantStores;
    this.rows = new TenantRows(tenancy, metrics, node, t -> {
      SpanStore ts = tenantStores.store(t);
      return row(t, placement.writer(t, ts), placement.reader(t, ts), ts, placement.archive(t),
          SpanMetricsParts.ofTenant(vertx, config, metrics, ts, t, tenancy.limitsOf(t).maxMetricSeries()), coldOf(t));
    });
    // Tail sampling writes each decided trace to its tenant's store chain (collectors without Kafka).
    this.sampling = new SamplingParts(vertx, metrics, adaptive, tail, store, cluster, t -> rows.of(t).storeWriter(),
        viaKafka, cluster == null ? 0 : cluster.settings().queryTimeoutMs(), tenancy.enabled());
    this.pipeline = new CollectorPipeline(vertx, config, metrics, viaKafka, t -> rows.of(t).storeWriter(),
        (t, sink) -> Layers.layered(sink, layers.intake(t, sampling)), limits, rows::spanMetricsTap);
    this.roles = new RoleDeployers(config, metrics, tenants, rows.perTenant());
  }

  /**
   * One tenant's row: its chains over its placement's writer and reader, and the services over them;
   * {@code tier} is its cold tier (the node's for the node's own row), or null.
   */
  private TenantParts row(String tenant, SpanWriter placed, SpanReader placedReader, SpanStore store,
      ArchiveStore archive, SpanMetricsParts spanMetrics, ColdStore tier) {
    SpanReader reader = Layers.layered(placedReader, layers.read(archive, tier));
    QueryService queries = new QueryService(reader, new TraceAssembler(queryOptions.maxClockSkewAdjustment()),
        queryOptions.searchLimits());
    return new TenantParts(tenant, store, Layers.layered(placed, layers.store(tenant, tier)), reader, queries,
        new TraceArchiver(reader, archive), new ZipkinApi(reader, ZipkinSettings.from(config)), spanMetrics);
  }

  /** A tenant's cold tier ({@link Backends#coldOf}): the node's without tenancy. */
  private ColdStore coldOf(String tenant) {
    return Backends.coldOf(cold, tenancy, tenant);
  }

  /**
   * Clustered, after the cluster node's init: placement follows the plan (members running the storing
   * role own the traces), and this member serves its backend to the others.
   */
  Future<Void> joinCluster(ClusterNode cluster) {
    placement.followPlan(cluster);
    cluster.onPlan(sampling::plan);
    return placement.serve(cluster).compose(v -> rows.node().spanMetrics().joinCluster(cluster));
  }

  /** Clustered, leaving: flushes span metrics, then hands this member's spans and archived traces over; never fails. */
  Future<Void> handOff(Assignment plan, long deadlineNanos) {
    return rows.flushSpanMetrics().compose(v -> placement.handOff(plan, deadlineNanos));
  }

  /** Role → how to start it on this node, each with its writer and reader from the table above. */
  Map<Role, RoleDeployer> deployers(AgentSettings agent, SamplingSettings samplingSettings, JaegerUiSettings jaegerUi,
      BiConsumer<String, Router> queryRoutes, BooleanSupplier queryRunsHere) {
    Map<Role, RoleDeployer> d = new EnumMap<>(Role.class);
    if (agent != null) {
      d.put(Role.AGENT, roles.agent(agent, samplingSettings, sampling.adaptive));
    }
    d.put(Role.COLLECTOR, roles.collector(pipeline, sampling.adaptive, queryRunsHere));
    // Under tenancy tenants' span metrics go straight to their stores, not through the metrics topic.
    SpanMetricsParts nodeMetrics = rows.node().spanMetrics();
    d.put(Role.INGESTER, roles.ingester(sampling.tail, tenancy.enabled() ? null : nodeMetrics.ingesterPart(),
        i -> ingester = i));
    if (cold != null) {
      d.put(Role.COMPACTOR, roles.compactor(coldTiers()));
    }
    d.put(Role.QUERY, roles.query(queryOptions, jaegerUi, queryRoutes, nodeMetrics.enabled(), tenancy));
    return d;
  }

  /**
   * The cold tiers and what their handoff reads: what the query reads below the tiers (the backend, or every
   * member's under placement). Under tenancy each listed tenant's hot store goes to blocks of its own.
   */
  private List<RoleDeployers.ColdTier> coldTiers() {
    if (!tenancy.enabled()) {
      return List.of(new RoleDeployers.ColdTier(placement.reader(), cold));
    }
    List<RoleDeployers.ColdTier> tiers = new ArrayList<>();
    for (String t : new TreeSet<>(tenancy.allowed())) {
      tiers.add(new RoleDeployers.ColdTier(placement.reader(t, tenantStores.store(t)), coldOf(t)));
    }
    return tiers;
  }

  /** The /health part: the topology, the backend, and where each role running here writes. */
  void health(JsonObject h, Set<Role> running) {
    JsonObject writes = new JsonObject();
    if (running.contains(Role.COLLECTOR)) {
      writes.put(Role.COLLECTOR.id(), viaKafka ? "kafka" : backend);
    }
    if (running.contains(Role.INGESTER)) {
      writes.put(Role.INGESTER.id(), backend);
    }
    if (tenancy.enabled()) {
      h.put("tenants", new JsonArray(rows.made()));
    }
    h.put("topology", (viaKafka ? "kafka" : "direct") + (placement.spread() ? "+spread" : ""))
        .put("storage", backend)
        .put("writes", writes);
    if (cold != null) {
      h.put("cold", cold.health());
    }
  }

  /** The ingester role's verticle, null until it was deployed: a replay's completion. */
  IngesterVerticle ingester() {
    return ingester;
  }

  /**
   * Decides what the tail buffer holds and writes the kept traces, then closes the Kafka producer
   * (after the receivers stopped, so records sent get their acknowledgement).
   */
  Future<Void> close() {
    return sampling.close(vertx)
        .eventually(rows::closeSpanMetrics)
        .eventually(pipeline::close)
        .eventually(() -> cold == null ? Future.<Void>succeededFuture() : cold.close())
        .eventually(() -> tenantStores == null ? Future.<Void>succeededFuture() : tenantStores.close());
  }
}
