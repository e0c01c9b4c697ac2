package io.weft.ingester;

import io.vertx.core.Future;
import io.vertx.kafka.client.producer.KafkaWriteStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Sends records the ingester cannot decode to the dead-letter topic, unchanged (same key, value and
 * timestamp) with headers saying why and where from, so they can be inspected or replayed by hand
 * while the partition moves on.
 */
final class DeadLetters {
  static final String REASON = "weft.dlq.reason";
  static final String SOURCE_TOPIC = "weft.dlq.topic";
  static final String SOURCE_PARTITION = "weft.dlq.partition";
  static final String SOURCE_OFFSET = "weft.dlq.offset";

  private final KafkaWriteStream<byte[], byte[]> producer;
  private final String topic;

  DeadLetters(KafkaWriteStream<byte[], byte[]> producer, String topic) {
    this.producer = producer;
    this.topic = topic;
  }

  /** Succeeds once Kafka acknowledged every one (acks=all). */
  Future<Void> send(List<Batch.Poison> poison) {
    if (poison.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Future<?>> sends = new ArrayList<>(poison.size());
    for (Batch.Poison p : poison) {
      ConsumerRecord<byte[], byte[]> r = p.record();
      RecordHeaders headers = new RecordHeaders(r.headers().toArray());
      headers.add(REASON, utf8(p.reason()));
      headers.add(SOURCE_TOPIC, utf8(r.topic()));
      headers.add(SOURCE_PARTITION, utf8(Integer.toString(r.partition())));
      headers.add(SOURCE_OFFSET, utf8(Long.toString(r.offset())));
      sends.add(producer.send(new ProducerRecord<>(topic, null, r.timestamp(), r.key(), r.value(), headers)));
    }
    return Future.all(sends).mapEmpty();
  }

  Future<Void> close() {
    return producer.close(5000);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
