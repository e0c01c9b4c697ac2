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
import io.weft.storage.cassandra.CassandraSettings;
import io.weft.storage.cassandra.CassandraSpanStore;
import io.weft.storage.cold.ColdSettings;
import io.weft.storage.cold.ColdStore;
import io.weft.storage.cold.CompactorVerticle;
import io.weft.storage.live.LiveSpanWriter;
import io.weft.storage.memory.MemorySpanStore;
import io.weft.storage.opensearch.OpenSearchSettings;
import io.weft.storage.opensearch.OpenSearchSpanStore;
import io.weft.storage.spread.SpreadStore;
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
  /** Layers on what collectors accept, outermost first; each sees every accepted span once, before Kafka or storage. */
  private List<UnaryOperator<SpanWriter>> intakeLayers() {
    List<UnaryOperator<SpanWriter>> layers = new ArrayList<>();
    // (tenancy: here, above tail sampling. Span metrics count before post-sampling and tail sampling, through
    // the processor's tap.)
    if (sampling.adaptive != null) {
      layers.add(sampling.adaptive::counting); // root spans per service and operation, for adaptive sampling
    }
    if (sampling.tailWriter != null) {
      // Tail sampling last: it holds spans until their trace is decided, then writes the kept ones to
      // the store chain (which is what it is given here). Behind Kafka the ingesters decide instead.
      layers.add(storeChain -> sampling.tailWriter);
    }
    return layers;
  }

  /** Layers on what is stored, outermost first; above placement, so each stored span passes once, where written. */
  private List<UnaryOperator<SpanWriter>> storeLayers() {
    List<UnaryOperator<SpanWriter>> layers = new java.util.ArrayList<>();
    layers.add(w -> new LiveSpanWriter(vertx, w)); // weft.spans.live*: published once the write below succeeded
    if (cold != null) {
      layers.add(w -> cold.countLate(w, metrics)); // spans too late for the cold handoff, counted
    }
    return layers;
  }

  /** Layers on reads, outermost first. */
  private List<UnaryOperator<SpanReader>> readLayers() {
    List<UnaryOperator<SpanReader>> layers = new java.util.ArrayList<>();
    layers.add(r -> new ArchiveFallbackReader(r, archive)); // a trace by id the store has not: from the archive
    if (cold != null) {
      layers.add(cold::over); // hot then cold: every query API reads both tiers (io.weft.storage.cold)
    }
    return layers;
  }

  private final Vertx vertx;
  private final WeftConfig config;
  private final WeftMetrics metrics;
  private final String backend;
  private final boolean viaKafka;
  private final SpanStore store;
  private final SpreadStore spread;
  private final SpreadArchive spreadArchive;
  private final ArchiveStore archive;
  private final SpanWriter storeWriter;
  private final SpanReader reader;
  private final SamplingParts sampling;
  private final ColdStore cold;
  private final SpanMetricsParts spanMetrics;
  private final TraceArchiver archiver;
  private SpanProcessor processor;
  private KafkaSpanWriter kafkaWriter;
  private volatile IngesterVerticle ingester;

  /**
   * The backend (bottom row of the table): memory, Cassandra (connected, its schema set up) or
   * OpenSearch/Elasticsearch (its templates put). With span-storage.type=kafka the backend is the
   * ingesters' ({@link IngesterSettings#backendType}).
   */
  static Future<SpanStore> openBackend(Vertx vertx, WeftConfig config, WeftMetrics metrics, String backend) {
    switch (backend) {
      case "memory" -> {
        MemorySpanStore memory = new MemorySpanStore(config.getInt(Options.MEMORY_MAX_TRACES));
        metrics.gauge("weft_stored_traces", "traces held by the in-memory store", memory::traceCount);
        metrics.gauge("weft_stored_spans", "spans held by the in-memory store", memory::spanCount);
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

  /**
   * The table for one node over its opened backend. Clustered ({@code cluster} not null) with a
   * node-local backend (memory), placement spreads traces over the members; a shared backend is used as is.
   */
  Wiring(Vertx vertx, WeftConfig config, WeftMetrics metrics, String backend, SpanStore store, ClusterNode cluster,
      AdaptiveSettings adaptive, TailSampling tail, ColdStore cold) {
    this.vertx = vertx;
    this.cold = cold;
    this.config = config;
    this.metrics = metrics;
    this.backend = backend;
    this.viaKafka = IngesterSettings.collectorWritesKafka(config);
    this.store = store;
    this.spread = cluster != null && backend.equals("memory")
        ? new SpreadStore(vertx, cluster.memberId(), store, cluster::memberIds, cluster.settings().queryTimeoutMs(),
            metrics)
        : null;
    // The archive beside the backend: Cassandra's table, or a memory store of its own, spread like the spans.
    ArchiveStore backendArchive = backendArchive(store);
    MemorySpanStore memoryArchive = backendArchive != null ? null : openMemoryArchive(config, metrics);
    this.spreadArchive = spread == null ? null : new SpreadArchive(vertx, cluster.memberId(), memoryArchive,
        cluster::memberIds, cluster.settings().queryTimeoutMs(), metrics);
    this.archive = backendArchive != null ? backendArchive
        : spreadArchive != null ? spreadArchive.store() : ArchiveStore.of(memoryArchive, memoryArchive);
    // Built once per node: the collector and ingester roles come and go, the live consumers stay.
    this.storeWriter = layered(spread == null ? store : spread.writer(), storeLayers());
    this.reader = layered(spread == null ? store : spread.reader(), readLayers());
    this.sampling = new SamplingParts(vertx, metrics, adaptive, tail, store, cluster, storeWriter, viaKafka,
        cluster == null ? 0 : cluster.settings().queryTimeoutMs());
    this.spanMetrics = new SpanMetricsParts(vertx, config, metrics, store, cluster, spread != null);
    this.archiver = new TraceArchiver(reader, archive);
  }

  /** The backend's own archive (Cassandra's table, OpenSearch's archive index), or null for memory. */
  private static ArchiveStore backendArchive(SpanStore store) {
    if (store instanceof CassandraSpanStore c) {
      return c.archive();
    }
    if (store instanceof OpenSearchSpanStore o) {
      return o.archive();
    }
    return null;
  }

  /** The in-memory archive, bounded apart from the store ({@code memory.archive.max-traces}). */
  private static MemorySpanStore openMemoryArchive(WeftConfig config, WeftMetrics metrics) {
    MemorySpanStore m = new MemorySpanStore(config.getInt(Options.MEMORY_ARCHIVE_MAX_TRACES));
    metrics.gauge("weft_archived_traces", "archived traces held by this node's in-memory archive", m::traceCount);
    metrics.gauge("weft_memory_archive_evicted_traces", "archived traces evicted from the in-memory archive "
        + "(memory.archive.max-traces)", m::evictedTraces);
    return m;
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
    return SpreadStore.serve(vertx, cluster.memberId(), store, Query::parse)
        .compose(v -> spreadArchive == null ? Future.succeededFuture() : spreadArchive.serve())
        .compose(v -> spanMetrics.joinCluster(cluster));
  }

  /** Clustered, leaving: hands this member's spans and archived traces to the owners that stay; never fails. */
  Future<Void> handOff(Assignment plan, long deadlineNanos) {
    return spanMetrics.flushNow().compose(v -> {
      if (spread == null) {
        return Future.succeededFuture();
      }
      List<String> owners = plan.holders(storingRole());
      return Future.join(spread.handOff(owners, deadlineNanos), spreadArchive.handOff(owners, deadlineNanos))
          .mapEmpty();
    });
  }

  /** Role → how to start it on this node, each with its writer and reader from the table above. */
  Map<Role, RoleDeployer> deployers(AgentSettings agent, SamplingSettings samplingSettings, JaegerUiSettings jaegerUi,
      Consumer<Router> queryRoutes, BooleanSupplier queryRunsHere) {
    Map<Role, RoleDeployer> d = new EnumMap<>(Role.class);
    // Zipkin's query API: on the Zipkin port beside its receiver (while the query role runs here), and on the query port.
    ZipkinApi zipkin = new ZipkinApi(reader, ZipkinSettings.from(config));
    if (agent != null) {
      d.put(Role.AGENT, RoleDeployer.of(v -> v.deployVerticle(new AgentVerticle(agent, metrics)),
          v -> v.deployVerticle(new SamplingVerticle(samplingSettings, metrics,
              sampling.adaptive == null ? null : sampling.adaptive.strategies()))));
    }
    Function<Vertx, Future<String>> collectors = v -> collectorSink().compose(sink -> {
      SpanProcessor p = processor(sink);
      CollectorSettings cs = CollectorSettings.from(config);
      int n = config.getInt(Options.COLLECTOR_INSTANCES);
      int instances = n > 0 ? n : Math.max(1, Runtime.getRuntime().availableProcessors());
      return v.deployVerticle(() -> new CollectorVerticle(cs, p, metrics, r -> zipkin.mountOnZipkinPort(r, queryRunsHere)),
          new DeploymentOptions().setInstances(instances));
    });
    // Adaptive sampling's engine (throughput flushes, the leader's calculation) runs with the collectors.
    d.put(Role.COLLECTOR, sampling.adaptive == null ? RoleDeployer.of(collectors)
        : RoleDeployer.of(v -> v.deployVerticle(sampling.adaptive.newEngine()), collectors));
    Function<Vertx, Future<String>> ingesterRole = v -> {
      IngesterVerticle i = new IngesterVerticle(IngesterSettings.from(config), KafkaSettings.from(config), storeWriter,
          metrics, sampling.tail == null ? null : sampling.tail.sampler());
      ingester = i;
      return v.deployVerticle(i);
    };
    Function<Vertx, Future<String>> metricsIngester = spanMetrics.ingesterPart();
    d.put(Role.INGESTER, metricsIngester == null ? RoleDeployer.of(ingesterRole)
        : RoleDeployer.of(ingesterRole, metricsIngester));
    QueryOptions qo = new QueryOptions(config.get(Options.HOST), config.getInt(Options.QUERY_PORT),
        Duration.ofNanos(config.getMicros(Options.QUERY_MAX_SKEW) * 1000), config.get(Options.QUERY_WEBROOT),
        SearchLimits.from(config).counted(metrics.meterRegistry()));
    QueryService queries = new QueryService(reader, new TraceAssembler(qo.maxClockSkewAdjustment()), qo.searchLimits());
    if (cold != null) {
      // The handoff reads what the query reads below the tiers: the backend, or every member's under placement.
      SpanReader hot = spread == null ? store : spread.reader();
      d.put(Role.COMPACTOR, RoleDeployer.of(v -> v.deployVerticle(new CompactorVerticle(cold.compactorWork(hot, metrics)))));
    }
    d.put(Role.QUERY, RoleDeployer.of(
        v -> v.deployVerticle(new QueryVerticle(reader, qo, archiver, jaegerUi,
            queryRoutes.andThen(zipkin::mountOnQueryPort).andThen(spanMetrics::mountQuery), spanMetrics.enabled())),
        v -> v.deployVerticle(new QueryBusVerticle(queries)),
        v -> v.deployVerticle(new QueryGrpcVerticle(queries, archiver::archive, config.get(Options.HOST),
            config.getInt(Options.QUERY_GRPC_PORT), metrics))));
    return d;
  }

  /** The collector's sink behind the intake layers: Kafka (its listeners open once Kafka is ready), or the store chain. */
  private synchronized Future<SpanWriter> collectorSink() {
    if (!viaKafka) {
      return Future.succeededFuture(storeWriter);
    }
    if (kafkaWriter != null) {
      return Future.succeededFuture(kafkaWriter);
    }
    kafkaWriter = new KafkaSpanWriter(vertx, KafkaSettings.from(config), metrics);
    return kafkaWriter.start().map(kafkaWriter);
  }

  /** One pipeline per node, whichever collector deployment uses it (its in-flight bound is per node). */
  private synchronized SpanProcessor processor(SpanWriter sink) {
    if (processor == null) {
      processor = CollectorSettings.processor(config, layered(sink, intakeLayers()), metrics, spanMetrics.tap());
    }
    return processor;
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
    return sampling.close(vertx).eventually(spanMetrics::close)
        .eventually(() -> k == null ? Future.<Void>succeededFuture() : k.close())
        .eventually(() -> cold == null ? Future.<Void>succeededFuture() : cold.close());
  }

  /** The cold tier when {@code cold.type} is set (null otherwise), opened once its blocks are listed. */
  static Future<ColdStore> openCold(Vertx vertx, WeftConfig config, WeftMetrics metrics) {
    return ColdSettings.enabled(config) ? ColdStore.open(vertx, ColdSettings.from(config), metrics)
        : Future.succeededFuture(null);
  }

  private static <T> T layered(T inner, List<UnaryOperator<T>> outermostFirst) {
    T w = inner;
    for (int i = outermostFirst.size() - 1; i >= 0; i--) {
      w = outermostFirst.get(i).apply(w);
    }
    return w;
  }
}
