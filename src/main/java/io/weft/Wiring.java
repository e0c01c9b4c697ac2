package io.weft;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.weft.agent.AgentSettings;
import io.weft.agent.AgentVerticle;
import io.weft.cluster.Assignment;
import io.weft.cluster.ClusterNode;
import io.weft.collector.CollectorSettings;
import io.weft.collector.CollectorVerticle;
import io.weft.collector.SpanProcessor;
import io.weft.config.ConfigException;
import io.weft.config.Options;
import io.weft.config.WeftConfig;
import io.weft.ingester.IngesterSettings;
import io.weft.ingester.IngesterVerticle;
import io.weft.kafka.KafkaSettings;
import io.weft.kafka.KafkaSpanWriter;
import io.weft.metrics.WeftMetrics;
import io.weft.query.QueryOptions;
import io.weft.query.QueryService;
import io.weft.query.SearchLimits;
import io.weft.query.TraceAssembler;
import io.weft.query.eventbus.QueryBusVerticle;
import io.weft.query.grpc.QueryGrpcVerticle;
import io.weft.query.http.QueryVerticle;
import io.weft.query.zipkin.ZipkinApi;
import io.weft.query.zipkin.ZipkinSettings;
import io.weft.role.Role;
import io.weft.role.RoleDeployer;
import io.weft.sampling.adaptive.AdaptiveSettings;
import io.weft.sampling.tail.TailSampling;
import io.weft.sampling.SamplingSettings;
import io.weft.sampling.SamplingVerticle;
import io.weft.query.http.JaegerUiSettings;
import io.weft.storage.ArchiveStore;
import io.weft.storage.SpanReader;
import io.weft.storage.archive.ArchiveFallbackReader;
import io.weft.storage.archive.SpreadArchive;
import io.weft.storage.archive.TraceArchiver;
import io.weft.storage.SpanStore;
import io.weft.storage.SpanWriter;
import io.weft.storage.cold.ColdStore;
import io.weft.storage.cold.CompactorVerticle;
import io.weft.storage.live.LiveSpanWriter;
import io.weft.storage.memory.MemorySpanStore;
import io.weft.storage.spread.SpreadStore;
import io.weft.storage.tenant.TenantStores;
import io.weft.storage.tenant.TraceSizeLimit;
import io.weft.tenant.IngestLimits;
import io.weft.tenant.PerTenant;
import io.weft.tenant.TenancySettings;
import io.weft.tenant.TenantResolver;
import io.weft.traceql.Query;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

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
 * INTAKE layers ({@link #intakeLayers}), then the sink (Kafka, or the store chain). Span metrics count
 * every accepted span, post-sampled out or not, through the processor's tap once its batch is
 * written ({@link SpanMetricsParts}). The role that
 * stores (collector, or ingester behind Kafka) writes through the STORE layers ({@link #storeLayers}),
 * then placement (clustered memory: the trace's owner member, {@link SpreadStore}), then the backend.
 *
 * <p>The archive (traces copied by the query role's archive action) sits beside the backend: Cassandra's
 * own table, OpenSearch's archive index, or a memory store of its own, placed like the spans when
 * clustered ({@link SpreadArchive});
 * the read layers fall back to it for a trace by id the store has not.
 *
 * <p>Where a new decorator goes, one line each:
 * <ul>
 * <li>once per accepted span, in every topology (tenancy, tail sampling): {@link #intakeLayers} (span
 * metrics are a tap before post-sampling, see {@link SpanMetricsParts});
 * <li>once per stored span, on the node that stored it (live spans, anything shown "as stored"): {@link #storeLayers};
 * <li>on every read (tenancy filtering; the cold tier under it): {@link #readLayers}.
 * </ul>
 * A layer that must run on the member holding the data (below placement, seeing forwarded and
 * handed-over spans too) wraps the backend where {@link WeftNode} opens it.
 */
final class Wiring {
  /**
   * Layers on what collectors accept of one tenant, outermost first; each sees every accepted span once,
   * before Kafka or storage.
   */
  private List<UnaryOperator<SpanWriter>> intakeLayers(String tenant) {
    List<UnaryOperator<SpanWriter>> layers = new ArrayList<>();
    // (Span metrics count before post-sampling and tail sampling, through the processor's tap; a tenant's
    // ingest limits are the processor's, which sees the request's size.)
    if (sampling.adaptive != null) {
      // root spans per (tenant,) service and operation, for adaptive sampling
      layers.add(w -> sampling.adaptive.counting(tenant, w));
    }
    if (sampling.tailWriter != null) {
      // Tail sampling last: it holds spans until their trace is decided, then writes the kept ones to
      // the tenant's store chain (which is what it is given here). Behind Kafka the ingesters decide instead.
      // Its buffer is keyed by (tenant, trace id); a trace handed to its owner member keeps its tenant.
      layers.add(storeChain -> sampling.tailWriter.forTenant(tenant));
    }
    return layers;
  }

  /**
   * Layers on what one tenant stores, outermost first; above placement, so each stored span passes once,
   * where written. Under tenancy each tenant has its own chain over its own backend ({@link TenantStores}).
   */
  private List<UnaryOperator<SpanWriter>> storeLayers(String tenant, ColdStore cold) {
    int maxSpansPerTrace = tenancy.limitsOf(tenant).maxSpansPerTrace();
    List<UnaryOperator<SpanWriter>> layers = new ArrayList<>();
    if (maxSpansPerTrace > 0) {
      // the tenant's largest trace: spans past it dropped and counted (tenancy.max-spans-per-trace)
      layers.add(w -> new TraceSizeLimit(w, maxSpansPerTrace, tenant, metrics.meterRegistry()));
    }
    // weft.spans.live* (weft.tenant.<t>.spans.live* under tenancy): published once the write below succeeded
    layers.add(w -> new LiveSpanWriter(vertx, w, tenancy.enabled() ? tenant : null));
    if (cold != null) {
      layers.add(w -> cold.countLate(w, metrics)); // spans too late for the cold handoff, counted
    }
    return layers;
  }

  /** Layers on one tenant's reads, outermost first. */
  private List<UnaryOperator<SpanReader>> readLayers(ArchiveStore archive, ColdStore cold) {
    List<UnaryOperator<SpanReader>> layers = new ArrayList<>();
    layers.add(r -> new ArchiveFallbackReader(r, archive)); // a trace by id the store has not: from the archive
    if (cold != null) {
      layers.add(cold::over); // hot then cold: every query API reads both tiers (io.weft.storage.cold)
    }
    return layers;
  }

  /** A tenant's cold tier ({@link Backends#coldOf}): the node's without tenancy. */
  private ColdStore coldOf(String tenant) {
    return Backends.coldOf(cold, tenancy, tenant);
  }

  private final Vertx vertx;
  private final WeftConfig config;
  private final WeftMetrics metrics;
  private final String backend;
  private final boolean viaKafka;
  private final SpanStore store;
  private final SpreadStore spread;
  private final SpreadArchive spreadArchive;
  private final TenancySettings tenancy;
  private final TenantResolver tenants;
  private final TenantStores tenantStores;
  /** The implicit tenant's parts: the node's own, as without tenancy (its span metrics meet the cluster). */
  private final TenantParts node;
  private final PerTenant<TenantParts> parts;
  private final IngestLimits limits;
  /** The query role's options, its search limits counting refusals in /metrics; one for every tenant. */
  private final QueryOptions queryOptions;
  private final SamplingParts sampling;
  private final ColdStore cold;
  private SpanProcessor processor;
  private KafkaSpanWriter kafkaWriter;
  private volatile IngesterVerticle ingester;

  /**
   * The table for one node over its opened backend. Clustered ({@code cluster} not null) with a
   * node-local backend (memory), placement spreads traces over the members; a shared backend is used as is.
   */
  Wiring(Vertx vertx, WeftConfig config, WeftMetrics metrics, String backend, SpanStore store, ClusterNode cluster,
      AdaptiveSettings adaptive, TailSampling tail, ColdStore cold, TenantStores tenantStores) {
    this.vertx = vertx;
    this.cold = cold;
    this.tenancy = TenancySettings.from(config);
    this.tenants = new TenantResolver(tenancy, metrics.meterRegistry());
    this.limits = tenancy.enabled() ? new IngestLimits(tenancy, metrics.meterRegistry(), System::nanoTime) : null;
    this.config = config;
    this.metrics = metrics;
    this.queryOptions = queryOptions(config, metrics);
    this.backend = backend;
    this.viaKafka = IngesterSettings.collectorWritesKafka(config);
    this.store = store;
    this.spread = cluster != null && backend.equals("memory")
        ? new SpreadStore(vertx, cluster.memberId(), store, cluster::memberIds, cluster.settings().queryTimeoutMs(),
            metrics)
        : null;
    // The archive beside the backend: Cassandra's table, or a memory store of its own, spread like the spans.
    ArchiveStore backendArchive = Backends.archiveOf(store);
    MemorySpanStore memoryArchive = backendArchive != null ? null : Backends.memoryArchive(config, metrics);
    this.spreadArchive = spread == null ? null : new SpreadArchive(vertx, cluster.memberId(), memoryArchive,
        cluster::memberIds, cluster.settings().queryTimeoutMs(), metrics);
    ArchiveStore archive = backendArchive != null ? backendArchive
        : spreadArchive != null ? spreadArchive.store() : ArchiveStore.of(memoryArchive, memoryArchive);
    if (tenancy.enabled() && cold != null && tenancy.allowed().isEmpty()) {
      throw new ConfigException("tenancy with a cold tier needs " + Options.TENANCY_TENANTS.name()
          + ": each tenant's blocks are handed off and listed from start (docs/tenancy.md)");
    }
    // Built once per node: the collector and ingester roles come and go, the live consumers stay.
    this.node = parts(TenancySettings.IMPLICIT, spread == null ? store : spread.writer(),
        spread == null ? store : spread.reader(), store, archive,
        new SpanMetricsParts(vertx, config, metrics, store, cluster, spread != null, !tenancy.enabled()), cold);
    this.tenantStores = tenantStores;
    this.parts = !tenancy.enabled() ? PerTenant.same(node) : new PerTenant<>(t -> {
      SpanStore ts = tenantStores.store(t);
      // Clustered memory: the tenant's store on each member, its traces placed and read like the node's.
      SpanWriter placed = spread == null ? ts : spread.writer(t, ts);
      SpanReader placedReader = spread == null ? ts : spread.reader(t);
      ArchiveStore tenantArchive = spreadArchive == null ? tenantStores.archive(t)
          : spreadArchive.store(t, tenantStores.memoryArchive(t));
      return parts(t, placed, placedReader, ts, tenantArchive, SpanMetricsParts.ofTenant(vertx, config, metrics, ts, t,
          tenancy.limitsOf(t).maxMetricSeries()), coldOf(t));
    });
    if (tenancy.enabled() && node.spanMetrics().enabled()) {
      // traces_span_metrics_* and traces_service_graph_* of every tenant, labelled tenant (admin port's /metrics)
      PerTenant<TenantParts> all = parts;
      metrics.addText(out -> SpanMetricsParts.prometheus(out, all.made().entrySet().stream().collect(
          java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().spanMetrics()))));
    }
    // Listed tenants' parts are made here, outside any verticle: their live-span consumers and span-metrics
    // timers then belong to no role that may be undeployed. (A tenant of an open list gets its parts on its
    // first request.)
    tenancy.allowed().forEach(parts::of);
    // Tail sampling writes each decided trace to its tenant's store chain (collectors without Kafka).
    this.sampling = new SamplingParts(vertx, metrics, adaptive, tail, store, cluster, t -> parts.of(t).storeWriter(),
        viaKafka, cluster == null ? 0 : cluster.settings().queryTimeoutMs(), tenancy.enabled());
  }

  /**
   * One tenant's row: its chains over its placement's writer and reader, and the services over them;
   * {@code tier} is its cold tier (the node's for the node's own row), or null.
   */
  private TenantParts parts(String tenant, SpanWriter placed, SpanReader placedReader, SpanStore store,
      ArchiveStore archive, SpanMetricsParts spanMetrics, ColdStore tier) {
    SpanReader reader = layered(placedReader, readLayers(archive, tier));
    QueryService queries = new QueryService(reader, new TraceAssembler(queryOptions.maxClockSkewAdjustment()),
        queryOptions.searchLimits());
    return new TenantParts(tenant, store, layered(placed, storeLayers(tenant, tier)), reader, queries,
        new TraceArchiver(reader, archive), new ZipkinApi(reader, ZipkinSettings.from(config)), spanMetrics);
  }

  private static QueryOptions queryOptions(WeftConfig config, WeftMetrics metrics) {
    return new QueryOptions(config.get(Options.HOST), config.getInt(Options.QUERY_PORT),
        Duration.ofNanos(config.getMicros(Options.QUERY_MAX_SKEW) * 1000), config.get(Options.QUERY_WEBROOT),
        SearchLimits.from(config).counted(metrics.meterRegistry()));
  }

  /** The role whose members store spans, and so own traces under placement: collectors, or behind Kafka, ingesters. */
  private Role storingRole() {
    return viaKafka ? Role.INGESTER : Role.COLLECTOR;
  }

  /**
   * Clustered, after the cluster node's init: placement follows the plan (members running the storing
   * role own the traces), and this member serves its backend to the others (every member does, whatever
   * its backend: a member's reads ask them all); it compiles the TraceQL its scans get.
   */
  Future<Void> joinCluster(ClusterNode cluster) {
    if (spread != null) {
      cluster.onPlan(plan -> {
        spread.owners(plan.holders(storingRole()));
        spreadArchive.owners(plan.holders(storingRole()));
      });
    }
    cluster.onPlan(sampling::plan);
    return SpreadStore.serve(vertx, cluster.memberId(), t -> t == null ? store : tenantStores().store(tenants.check(t)),
            Query::parse)
        .compose(v -> spreadArchive == null ? Future.succeededFuture()
            : spreadArchive.serve(t -> t == null ? spreadArchive.local() : tenantStores().memoryArchive(tenants.check(t))))
        .compose(v -> node.spanMetrics().joinCluster(cluster));
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
    return flushSpanMetrics().compose(v -> {
      if (spread == null) {
        return Future.succeededFuture();
      }
      List<String> owners = plan.holders(storingRole());
      // Each tenant's spans and archived traces go over as that tenant's (to the owner's store of the tenant).
      Map<String, SpanStore> tenantSpans = tenantStores == null ? Map.of() : tenantStores.made();
      Map<String, SpanStore> tenantArchives = tenantStores == null ? Map.of() : tenantStores.madeArchives();
      return Future.join(spread.handOff(owners, deadlineNanos, tenantSpans),
          spreadArchive.handOff(owners, deadlineNanos, tenantArchives)).mapEmpty();
    });
  }

  /** Role → how to start it on this node, each with its writer and reader from the table above. */
  Map<Role, RoleDeployer> deployers(AgentSettings agent, SamplingSettings samplingSettings, JaegerUiSettings jaegerUi,
      java.util.function.BiConsumer<String, Router> queryRoutes, BooleanSupplier queryRunsHere) {
    Map<Role, RoleDeployer> d = new EnumMap<>(Role.class);
    // Zipkin's query API: on the Zipkin port beside its receiver (while the query role runs here), and on the query port.
    if (agent != null) {
      d.put(Role.AGENT, RoleDeployer.of(v -> v.deployVerticle(new AgentVerticle(agent, metrics)),
          v -> v.deployVerticle(new SamplingVerticle(samplingSettings, metrics,
              sampling.adaptive == null ? null : sampling.adaptive.strategies(), tenants, agent.tenant()))));
    }
    Function<Vertx, Future<String>> collectors = v -> collectorSink().compose(sink -> {
      SpanProcessor p = processor(sink);
      CollectorSettings cs = CollectorSettings.from(config);
      int n = config.getInt(Options.COLLECTOR_INSTANCES);
      int instances = n > 0 ? n : Math.max(1, Runtime.getRuntime().availableProcessors());
      return v.deployVerticle(() -> new CollectorVerticle(cs, p, metrics,
              (t, r) -> parts.of(t).zipkin().mountOnZipkinPort(r, queryRunsHere), tenants),
          new DeploymentOptions().setInstances(instances));
    });
    // Adaptive sampling's engine (throughput flushes, the leader's calculation) runs with the collectors.
    d.put(Role.COLLECTOR, sampling.adaptive == null ? RoleDeployer.of(collectors)
        : RoleDeployer.of(v -> v.deployVerticle(sampling.adaptive.newEngine()), collectors));
    Function<Vertx, Future<String>> ingesterRole = v -> {
      IngesterVerticle i = new IngesterVerticle(IngesterSettings.from(config), KafkaSettings.from(config),
          new PerTenant<>(t -> parts.of(t).storeWriter()), tenants, metrics,
          sampling.tail == null ? null : sampling.tail.sampler());
      ingester = i;
      return v.deployVerticle(i);
    };
    // Under tenancy tenants' span metrics go straight to their stores, not through the metrics topic.
    Function<Vertx, Future<String>> metricsIngester = tenancy.enabled() ? null : node.spanMetrics().ingesterPart();
    d.put(Role.INGESTER, metricsIngester == null ? RoleDeployer.of(ingesterRole)
        : RoleDeployer.of(ingesterRole, metricsIngester));
    QueryOptions qo = queryOptions;
    Function<String, QueryVerticle.TenantReads> reads = t -> {
      TenantParts tp = parts.of(t);
      return new QueryVerticle.TenantReads(tp.reader(), tp.archiver(),
          ((Consumer<Router>) r -> queryRoutes.accept(t, r)).andThen(tp.zipkin()::mountOnQueryPort)
              .andThen(tp.spanMetrics()::mountQuery));
    };
    if (cold != null) {
      // The handoff reads what the query reads below the tiers: the backend, or every member's under placement.
      // Under tenancy each listed tenant's hot store is handed off to its own blocks, by a compactor of its own.
      List<Function<Vertx, Future<String>>> compactors = new ArrayList<>();
      if (!tenancy.enabled()) {
        SpanReader hot = spread == null ? store : spread.reader();
        compactors.add(v -> v.deployVerticle(new CompactorVerticle(cold.compactorWork(hot, metrics))));
      }
      for (String t : tenancy.enabled() ? new java.util.TreeSet<>(tenancy.allowed()) : Set.<String>of()) {
        SpanReader hot = spread == null ? tenantStores.store(t) : spread.reader(t);
        compactors.add(v -> v.deployVerticle(new CompactorVerticle(coldOf(t).compactorWork(hot, metrics))));
      }
      d.put(Role.COMPACTOR, RoleDeployer.of(compactors.toArray(Function[]::new)));
    }
    d.put(Role.QUERY, RoleDeployer.of(
        v -> v.deployVerticle(new QueryVerticle(reads, tenants, qo, jaegerUi, node.spanMetrics().enabled(),
            !tenancy.enabled() ? null : r -> ZipkinApi.mountLensFiles(r, ZipkinSettings.from(config), tenancy.header()))),
        v -> v.deployVerticle(new QueryBusVerticle(t -> parts.of(t).queries(), tenants,
            qo.searchLimits().defaultLimit())),
        v -> v.deployVerticle(new QueryGrpcVerticle(t -> parts.of(t).queries(), t -> parts.of(t).archiver()::archive,
            tenants, config.get(Options.HOST), config.getInt(Options.QUERY_GRPC_PORT), metrics))));
    return d;
  }

  /**
   * The collector's sink behind the intake layers, per tenant: Kafka (its listeners open once Kafka is
   * ready; each record names its tenant), or the tenant's store chain.
   */
  private synchronized Future<PerTenant<SpanWriter>> collectorSink() {
    if (!viaKafka) {
      return Future.succeededFuture(new PerTenant<>(t -> parts.of(t).storeWriter()));
    }
    if (kafkaWriter != null) {
      return Future.succeededFuture(new PerTenant<>(kafkaWriter::forTenant));
    }
    kafkaWriter = new KafkaSpanWriter(vertx, KafkaSettings.from(config), metrics);
    KafkaSpanWriter k = kafkaWriter;
    return kafkaWriter.start().map(v -> new PerTenant<>(k::forTenant));
  }

  /** One pipeline per node, whichever collector deployment uses it (its in-flight bound is per node). */
  private synchronized SpanProcessor processor(PerTenant<SpanWriter> sink) {
    if (processor == null) {
      PerTenant<SpanWriter> writers = new PerTenant<>(t -> layered(sink.of(t), intakeLayers(t)));
      SpanProcessor.AcceptedSpans tap = SpanProcessor.AcceptedSpans.NONE;
      if (node.spanMetrics().enabled()) {
        PerTenant<SpanProcessor.AcceptedSpans> taps = new PerTenant<>(t -> parts.of(t).spanMetrics().tap());
        tenancy.allowed().forEach(taps::of);
        tap = (t, spans) -> taps.of(t).accepted(t, spans);
      }
      processor = CollectorSettings.processor(config, writers, limits, metrics, tap);
    }
    return processor;
  }

  /** Flushes what this node counted, for every tenant. Never fails. */
  private Future<Void> flushSpanMetrics() {
    return Future.join(allSpanMetrics().stream().map(SpanMetricsParts::flushNow).toList()).otherwiseEmpty().mapEmpty();
  }

  /** The node's span metrics and, under tenancy, every tenant's made so far. */
  private List<SpanMetricsParts> allSpanMetrics() {
    List<SpanMetricsParts> all = new java.util.ArrayList<>(List.of(node.spanMetrics()));
    if (tenancy.enabled()) {
      parts.made().values().forEach(p -> all.add(p.spanMetrics()));
    }
    return all;
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
      h.put("tenants", new io.vertx.core.json.JsonArray(parts.made().keySet().stream().sorted().toList()));
    }
    h.put("topology", (viaKafka ? "kafka" : "direct") + (spread == null ? "" : "+spread"))
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
    KafkaSpanWriter k;
    synchronized (this) {
      k = kafkaWriter;
    }
    return sampling.close(vertx)
        .eventually(() -> Future.join(allSpanMetrics().stream().map(SpanMetricsParts::close).toList()).<Void>mapEmpty())
        .eventually(() -> k == null ? Future.<Void>succeededFuture() : k.close())
        .eventually(() -> cold == null ? Future.<Void>succeededFuture() : cold.close())
        .eventually(() -> tenantStores == null ? Future.<Void>succeededFuture() : tenantStores.close());
  }

  private static <T> T layered(T inner, List<UnaryOperator<T>> outermostFirst) {
    T w = inner;
    for (int i = outermostFirst.size() - 1; i >= 0; i--) {
      w = outermostFirst.get(i).apply(w);
    }
    return w;
  }
}
