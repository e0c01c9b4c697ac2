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
import io.weft.admin.AdminVerticle;
import io.weft.collector.CollectorSettings;
import io.weft.collector.CollectorVerticle;
import io.weft.collector.SpanProcessor;
import io.weft.config.ConfigException;
import io.weft.config.Options;
import io.weft.config.WeftConfig;
import io.weft.metrics.WeftMetrics;
import io.weft.query.QueryOptions;
import io.weft.query.QueryVerticle;
import io.weft.storage.SpanStore;
import io.weft.storage.cassandra.CassandraSettings;
import io.weft.storage.cassandra.CassandraSpanStore;
import io.weft.storage.memory.MemorySpanStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One Weft process: a Vert.x instance, the span store, and the verticles of the roles it runs.
 * The all-in-one node runs collector and query over the store named by {@code span-storage.type}.
 */
public final class WeftNode {
  public static final Set<String> ROLES = Set.of("agent", "collector", "ingester", "query");

  private final WeftConfig config;
  private final Set<String> roles;
  private final WeftMetrics metrics = new WeftMetrics();
  private final long startedAt = System.currentTimeMillis();
  private volatile String status = "starting";
  private Vertx vertx;
  private SpanStore store;
  private SpanProcessor processor;

  public WeftNode(WeftConfig config) {
    this.config = config;
    this.roles = parseRoles(config.getList(Options.ROLES));
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
    vertx = Vertx.builder().with(vo).withMetrics(new MicrometerMetricsFactory(metrics.registry())).build();
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
    if (roles.contains("collector")) {
      processor = CollectorSettings.processor(config, store, metrics);
      CollectorSettings cs = CollectorSettings.from(config);
      int n = config.getInt(Options.COLLECTOR_INSTANCES);
      int instances = n > 0 ? n : Math.max(1, Runtime.getRuntime().availableProcessors());
      deployed.add(vertx.deployVerticle(() -> new CollectorVerticle(cs, processor, metrics),
          new DeploymentOptions().setInstances(instances)));
    }
    if (roles.contains("query")) {
      QueryOptions qo = new QueryOptions(host, config.getInt(Options.QUERY_PORT),
          java.time.Duration.ofNanos(config.getMicros(Options.QUERY_MAX_SKEW) * 1000), config.get(Options.QUERY_WEBROOT));
      deployed.add(vertx.deployVerticle(new QueryVerticle(store, qo)));
    }
    return Future.all(deployed).mapEmpty();
  }

  /** The backend named by {@code span-storage.type}; Cassandra connects (and sets up its schema) first. */
  private Future<SpanStore> openStore() {
    String type = config.get(Options.STORAGE_TYPE);
    switch (type) {
      case "memory" -> {
        return Future.succeededFuture(memoryStore());
      }
      case "cassandra" -> {
        return CassandraSpanStore.open(vertx, CassandraSettings.from(config), metrics).map(c -> c);
      }
      default -> throw new ConfigException("span-storage.type '" + type + "' is not available: use memory or cassandra");
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
    // Receivers first (no new writes), then the store (its client needs a running Vert.x), then Vert.x.
    List<Future<?>> undeployed = new ArrayList<>();
    for (String id : v.deploymentIDs()) {
      undeployed.add(v.undeploy(id));
    }
    return Future.join(undeployed)
        .eventually(() -> store == null ? Future.succeededFuture() : store.close())
        .eventually(v::close)
        .mapEmpty();
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

  public WeftMetrics metrics() {
    return metrics;
  }

  public Vertx vertx() {
    return vertx;
  }
}
