package io.weft.spanmetrics.flush;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.producer.KafkaWriteStream;
import io.weft.kafka.KafkaClients;
import io.weft.kafka.KafkaSettings;
import io.weft.kafka.KafkaTopics;
import io.weft.spanmetrics.Delta;
import io.weft.spanmetrics.DeltaCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Behind Kafka, collectors have no store: their flushes go to a topic of their own beside the span
 * topic ({@link #topic}), one record a flush (key: the writer), acknowledged by every in-sync
 * replica; the ingesters' {@link MetricsTopicConsumer} writes them to the store.
 */
public final class KafkaSeriesSink implements SeriesSink {
  private final Vertx vertx;
  private final KafkaSettings settings;
  private Future<KafkaWriteStream<byte[], byte[]>> producer;

  public KafkaSeriesSink(Vertx vertx, KafkaSettings settings) {
    this.vertx = vertx;
    this.settings = settings;
  }

  /** The span-metrics topic: the span topic's name with {@code -metrics}. */
  public static String topic(KafkaSettings s) {
    return s.topic() + "-metrics";
  }

  static Future<Void> ensureTopic(Vertx vertx, KafkaSettings s) {
    return KafkaTopics.ensure(vertx, s, List.of(KafkaTopics.topic(s, topic(s), 1)));
  }

  private synchronized Future<KafkaWriteStream<byte[], byte[]>> producer() {
    if (producer == null || producer.failed()) {
      producer = ensureTopic(vertx, settings)
          .compose(v -> KafkaClients.producer(vertx, settings.producer("weft-span-metrics")));
    }
    return producer;
  }

  @Override
  public Future<Void> write(Delta delta) {
    byte[] key = delta.writer().getBytes(StandardCharsets.UTF_8);
    return producer().compose(p -> p.send(new ProducerRecord<>(topic(settings), key, DeltaCodec.encode(delta))))
        .mapEmpty();
  }

  public synchronized Future<Void> close() {
    return producer == null || !producer.succeeded() ? Future.succeededFuture()
        : producer.result().close(settings.deliveryTimeoutMs());
  }
}
