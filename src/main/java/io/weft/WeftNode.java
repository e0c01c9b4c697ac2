package io.weft;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.weft.admin.AdminVerticle;
import io.weft.agent.AgentSettings;
import io.weft.agent.AgentVerticle;
import io.weft.wire.SpanBatch;
import io.weft.wire.SpanBatchCodec;
import io.weft.cluster.ClusterHttp;
import io.weft.cluster.ClusterNode;
import io.weft.cluster.ClusterSettings;
import io.weft.cluster.NodeSpec;
import io.weft.role.RoleDeployer;
import io.weft.collector.CollectorSettings;
import io.weft.collector.CollectorVerticle;
import io.weft.collector.SpanProcessor;
import io.weft.config.ConfigException;
import io.weft.config.Options;
import io.weft.config.WeftConfig;
import io.weft.query.eventbus.Bridges;
import io.weft.storage.live.LiveSpanWriter;
import io.weft.query.eventbus.QueryBusVerticle;
import io.weft.ingester.IngesterSettings;
import io.weft.ingester.IngesterVerticle;
import io.weft.kafka.KafkaSettings;
import io.weft.kafka.KafkaSpanWriter;
import io.weft.metrics.WeftMetrics;
import io.weft.query.QueryOptions;
import io.weft.query.QueryService;
import io.weft.query.http.QueryVerticle;
import io.weft.query.TraceAssembler;
import io.weft.sampling.SamplingSettings;
import io.weft.sampling.SamplingVerticle;
import io.weft.storage.SpanReader;
import io.weft.storage.SpanStore;
import io.weft.storage.SpanWriter;
import io.weft.storage.cassandra.CassandraSettings;
import io.weft.storage.cassandra.CassandraSpanStore;
import io.weft.storage.memory.MemorySpanStore;
import io.weft.storage.opensearch.OpenSearchSettings;
import io.weft.storage.opensearch.OpenSearchSpanStore;
import io.weft.storage.spread.SpreadStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.LoggerFactory;

/**
 * One Weft process: a Vert.x instance, the span store, and the verticles of the roles it runs.
 * The all-in-one node runs agent, collector and query over the store named by {@code span-storage.type}.
 * With {@code --cluster} the node joins a Hazelcast cluster and a {@link ClusterNode} decides which
 * roles run here; either way a role starts through its entry in {@link #deployers}.
 */
public final class WeftNode {
  public static final Set<String> ROLES = Set.of("agent", "collector", "ingester", "query");
  /** What {@code all} means. */
  static final List<String> ALL_IN_ONE = List.of("agent", "collector", "query");

  private final WeftConfig config;
  private final Set<String> roles;
  private final ClusterSettings cluster;
  private final NodeSpec spec;
  private ClusterNode clusterNode;
  private final String backend;
  private final WeftMetrics metrics = new WeftMetrics();
  private final long startedAt = System.currentTimeMillis();
  private volatile String status = "starting";
  private Vertx vertx;
  private SpanStore store;
  private SpreadStore spread;
  private SpanProcessor processor;
  private KafkaSpanWriter kafkaWriter;
  private IngesterVerticle ingester;
  private final AgentSettings agentSettings;
  private final SamplingSettings samplingSettings;
  private Map<String, RoleDeployer> deployers = Map.of();
  /** Unclustered: role → its deployment ids. */
  private final Map<String, List<String>> deployments = new ConcurrentHashMap<>();

  public WeftNode(WeftConfig config) {
    this.config = config;
    this.cluster = ClusterSettings.from(config);
    if (cluster.enabled()) {
      this.spec = NodeSpec.parse("", config.getList(Options.ROLES), ROLES, ALL_IN_ONE, cluster.spareRoles());
      this.roles = spec.pinned();
    } else {
      this.spec = null;
      this.roles = parseRoles(config.getList(Options.ROLES));
    }
    this.backend = IngesterSettings.backendType(config, roles); // settings errors surface here, before start
    if (roles.contains("ingester")) {
      IngesterSettings.from(config);
    }
    if (roles.contains("ingester") || (roles.contains("collector") && IngesterSettings.collectorWritesKafka(config))) {
      KafkaSettings.from(config);
    }
    // A bad value fails here, before anything runs. Clustered, every node knows every role (the set of
    // roles one can ask for must not depend on which node is asked), and may be given the agent later.
    boolean agent = roles.contains("agent") || spec != null;
    this.agentSettings = agent ? AgentSettings.from(config) : null;
    this.samplingSettings = agent ? SamplingSettings.from(config) : null;
  }

  static Set<String> parseRoles(List<String> names) {
    Set<String> out = new LinkedHashSet<>();
    for (String r : names) {
      if (r.equals("all") || r.equals("any")) {
        out.addAll(ALL_IN_ONE);
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
    VertxBuilder builder = Vertx.builder().withMetrics(new MicrometerMetricsFactory(metrics.registry()));
    Future<Vertx> up = !cluster.enabled() ? Future.succeededFuture(builder.with(vo).build())
        : ClusterNode.join(builder, vo, cluster, spec, advertised(config.getInt(Options.ADMIN_PORT)), metrics)
            .map(c -> {
              clusterNode = c;
              return c.vertx();
            });
    return up.compose(v -> {
          vertx = v;
          // Every node reads agents' batches and live spans, whatever its roles: in a cluster any node may receive one.
          vertx.eventBus().registerDefaultCodec(SpanBatch.class, new SpanBatchCodec());
          LiveSpanWriter.registerCodec(vertx);
          try {
            return openStore();
          } catch (RuntimeException e) {
            return Future.failedFuture(e);
          }
        })
        .compose(s -> {
          store = s;
          return startRoles();
        })
        .map(v -> {
          status = "ready";
          return this;
        })
        .recover(err -> close().transform(ignored -> Future.failedFuture(err)));
  }

  private Future<Void> startRoles() {
    // Clustered with a node-local store (memory), spans spread over the members; a shared store is used directly.
    if (clusterNode != null && backend.equals("memory")) {
      spread = new SpreadStore(vertx, clusterNode.memberId(), store, clusterNode::memberIds,
          cluster.queryTimeoutMs(), metrics);
    }
    SpanWriter writer = new LiveSpanWriter(vertx, spread == null ? store : spread.writer());
    SpanReader reader = spread == null ? store : spread.reader();
    deployers = deployers(writer, reader);
    String host = config.get(Options.HOST);
    if (clusterNode != null) {
      clusterNode.init(deployers, this::health);
      if (spread != null) {
        SpreadStore s = spread;
        clusterNode.onPlan(plan -> s.owners(plan.holders("collector")));
      }
    }
    Future<?> admin = vertx.deployVerticle(new AdminVerticle(host, config.getInt(Options.ADMIN_PORT), metrics,
        this::health, r -> {
          if (clusterNode != null) {
            new ClusterHttp(clusterNode.state()).mountAdmin(r);
          }
        }));
    if (clusterNode != null) {
      Future<?> bridge = cluster.bridgePort() > 0
          ? Bridges.tcp(vertx, host, cluster.bridgePort(), cluster.bridgeAdmin()) : Future.succeededFuture();
      return Future.all(admin, bridge)
          .compose(v -> SpreadStore.serve(vertx, clusterNode.memberId(), store))
          .compose(v -> clusterNode.start());
    }
    if (roles.contains("agent") && !roles.contains("collector") && agentSettings.collectorHost().isEmpty()) {
      LoggerFactory.getLogger(WeftNode.class).warn("agent without a collector: set --agent.collector.host=host:port "
          + "(a collector's OTLP gRPC port); until one answers, spans wait in the agent's buffer");
    }
    List<Future<?>> deployed = new ArrayList<>(List.of(admin));
    for (String role : roles) {
      if (deployers.containsKey(role)) {
        deployed.add(deployers.get(role).deploy(vertx).onSuccess(ids -> deployments.put(role, ids)));
      }
    }
    return Future.all(deployed).mapEmpty();
  }

  /** Role name → how to start it here. */
  private Map<String, RoleDeployer> deployers(SpanWriter writer, SpanReader reader) {
    String host = config.get(Options.HOST);
    Map<String, RoleDeployer> d = new LinkedHashMap<>();
    if (agentSettings != null) {
      d.put("agent", RoleDeployer.of(v -> v.deployVerticle(new AgentVerticle(agentSettings, metrics)),
          v -> v.deployVerticle(new SamplingVerticle(samplingSettings, metrics))));
    }
    d.put("collector", RoleDeployer.of(v -> collectorWriter(writer).compose(w -> {
      SpanProcessor p = processor(w);
      CollectorSettings cs = CollectorSettings.from(config);
      int n = config.getInt(Options.COLLECTOR_INSTANCES);
      int instances = n > 0 ? n : Math.max(1, Runtime.getRuntime().availableProcessors());
      return v.deployVerticle(() -> new CollectorVerticle(cs, p, metrics), new DeploymentOptions().setInstances(instances));
    })));
    d.put("ingester", RoleDeployer.of(v -> {
      ingester = new IngesterVerticle(IngesterSettings.from(config), KafkaSettings.from(config), store, metrics);
      return v.deployVerticle(ingester);
    }));
    QueryOptions qo = new QueryOptions(host, config.getInt(Options.QUERY_PORT),
        java.time.Duration.ofNanos(config.getMicros(Options.QUERY_MAX_SKEW) * 1000), config.get(Options.QUERY_WEBROOT));
    d.put("query", RoleDeployer.of(
        v -> v.deployVerticle(new QueryVerticle(reader, qo, this::queryRoutes)),
        v -> v.deployVerticle(new QueryBusVerticle(new QueryService(reader,
            new TraceAssembler(qo.maxClockSkewAdjustment()))))));
    return d;
  }

  /** One pipeline per node, whichever collector deployment uses it (its queue bound is per node). */
  private synchronized SpanProcessor processor(SpanWriter writer) {
    if (processor == null) {
      processor = CollectorSettings.processor(config, writer, metrics);
    }
    return processor;
  }

  /** With span-storage.type=kafka the collector writes to Kafka, and its listeners open once Kafka is ready. */
  private synchronized Future<SpanWriter> collectorWriter(SpanWriter direct) {
    if (!IngesterSettings.collectorWritesKafka(config)) {
      return Future.succeededFuture(direct);
    }
    if (kafkaWriter != null) {
      return Future.succeededFuture(kafkaWriter);
    }
    kafkaWriter = new KafkaSpanWriter(vertx, KafkaSettings.from(config), metrics);
    return kafkaWriter.start().map(kafkaWriter);
  }

  /**
   * Deploys the collector verticles (receivers and the agents' event-bus consumer) on an unclustered
   * node. With {@link #stopCollector()}, lets tests take the collector away while the rest of the node runs.
   */
  public Future<String> startCollector() {
    return deployers.get("collector").deploy(vertx).map(ids -> {
      deployments.put("collector", ids);
      return ids.get(0);
    });
  }

  public Future<Void> stopCollector() {
    List<String> ids = deployments.remove("collector");
    return ids == null ? Future.succeededFuture() : Future.all(ids.stream().map(vertx::undeploy).toList()).mapEmpty();
  }

  /** The query port's extras: the browser's event-bus bridge, and the cluster view for the UI. */
  private void queryRoutes(Router router) {
    Bridges.sockJs(vertx, router);
    if (clusterNode != null) {
      new ClusterHttp(clusterNode.state()).mountQuery(router, cluster.queryAdmin());
    }
  }

  /** host:port others can reach this node's port at (the bind address unless it is a wildcard). */
  private String advertised(int port) {
    String host = config.get(Options.HOST);
    return (host.equals("0.0.0.0") || host.equals("::") ? cluster.publicHost() : host) + ":" + port;
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
      case "opensearch", "elasticsearch" -> {
        return OpenSearchSpanStore.open(vertx, OpenSearchSettings.from(config), metrics).map(o -> o);
      }
      default -> throw new ConfigException("storage type '" + type + "' is not available: use memory, cassandra, "
          + "opensearch or elasticsearch"
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

  /** What {@code /health} answers; clustered, also the roles pinned, assigned and running, and the membership. */
  public JsonObject health() {
    JsonObject h = new JsonObject()
        .put("status", status)
        .put("roles", new JsonArray(List.copyOf(roles)))
        .put("storage", config.get(Options.STORAGE_TYPE))
        .put("upSince", Instant.ofEpochMilli(startedAt).toString())
        .put("uptimeMs", System.currentTimeMillis() - startedAt);
    if (clusterNode != null) {
      clusterNode.health(h);
    }
    return h;
  }

  /**
   * Stops the node. Clustered, it first hands its roles (and in-memory spans) to the members that
   * stay. The agent goes first, while the collectors can still take what it holds; then the other
   * receivers (no new writes), then the store (its client needs a running Vert.x), then Vert.x.
   */
  public Future<Void> close() {
    status = "stopping";
    if (vertx == null) {
      return Future.succeededFuture();
    }
    Vertx v = vertx;
    SpreadStore s = spread;
    Future<Void> left = clusterNode == null || store == null ? Future.succeededFuture()
        : clusterNode.leave((plan, deadline) -> s == null ? Future.succeededFuture()
            : s.handOff(plan.holders("collector"), deadline));
    List<String> agent = deployments.remove("agent");
    // The chain hangs off a context-free promise: a future bound to a verticle's context could not
    // complete once Vert.x, and that context's event loop, are closed.
    Promise<Void> closed = Promise.promise();
    left.transform(x -> agent == null ? Future.succeededFuture() : Future.join(agent.stream().map(v::undeploy).toList()))
        .onComplete(ignored -> {
          List<Future<?>> undeployed = new ArrayList<>();
          for (String id : v.deploymentIDs()) {
            undeployed.add(v.undeploy(id));
          }
          // The Kafka producer after the receivers, so records already sent get their acknowledgement.
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

  /** The roles running here: those launched with, or clustered, those running now. */
  public Set<String> roles() {
    return clusterNode == null ? roles : clusterNode.running();
  }

  /** The cluster side, or null when not started with --cluster. */
  public ClusterNode cluster() {
    return clusterNode;
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
