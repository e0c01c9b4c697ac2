package io.weft;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.weft.admin.AdminVerticle;
import io.weft.agent.AgentSettings;
import io.weft.agent.AgentVerticle;
import io.weft.bus.SpanBatch;
import io.weft.bus.SpanBatchCodec;
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
import io.weft.query.QueryVerticle;
import io.weft.sampling.SamplingSettings;
import io.weft.sampling.SamplingVerticle;
import io.weft.storage.SpanStore;
import io.weft.storage.SpanWriter;
import io.weft.storage.cassandra.CassandraSettings;
import io.weft.storage.cassandra.CassandraSpanStore;
import io.weft.storage.memory.MemorySpanStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * One Weft process: a Vert.x instance, the span store, and the verticles of the roles it runs.
 * The all-in-one node runs agent, collector and query over the store named by {@code span-storage.type}.
 */
public final class WeftNode {
  public static final Set<String> ROLES = Set.of("agent", "collector", "ingester", "query");

  private final WeftConfig config;
  private final Set<String> roles;
  private final String backend;
  private final WeftMetrics metrics = new WeftMetrics();
  private final long startedAt = System.currentTimeMillis();
  private volatile String status = "starting";
  private Vertx vertx;
  private SpanStore store;
  private SpanProcessor processor;
  private KafkaSpanWriter kafkaWriter;
  private IngesterVerticle ingester;
  private final AgentSettings agentSettings;
  private final SamplingSettings samplingSettings;
  private String agentDeployment;
  private String collectorDeployment;

  public WeftNode(WeftConfig config) {
    this.config = config;
    this.roles = parseRoles(config.getList(Options.ROLES));
    this.backend = IngesterSettings.backendType(config, roles); // settings errors surface here, before start
    if (roles.contains("ingester")) {
      IngesterSettings.from(config);
    }
    if (roles.contains("ingester") || (roles.contains("collector") && IngesterSettings.collectorWritesKafka(config))) {
      KafkaSettings.from(config);
    }
    boolean agent = roles.contains("agent");
    this.agentSettings = agent ? AgentSettings.from(config) : null; // a bad value fails here, before anything runs
    this.samplingSettings = agent ? SamplingSettings.from(config) : null;
  }

  static Set<String> parseRoles(List<String> names) {
    Set<String> out = new LinkedHashSet<>();
    for (String r : names) {
      if (r.equals("all") || r.equals("any")) {
        out.addAll(List.of("agent", "collector", "query"));
      } else if (ROLES.contains(r)) {
        out.add(r);
      } else {
        throw new ConfigException("unknown role '" + r + "': use agent, collector, ingester, query or all");
      }
    }
    if (out.isEmpty()) {
      throw new ConfigException("no role given: use --roles=all or a comma list of agent, collector, ingester, query");
    }
    return out;
  }

  /** Starts every role; the future fails (and the node stops) if any listener cannot start. */
  public Future<WeftNode> start() {
    VertxOptions vo = new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
    vertx = Vertx.builder().with(vo).withMetrics(new MicrometerMetricsFactory(metrics.registry())).build();
    // Every node reads agents' batches, whatever its roles: in a cluster any node may receive one.
    vertx.eventBus().registerDefaultCodec(SpanBatch.class, new SpanBatchCodec());
    Future<SpanStore> opened;
    try {
      opened = openStore();
    } catch (RuntimeException e) {
      opened = Future.failedFuture(e);
    }
    return opened
        .compose(s -> {
          store = s;
          return deployRoles();
        })
        .map(v -> {
          status = "ready";
          return this;
        })
        .recover(err -> close().transform(ignored -> Future.failedFuture(err)));
  }

  private Future<Void> deployRoles() {
    List<Future<?>> deployed = new ArrayList<>();
    String host = config.get(Options.HOST);
    deployed.add(vertx.deployVerticle(new AdminVerticle(host, config.getInt(Options.ADMIN_PORT), metrics, this::health)));
    if (roles.contains("agent")) {
      if (!roles.contains("collector") && agentSettings.collectorHost().isEmpty() && !vertx.isClustered()) {
        LoggerFactory.getLogger(WeftNode.class).warn("agent without a collector: set --agent.collector.host=host:port "
            + "(a collector's OTLP gRPC port); until one answers, spans wait in the agent's buffer");
      }
      deployed.add(vertx.deployVerticle(new AgentVerticle(agentSettings, metrics)).onSuccess(id -> agentDeployment = id));
      deployed.add(vertx.deployVerticle(new SamplingVerticle(samplingSettings, metrics)));
    }
    if (roles.contains("collector")) {
      deployed.add(collectorWriter().compose(w -> {
        processor = CollectorSettings.processor(config, w, metrics);
        return startCollector();
      }));
    }
    if (roles.contains("ingester")) {
      ingester = new IngesterVerticle(IngesterSettings.from(config), KafkaSettings.from(config), store, metrics);
      deployed.add(vertx.deployVerticle(ingester));
    }
    if (roles.contains("query")) {
      QueryOptions qo = new QueryOptions(host, config.getInt(Options.QUERY_PORT),
          java.time.Duration.ofNanos(config.getMicros(Options.QUERY_MAX_SKEW) * 1000), config.get(Options.QUERY_WEBROOT));
      deployed.add(vertx.deployVerticle(new QueryVerticle(store, qo)));
    }
    return Future.all(deployed).mapEmpty();
  }

  /** With span-storage.type=kafka the collector writes to Kafka, and its listeners open once Kafka is ready. */
  private Future<SpanWriter> collectorWriter() {
    if (!IngesterSettings.collectorWritesKafka(config)) {
      return Future.succeededFuture(store);
    }
    kafkaWriter = new KafkaSpanWriter(vertx, KafkaSettings.from(config), metrics);
    return kafkaWriter.start().map(kafkaWriter);
  }

  /**
   * Deploys the collector verticles (receivers and the agents' event-bus consumer). With
   * {@link #stopCollector()}, lets tests take the collector away while the rest of the node runs.
   */
  public Future<String> startCollector() {
    CollectorSettings cs = CollectorSettings.from(config);
    int n = config.getInt(Options.COLLECTOR_INSTANCES);
    int instances = n > 0 ? n : Math.max(1, Runtime.getRuntime().availableProcessors());
    return vertx.deployVerticle(() -> new CollectorVerticle(cs, processor, metrics),
        new DeploymentOptions().setInstances(instances)).onSuccess(id -> collectorDeployment = id);
  }

  public Future<Void> stopCollector() {
    String id = collectorDeployment;
    collectorDeployment = null;
    return id == null ? Future.succeededFuture() : vertx.undeploy(id);
  }

  /**
   * The backend named by {@code span-storage.type} (with kafka: by {@code ingester.storage.type}, see
   * {@link IngesterSettings#backendType}); Cassandra connects (and sets up its schema) first.
   */
  private Future<SpanStore> openStore() {
    String type = backend;
    switch (type) {
      case "memory" -> {
        return Future.succeededFuture(memoryStore());
      }
      case "cassandra" -> {
        return CassandraSpanStore.open(vertx, CassandraSettings.from(config), metrics).map(c -> c);
      }
      default -> throw new ConfigException("storage type '" + type + "' is not available: use memory or cassandra"
          + " (or kafka for collectors)");
    }
  }

  private SpanStore memoryStore() {
    MemorySpanStore memory = new MemorySpanStore(config.getInt(Options.MEMORY_MAX_TRACES));
    metrics.gauge("weft_stored_traces", "traces held by the in-memory store", memory::traceCount);
    metrics.gauge("weft_stored_spans", "spans held by the in-memory store", memory::spanCount);
    metrics.gauge("weft_memory_evicted_traces", "traces evicted from the in-memory store (max-traces)",
        memory::evictedTraces);
    return memory;
  }

  /** What {@code /health} answers. */
  public JsonObject health() {
    return new JsonObject()
        .put("status", status)
        .put("roles", new JsonArray(List.copyOf(roles)))
        .put("storage", config.get(Options.STORAGE_TYPE))
        .put("upSince", Instant.ofEpochMilli(startedAt).toString())
        .put("uptimeMs", System.currentTimeMillis() - startedAt);
  }

  public Future<Void> close() {
    status = "stopping";
    if (vertx == null) {
      return Future.succeededFuture();
    }
    Vertx v = vertx;
    // The agent goes first, while the collectors can still take what it holds; then the other
    // receivers (no new writes); then the Kafka producer, so records already sent get their
    // acknowledgement (up to the delivery timeout); then the store (its client needs a running
    // Vert.x), then Vert.x. The chain hangs off a context-free promise: a future bound to a
    // verticle's context could not complete once Vert.x, and that context's event loop, are closed.
    Future<Void> agentStopped = agentDeployment == null ? Future.succeededFuture() : v.undeploy(agentDeployment);
    Promise<Void> closed = Promise.promise();
    agentStopped.onComplete(ignored -> {
      List<Future<?>> undeployed = new ArrayList<>();
      for (String id : v.deploymentIDs()) {
        undeployed.add(v.undeploy(id));
      }
      Future.join(undeployed)
          .eventually(() -> kafkaWriter == null ? Future.succeededFuture() : kafkaWriter.close())
          .eventually(() -> store == null ? Future.succeededFuture() : store.close())
          .eventually(v::close)
          .<Void>mapEmpty()
          .onComplete(closed);
    });
    return closed.future();
  }

  public WeftConfig config() {
    return config;
  }

  public Set<String> roles() {
    return roles;
  }

  public SpanStore store() {
    return store;
  }

  /** The ingester role's verticle (null without the role): a replay's completion. */
  public IngesterVerticle ingester() {
    return ingester;
  }

  public WeftMetrics metrics() {
    return metrics;
  }

  public Vertx vertx() {
    return vertx;
  }
}
