package io.weft;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.weft.collector.CollectorSettings;
import io.weft.collector.SpanProcessor;
import io.weft.config.WeftConfig;
import io.weft.kafka.KafkaSettings;
import io.weft.kafka.KafkaSpanWriter;
import io.weft.metrics.WeftMetrics;
import io.weft.storage.SpanWriter;
import io.weft.tenant.IngestLimits;
import io.weft.tenant.PerTenant;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The collectors' pipeline on one node, shared by every collector deployment: one {@link SpanProcessor}
 * (its in-flight bound is per node) writing each tenant's spans through the intake layers to the sink,
 * Kafka or the tenant's store chain. Made on the first deployment, as a node that runs no collector
 * opens no Kafka producer.
 */
final class CollectorPipeline {
  private final Vertx vertx;
  private final WeftConfig config;
  private final WeftMetrics metrics;
  private final boolean viaKafka;
  /** Each tenant's store chain: the sink without Kafka. */
  private final Function<String, SpanWriter> storeChains;
  /** A tenant's sink under its intake layers ({@link Wiring}'s). */
  private final BiFunction<String, SpanWriter, SpanWriter> intake;
  private final IngestLimits limits;
  /** Span metrics' tap, asked for once the processor is made (it starts the counting). */
  private final Supplier<SpanProcessor.AcceptedSpans> tap;
  private SpanProcessor processor;
  private KafkaSpanWriter kafkaWriter;

  CollectorPipeline(Vertx vertx, WeftConfig config, WeftMetrics metrics, boolean viaKafka,
      Function<String, SpanWriter> storeChains, BiFunction<String, SpanWriter, SpanWriter> intake, IngestLimits limits,
      Supplier<SpanProcessor.AcceptedSpans> tap) {
    this.vertx = vertx;
    this.config = config;
    this.metrics = metrics;
    this.viaKafka = viaKafka;
    this.storeChains = storeChains;
    this.intake = intake;
    this.limits = limits;
    this.tap = tap;
  }

  /** The node's processor, once its sink is ready. */
  Future<SpanProcessor> processor() {
    return sink().map(this::processor);
  }

  /**
   * The sink behind the intake layers, per tenant: Kafka (its listeners open once Kafka is ready; each
   * record names its tenant), or the tenant's store chain.
   */
  private synchronized Future<PerTenant<SpanWriter>> sink() {
    if (!viaKafka) {
      return Future.succeededFuture(new PerTenant<>(storeChains));
    }
    if (kafkaWriter != null) {
      return Future.succeededFuture(new PerTenant<>(kafkaWriter::forTenant));
    }
    kafkaWriter = new KafkaSpanWriter(vertx, KafkaSettings.from(config), metrics);
    KafkaSpanWriter k = kafkaWriter;
    return kafkaWriter.start().map(v -> new PerTenant<>(k::forTenant));
  }

  private synchronized SpanProcessor processor(PerTenant<SpanWriter> sink) {
    if (processor == null) {
      PerTenant<SpanWriter> writers = new PerTenant<>(t -> intake.apply(t, sink.of(t)));
      processor = CollectorSettings.processor(config, writers, limits, metrics, tap.get());
    }
    return processor;
  }

  /**
   * Closes the Kafka producer, if one was opened; after the receivers stopped, so records sent get their
   * acknowledgement.
   */
  Future<Void> close() {
    KafkaSpanWriter k;
    synchronized (this) {
      k = kafkaWriter;
    }
    return k == null ? Future.succeededFuture() : k.close();
  }
}
