package io.weft;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.core.VertxBuilder;
import io.vertx.ext.web.Router;
import io.weft.admin.AdminVerticle;
import io.weft.cluster.ClusterHttp;
import io.weft.cluster.ClusterNode;
import io.weft.cluster.ClusterSettings;
import io.weft.cluster.NodeSpec;
import io.weft.cluster.RoleDeployer;
import io.weft.eventbus.Bridges;
import io.weft.eventbus.LiveSpanWriter;
import io.weft.eventbus.QueryBusVerticle;
import io.weft.collector.CollectorSettings;
import io.weft.collector.CollectorVerticle;
import io.weft.collector.SpanProcessor;
import io.weft.config.ConfigException;
import io.weft.config.Options;
import io.weft.config.WeftConfig;
import io.weft.metrics.WeftMetrics;
import io.weft.query.QueryOptions;
import io.weft.query.QueryService;
import io.weft.query.QueryVerticle;
import io.weft.query.TraceAssembler;
import io.weft.storage.SpanReader;
import io.weft.storage.SpanStore;
import io.weft.storage.SpanWriter;
import io.weft.storage.memory.MemorySpanStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One Weft process: a Vert.x instance, the span store, and the verticles of the roles it runs.
 * The all-in-one node runs collector and query over the in-memory store. With {@code --cluster} the
 * node joins a Hazelcast cluster and a {@link ClusterNode} decides which roles run here; either way a
 * role starts through its entry in {@link #deployers}.
 */
public final class WeftNode {
  public static final Set<String> ROLES = Set.of("agent", "collector", "ingester", "query");

  private final WeftConfig config;
  private final Set<String> roles;
  private final ClusterSettings cluster;
  private final NodeSpec spec;
  private ClusterNode clusterNode;
  private final WeftMetrics metrics = new WeftMetrics();
  private final long startedAt = System.currentTimeMillis();
  private volatile String status = "starting";
  private Vertx vertx;
  private SpanStore store;
  private SpanProcessor processor;

  public WeftNode(WeftConfig config) {
    this.config = config;
    this.cluster = ClusterSettings.from(config);
    if (cluster.enabled()) {
      this.spec = NodeSpec.parse("", config.getList(Options.ROLES), ROLES, cluster.spareRoles());
      this.roles = spec.pinned();
    } else {
      this.spec = null;
      this.roles = parseRoles(config.getList(Options.ROLES));
    }
  }

  static Set<String> parseRoles(List<String> names) {
    Set<String> out = new LinkedHashSet<>();
    for (String r : names) {
      if (r.equals("all") || r.equals("any")) {
        out.addAll(List.of("collector", "query"));
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
        : ClusterNode.join(builder, vo, cluster, spec, advertised(config.getInt(Options.ADMIN_PORT)), metrics,
            config.get(Options.STORAGE_TYPE).equals("memory")).map(c -> {
              clusterNode = c;
              return c.vertx();
            });
    return up.compose(v -> {
          vertx = v;
          return startRoles();
        })
        .map(v -> {
          status = "ready";
          return this;
        })
        .recover(err -> close().transform(ignored -> Future.failedFuture(err)));
  }

  private Future<Void> startRoles() {
    store = createStore();
    LiveSpanWriter.registerCodec(vertx);
    SpanWriter writer = new LiveSpanWriter(vertx, clusterNode == null ? store : clusterNode.writer(store));
    SpanReader reader = clusterNode == null ? store : clusterNode.reader(store);
    Map<String, RoleDeployer> deployers = deployers(writer, reader);
    String host = config.get(Options.HOST);
    if (clusterNode != null) {
      clusterNode.init(deployers, this::health);
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
      return Future.all(admin, bridge).compose(v -> clusterNode.start(store));
    }
    List<Future<?>> deployed = new ArrayList<>(List.of(admin));
    for (String role : roles) {
      if (deployers.containsKey(role)) {
        deployed.add(deployers.get(role).deploy(vertx));
      }
    }
    return Future.all(deployed).mapEmpty();
  }

  /** Role name → how to start it here. Plug further roles (agent, ingester) in here. */
  private Map<String, RoleDeployer> deployers(SpanWriter writer, SpanReader reader) {
    String host = config.get(Options.HOST);
    Map<String, RoleDeployer> d = new LinkedHashMap<>();
    d.put("collector", RoleDeployer.of(v -> {
      SpanProcessor p = processor(writer);
      CollectorSettings cs = CollectorSettings.from(config);
      int n = config.getInt(Options.COLLECTOR_INSTANCES);
      int instances = n > 0 ? n : Math.max(1, Runtime.getRuntime().availableProcessors());
      return v.deployVerticle(() -> new CollectorVerticle(cs, p, metrics), new DeploymentOptions().setInstances(instances));
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

  private SpanStore createStore() {
    String type = config.get(Options.STORAGE_TYPE);
    if (!type.equals("memory")) {
      throw new ConfigException("span-storage.type '" + type + "' is not available: use memory");
    }
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

  /** Stops the node; clustered, first hands its roles (and in-memory spans) to the members that stay. */
  public Future<Void> close() {
    status = "stopping";
    if (vertx == null) {
      return Future.succeededFuture();
    }
    Vertx v = vertx;
    Future<Void> leave = clusterNode == null || store == null ? Future.succeededFuture() : clusterNode.leave(store);
    return leave.eventually(v::close).eventually(() -> store == null ? Future.succeededFuture() : store.close())
        .mapEmpty();
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

  public WeftMetrics metrics() {
    return metrics;
  }

  public Vertx vertx() {
    return vertx;
  }
}
