package io.weft;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.weft.cluster.ClusterNode;
import io.weft.collector.SpanProcessor;
import io.weft.config.WeftConfig;
import io.weft.ingester.IngesterSettings;
import io.weft.kafka.KafkaSettings;
import io.weft.metrics.WeftMetrics;
import io.weft.query.metrics.MetricsApi;
import io.weft.spanmetrics.AggregatorSettings;
import io.weft.spanmetrics.SpanAggregator;
import io.weft.spanmetrics.flush.ClusterSeries;
import io.weft.spanmetrics.flush.FlushMeters;
import io.weft.spanmetrics.flush.Flusher;
import io.weft.spanmetrics.flush.KafkaSeriesSink;
import io.weft.spanmetrics.flush.MetricsTopicConsumer;
import io.weft.spanmetrics.flush.SeriesSink;
import io.weft.spanmetrics.flush.SpanMetricsSettings;
import io.weft.storage.SeriesStore;
import io.weft.storage.SpanStore;
import io.weft.storage.cassandra.CassandraSpanStore;
import io.weft.storage.memory.MemorySeriesStore;
import io.weft.storage.opensearch.OpenSearchSpanStore;
import java.util.UUID;
import java.util.function.Function;

/**
 * Span metrics on one node, for the wiring table: where flushes go and queries read, per topology.
 * <pre>
 * topology          collectors flush to                   query reads
 * direct, memory    the node's ring                       the node's ring
 * direct+spread     every member's ring (event bus)       its own ring (each holds all)
 * Cassandra         Cassandra's span_metrics tables       Cassandra
 * OpenSearch        the metrics-<date> indices            OpenSearch
 * kafka (+spread)   the -metrics topic; ingesters write   the backend, as above
 *                   to the backend as above
 * </pre>
 * Counting is a tap on the collector's pipeline ({@link SpanProcessor.AcceptedSpans}), not an
 * intake layer: it must see the spans post-sampling drops, which never reach the layers.
 */
final class SpanMetricsParts {
  private final Vertx vertx;
  private final WeftMetrics metrics;
  private final SpanMetricsSettings settings;
  private final boolean viaKafka;
  private final WeftConfig config;
  /**
   * Registers the node's gauges and Prometheus text (without tenancy). A tenant's parts register theirs
   * labelled with {@link #tenant}; its Prometheus series are written by {@link #prometheus}, for all tenants at once.
   */
  private final boolean nodeMeters;
  /** The tenant whose span metrics these are; null: the node's (without tenancy). */
  private final String tenant;
  /** Series (and edges) the aggregator keeps: span-metrics.max-series, or the tenant's own limit. */
  private final int maxSeries;
  /** What queries read; null when span metrics are off. */
  private final SeriesStore reads;
  /** Clustered in-memory storage: every member's ring holds every flush. */
  private final ClusterSeries cluster;
  private SpanAggregator aggregator;
  private Flusher flusher;
  private KafkaSeriesSink kafkaSink;

  /** The node's span metrics; {@code nodeMeters} false under tenancy, where tenants' parts count instead. */
  SpanMetricsParts(Vertx vertx, WeftConfig config, WeftMetrics metrics, SpanStore store, ClusterNode clusterNode,
      boolean spread, boolean nodeMeters) {
    this(vertx, config, metrics, store, clusterNode, spread, IngesterSettings.collectorWritesKafka(config), nodeMeters,
        null, 0);
  }

  /**
   * A tenant's span metrics (tenancy): over the tenant's store, flushed straight to it (not through the
   * metrics topic, whose records carry no tenant), keeping at most {@code maxSeries} series (0:
   * span-metrics.max-series), with its own meters labelled {@code tenant}.
   */
  static SpanMetricsParts ofTenant(Vertx vertx, WeftConfig config, WeftMetrics metrics, SpanStore tenantStore,
      String tenant, int maxSeries) {
    return new SpanMetricsParts(vertx, config, metrics, tenantStore, null, false, false, false, tenant, maxSeries);
  }

  private SpanMetricsParts(Vertx vertx, WeftConfig config, WeftMetrics metrics, SpanStore store,
      ClusterNode clusterNode, boolean spread, boolean viaKafka, boolean nodeMeters, String tenant, int maxSeries) {
    this.vertx = vertx;
    this.metrics = metrics;
    this.settings = SpanMetricsSettings.from(config);
    this.viaKafka = viaKafka;
    this.nodeMeters = nodeMeters;
    this.tenant = tenant;
    this.maxSeries = maxSeries > 0 ? maxSeries : settings.maxSeries();
    this.config = config;
    if (!settings.enabled()) {
      reads = null;
      cluster = null;
    } else if (store instanceof CassandraSpanStore c) {
      reads = c.seriesStore();
      cluster = null;
    } else if (store instanceof OpenSearchSpanStore o) {
      reads = o.seriesStore();
      cluster = null;
    } else {
      MemorySeriesStore ring = new MemorySeriesStore(settings.memoryMaxBytes(), SpanMetricsSettings.MEMORY_RETENTION_MS,
          System::currentTimeMillis);
      if (nodeMeters || tenant != null) {
        Tags tags = tenant == null ? Tags.empty() : Tags.of("tenant", tenant);
        ringGauge("weft_span_metrics_memory_bytes", "bytes of span metrics held in memory", ring::bytes, tags);
        ringGauge("weft_span_metrics_memory_buckets", "time buckets of span metrics held in memory", ring::buckets, tags);
        ringGauge("weft_span_metrics_evicted_buckets", "buckets of span metrics dropped from memory "
            + "(span-metrics.memory.max-bytes)", ring::evictedBuckets, tags);
        ringGauge("weft_span_metrics_late_buckets", "flushed buckets too old for what memory keeps", ring::lateBuckets,
            tags);
      }
      reads = ring;
      cluster = spread && clusterNode != null
          ? new ClusterSeries(vertx, clusterNode.memberId(), ring, settings.stepMs()) : null;
    }
  }

  private void ringGauge(String name, String help, java.util.function.Supplier<Number> value, Tags tags) {
    Gauge.builder(name, value).tags(tags).description(help).register(metrics.meterRegistry());
  }

  /** Where this node's deltas are written to the backend: directly, or to every member. */
  private SeriesSink storeSink() {
    return cluster != null ? cluster.sink() : reads::write;
  }

  /** The collector pipeline's tap: the node's aggregator, started with its flusher on first use. */
  synchronized SpanProcessor.AcceptedSpans tap() {
    if (!settings.enabled()) {
      return SpanProcessor.AcceptedSpans.NONE;
    }
    if (aggregator == null) {
      AggregatorSettings a = settings.aggregator();
      aggregator = new SpanAggregator(new AggregatorSettings(a.stepMs(), maxSeries, a.maxOperationsPerService(),
          a.idleExpiryMs(), a.maxPendingEdges(), a.edgeWaitMs()), "weft-" + UUID.randomUUID(), System::currentTimeMillis);
      SeriesSink sink;
      if (viaKafka) {
        kafkaSink = new KafkaSeriesSink(vertx, KafkaSettings.from(config));
        sink = kafkaSink;
      } else {
        sink = storeSink();
      }
      flusher = new Flusher(vertx, aggregator, sink, new FlushMeters(metrics, aggregator, tenant));
      if (nodeMeters) {
        metrics.addText(aggregator::prometheus);
      }
      flusher.start();
    }
    SpanAggregator a = aggregator;
    return (t, spans) -> a.record(spans);
  }

  /** The aggregator, null until the first spans were counted (or with span metrics off). */
  synchronized SpanAggregator aggregator() {
    return aggregator;
  }

  /**
   * Under tenancy: every tenant's Prometheus series, labelled {@code tenant}, under one set of families
   * (a family's HELP and TYPE once). Tenants that counted nothing yet write nothing.
   */
  static void prometheus(StringBuilder out, java.util.Map<String, SpanMetricsParts> byTenant) {
    java.util.Map<String, SpanAggregator> started = new java.util.HashMap<>();
    byTenant.forEach((t, p) -> {
      SpanAggregator a = p.aggregator();
      if (a != null) {
        started.put(t, a);
      }
    });
    if (!started.isEmpty()) {
      SpanAggregator.prometheus(out, started);
    }
  }

  /**
   * The ingester role (there is Kafka) also moves collectors' flushes from their topic to the backend;
   * a replay does not (the figures were counted when the spans were accepted).
   */
  Function<Vertx, Future<String>> ingesterPart() {
    if (!settings.enabled() || IngesterSettings.from(config).replay()) {
      return null;
    }
    return v -> v.deployVerticle(new MetricsTopicConsumer(KafkaSettings.from(config),
        config.get(io.weft.config.Options.INGESTER_GROUP), storeSink()));
  }

  boolean enabled() {
    return settings.enabled();
  }

  /** Jaeger's metrics API and the Monitor page's summaries on the query port. */
  void mountQuery(Router router) {
    new MetricsApi(vertx, reads, settings.stepMs(), System::currentTimeMillis).mount(router);
  }

  /** Clustered in-memory: take every member's flushes, and a copy of what the others hold. */
  Future<Void> joinCluster(ClusterNode node) {
    return cluster == null ? Future.succeededFuture() : cluster.join(node::memberIds);
  }

  /** Flushes what this node counted (a member leaving, while it still reaches the others). Never fails. */
  synchronized Future<Void> flushNow() {
    return flusher == null ? Future.succeededFuture() : flusher.tick().otherwiseEmpty();
  }

  /** Stops flushing after a last flush, then closes the Kafka producer. */
  Future<Void> close() {
    Flusher f;
    KafkaSeriesSink k;
    synchronized (this) {
      f = flusher;
      k = kafkaSink;
    }
    return (f == null ? Future.<Void>succeededFuture() : f.close())
        .eventually(() -> k == null ? Future.succeededFuture() : k.close());
  }
}
