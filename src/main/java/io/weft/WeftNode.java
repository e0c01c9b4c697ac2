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
import io.weft.ingester.IngesterSettings;
import io.weft.ingester.IngesterVerticle;
import io.weft.kafka.KafkaSettings;
import io.weft.kafka.KafkaSpanWriter;
import io.weft.metrics.WeftMetrics;
import io.weft.query.QueryOptions;
import io.weft.query.QueryVerticle;
import io.weft.storage.SpanStore;
import io.weft.storage.SpanWriter;
import io.weft.storage.memory.MemorySpanStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One Weft process: a Vert.x instance, the span store, and the verticles of the roles it runs.
 * The all-in-one node runs collector and query over the in-memory store.
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

  public WeftNode(WeftConfig config) {
    this.config = config;
    this.roles = parseRoles(config.getList(Options.ROLES));
    this.backend = IngesterSettings.backendType(config); // settings errors surface here, before start
    if (roles.contains("ingester")) {
      IngesterSettings.from(config);
    }
    if (roles.contains("ingester") || (roles.contains("collector") && IngesterSettings.collectorWritesKafka(config))) {
      KafkaSettings.from(config);
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
    vertx = Vertx.builder().with(vo).withMetrics(new MicrometerMetricsFactory(metrics.registry())).build();
    store = createStore(backend);
    List<Future<?>> deployed = new ArrayList<>();
    String host = config.get(Options.HOST);
    deployed.add(vertx.deployVerticle(new AdminVerticle(host, config.getInt(Options.ADMIN_PORT), metrics, this::health)));
    if (roles.contains("collector")) {
      // span-storage.type=kafka: the collector writes to Kafka, and its listeners open once Kafka is ready.
      Future<SpanWriter> writer = Future.succeededFuture(store);
      if (IngesterSettings.collectorWritesKafka(config)) {
        kafkaWriter = new KafkaSpanWriter(vertx, KafkaSettings.from(config), metrics);
        writer = kafkaWriter.start().map(kafkaWriter);
      }
      CollectorSettings cs = CollectorSettings.from(config);
      int n = config.getInt(Options.COLLECTOR_INSTANCES);
      int instances = n > 0 ? n : Math.max(1, Runtime.getRuntime().availableProcessors());
      deployed.add(writer.compose(w -> {
        processor = CollectorSettings.processor(config, w, metrics);
        return vertx.deployVerticle(() -> new CollectorVerticle(cs, processor, metrics),
            new DeploymentOptions().setInstances(instances));
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
    return Future.all(deployed)
        .map(v -> {
          status = "ready";
          return this;
        })
        .recover(err -> close().transform(ignored -> Future.failedFuture(err)));
  }

  private SpanStore createStore(String type) {
    if (!type.equals("memory")) {
      throw new ConfigException("storage type '" + type + "' is not available: use memory (or kafka for collectors)");
    }
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
    // Records the collector already sent get their acknowledgement (up to the delivery timeout) first.
    // The writer's future is bound to an event loop that Vert.x's close ends: hand over to a free promise.
    io.vertx.core.Promise<Void> kafkaClosed = io.vertx.core.Promise.promise();
    if (kafkaWriter == null) {
      kafkaClosed.complete();
    } else {
      kafkaWriter.close().onComplete(ar -> kafkaClosed.complete());
    }
    return kafkaClosed.future().eventually(v::close).eventually(() -> store == null ? Future.succeededFuture() : store.close())
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
